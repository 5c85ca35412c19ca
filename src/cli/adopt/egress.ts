/**
 * Egress addresses: the public IPv4 each server's SMTP traffic leaves from. Exchange does not know
 * them (NAT and firewalls decide), so they come from `--egress` or, on a terminal, a prompt.
 */
import { createInterface } from "node:readline/promises";
import { isValidIpv4 } from "../../core/net/ipv4";
import { AdoptError } from "./errors";

export const WHERE_TO_FIND_EGRESS =
  "Find it in the Received header a receiving server added to a message this server sent to an outside mailbox (\"Received: from mail.contoso.com ([203.0.113.10])\"), in the firewall's outbound NAT rule for TCP 25, or in the ip4: terms of your SPF record.";

/** `EX01=203.0.113.10` or `EX01=203.0.113.10,203.0.113.11`, repeatable. */
export function parseEgressFlags(values: readonly string[] | undefined): Map<string, string[]> {
  const egress = new Map<string, string[]>();
  for (const value of values ?? []) {
    const m = /^([^=\s]+)=(.+)$/.exec(value.trim());
    if (!m) throw new AdoptError(`--egress "${value}": use SERVER=IPv4[,IPv4...], e.g. --egress EX01=203.0.113.10`);
    const ips = m[2]!.split(",").map((ip) => ip.trim()).filter((ip) => ip !== "");
    const bad = ips.find((ip) => !isValidIpv4(ip));
    if (bad !== undefined || ips.length === 0) throw new AdoptError(`--egress "${value}": "${bad ?? ""}" is not an IPv4 address such as 203.0.113.10`);
    egress.set(m[1]!.toLowerCase(), [...(egress.get(m[1]!.toLowerCase()) ?? []), ...ips]);
  }
  return egress;
}

export interface Terminal {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
}

/** Fills in missing servers by asking on a terminal; without one fails naming every missing server. */
export async function completeEgress(servers: readonly string[], egress: Map<string, string[]>, terminal: Terminal | undefined): Promise<Map<string, string[]>> {
  const missing = servers.filter((s) => !egress.has(s.toLowerCase()));
  if (missing.length === 0) return egress;
  if (terminal === undefined) {
    throw new AdoptError(
      `the public IPv4 address(es) that ${missing.join(", ")} send(s) mail from are not known: Exchange does not store them. ` +
        `Give them with ${missing.map((s) => `--egress ${s}=<IPv4>`).join(" ")}. ${WHERE_TO_FIND_EGRESS}`,
    );
  }
  const rl = createInterface({ input: terminal.input, output: terminal.output });
  try {
    terminal.output.write(`Exchange does not store the public addresses servers send from. ${WHERE_TO_FIND_EGRESS}\n`);
    for (const server of missing) {
      for (;;) {
        const answer = (await rl.question(`Public IPv4 address(es) ${server} sends mail from (comma-separated): `)).trim();
        const ips = answer.split(",").map((ip) => ip.trim()).filter((ip) => ip !== "");
        if (ips.length > 0 && ips.every(isValidIpv4)) {
          egress.set(server.toLowerCase(), ips);
          break;
        }
        terminal.output.write("  that is not a list of IPv4 addresses such as 203.0.113.10\n");
      }
    }
  } finally {
    rl.close();
  }
  return egress;
}
