/** `hybrid-mailflow explain WORLD --from A --to B ...`: one message given by flags, its trace as prose. */
import { domainOf } from "../../core/domains";
import { parseMessage, parseWorld } from "../../core/model/load";
import { InputError } from "../../core/model/errors";
import { World } from "../../core/model/schema";
import { HopResult } from "../../core/result";
import { Engine } from "../../core/simulate";
import { readDocument } from "../read-document";

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

/** Message fields as the flags that set them, so an error names what the user typed. */
const FLAG_OF: Readonly<Record<string, string>> = {
  forest: "--forest",
  "tls.subject": "--cert",
  tls: "--cert",
  "tls.san": "--san",
  starttls: "--no-starttls",
  connectingIp: "--ip",
  mailFrom: "--from",
  rcptTo: "--to",
  mailboxTenant: "--mailbox",
};

function asFlags(error: InputError): InputError {
  return new InputError(
    "the command line",
    error.issues.map((issue) => {
      const field = issue.path.replace(/\[\d+\]/g, "");
      const flag = FLAG_OF[field] ?? FLAG_OF[field.split(".")[0]!];
      return flag ? { path: flag, message: issue.message.replace(/^give connectingIp.*$/, "give --ip (the sending server's public IPv4) or --mailbox TENANT (a cloud mailbox sender)") } : issue;
    }),
  );
}

export function explainMessage(worldPath: string, flags: ExplainFlags): HopResult {
  const world = parseWorld(readDocument(worldPath), { source: worldPath });
  if (flags.mailbox !== undefined && !world.tenants.some((t) => t.id === flags.mailbox)) {
    throw new InputError("the command line", [{ path: "--mailbox", message: `no tenant "${flags.mailbox}" in ${worldPath}; use one of: ${world.tenants.map((t) => t.id).join(", ")}` }]);
  }
  try {
    return simulateFlags(world, flags);
  } catch (error) {
    throw error instanceof InputError && error.source === "the message flags" ? asFlags(error) : error;
  }
}

function simulateFlags(world: World, flags: ExplainFlags): HopResult {
  const message = parseMessage(
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
    { source: "the message flags" },
  );
  return new Engine(world).simulate(message);
}
