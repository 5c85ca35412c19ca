/** `hybrid-mailflow explain WORLD --from A --to B ...`: one message given by flags, its trace as prose. */
import { domainOf } from "../../core/domains";
import { parseMessage, parseWorld } from "../../core/model/load";
import { InputError } from "../../core/model/errors";
import { World } from "../../core/model/types";
import { HopResult } from "../../core/result";
import { Engine } from "../../core/simulate";
import { documentName, readDocument } from "../read-document";

/** The message's fields as the flags that set them, so an error names what the user typed. */
const FLAG_OF_FIELD: ReadonlyArray<readonly [RegExp, string]> = [
  [/^connectingIp\b/, "--ip"],
  [/^mailFrom\b/, "--from"],
  [/^rcptTo(\[\d+\])?/, "--to"],
  [/^tls\.subject\b/, "--cert"],
  [/^tls\.san(\[\d+\])?/, "--san"],
  [/^tls\b/, "--cert"],
  [/^forest\b/, "--forest"],
  [/^mailboxTenant\b/, "--mailbox"],
  [/^starttls\b/, "--no-starttls"],
];

export function flagForField(path: string): string {
  for (const [re, flag] of FLAG_OF_FIELD) {
    const m = re.exec(path);
    if (m) return m[1] ? `${flag} (value ${Number(m[1].slice(1, -1)) + 1})` : flag;
  }
  return path;
}

/** Field names in messages become flag names too: "give connectingIp (…)" reads "give --ip (…)". */
function inFlagWords(message: string): string {
  return message.replace(/\bconnectingIp\b/g, "--ip").replace(/\bmailboxTenant\b/g, "--mailbox").replace(/\bmailFrom\b/g, "--from").replace(/\brcptTo\b/g, "--to");
}

export interface ExplainFlags {
  from: string;
  to: string[];
  ip?: string;
  cert?: string;
  san?: string[];
  forest?: string;
  mailbox?: string;
  starttls: boolean;
}

/**
 * Where the connection lands when --forest is not given: the forest of the tenant that receives the
 * recipient's mail (its MX), else of the sender's hybrid tenant, else the world's only forest.
 */
function defaultForest(world: World, flags: ExplainFlags): string {
  const forests = [...new Set(world.tenants.map((t) => t.forest))];
  if (forests.length === 1) return forests[0]!;
  const rcptDomain = domainOf(flags.to[0] ?? "");
  const owner = world.tenants.find((t) => t.acceptedDomains.some((d) => d.domain === rcptDomain));
  if (owner) return owner.forest;
  const hybrid = world.onPremises[0] && world.tenants.find((t) => t.id === world.onPremises[0]!.tenant);
  if (hybrid) return hybrid.forest;
  throw new InputError("explain", [{ path: "--forest", message: `the world has several EOP forests (${forests.join(", ")}); say which one the connection lands in` }]);
}

/**
 * A connection lands in a forest some tenant lives in; a name no tenant of the world carries is
 * almost always a typo or a region code (EUR for EU1), and would silently match no connector.
 */
function checkForestFlag(world: World, forest: string): void {
  const forests = [...new Set(world.tenants.map((t) => t.forest))];
  const wanted = forest.trim().toUpperCase();
  if (forests.includes(wanted)) return;
  throw new InputError("the message flags", [
    {
      path: "--forest",
      message: `no tenant of the world is in EOP forest "${forest}"; use one of: ${forests.join(", ")} (names compare case-insensitively; a tenant's forest is found from the addresses <tenant>.mail.protection.outlook.com resolves to, see docs/forests.md)`,
    },
  ]);
}

export function explainMessage(worldPath: string, flags: ExplainFlags): HopResult {
  // Without STARTTLS there is no TLS handshake, so no certificate can be presented: asking for both
  // would print an answer about a message that cannot exist.
  if (!flags.starttls && (flags.cert !== undefined || (flags.san?.length ?? 0) > 0)) {
    throw new InputError("the message flags", [
      {
        path: flags.cert !== undefined ? "--cert" : "--san",
        message: "contradicts --no-starttls: a client certificate is exchanged only in the TLS handshake STARTTLS starts (RFC 3207), so a cleartext session presents none; drop --cert/--san to explain a cleartext message, or drop --no-starttls",
      },
    ]);
  }
  const world = parseWorld(readDocument(worldPath), { source: documentName(worldPath) });
  if (flags.mailbox !== undefined && !world.tenants.some((t) => t.id === flags.mailbox)) {
    throw new InputError("the command line", [{ path: "--mailbox", message: `no tenant "${flags.mailbox}" in ${documentName(worldPath)}; use one of: ${world.tenants.map((t) => t.id).join(", ")}` }]);
  }
  if (flags.forest !== undefined) checkForestFlag(world, flags.forest);
  const message = parseFlags(
    {
      forest: flags.forest ?? (flags.mailbox ? world.tenants.find((t) => t.id === flags.mailbox)?.forest ?? "" : defaultForest(world, flags)),
      tls: flags.cert ? { subject: flags.cert, san: flags.san ?? [] } : null,
      starttls: flags.starttls,
      connectingIp: flags.ip,
      mailFrom: flags.from === "<>" ? "" : flags.from,
      rcptTo: flags.to,
      mailboxTenant: flags.mailbox,
    },
    world,
  );
  return new Engine(world).simulate(message);
}

function parseFlags(input: Record<string, unknown>, world: World): ReturnType<typeof parseMessage> {
  try {
    return parseMessage(input, world, { source: "the message flags" });
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new InputError(
      "the message flags",
      error.issues.map((i) => ({ path: flagForField(i.path), message: inFlagWords(i.message) })),
    );
  }
}
