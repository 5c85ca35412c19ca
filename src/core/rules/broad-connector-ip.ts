import { Ipv4Range, ipv4RangeKind, parseIpv4Range, rangesOverlap } from "../net/ipv4";
import { Rule, RuleFinding, WorldRule, resourceId } from "./rule";

/** Exchange Online's own sending ranges (S25 ID 10) and the relay pool (S34): any tenant's mail comes from there. */
const MICROSOFT_RANGES = ["40.92.0.0/15", "40.107.0.0/16", "52.100.0.0/14", "104.47.0.0/17", "40.95.0.0/16"].map(parseIpv4Range);

function problemsOf(range: Ipv4Range): string[] {
  const problems: string[] = [];
  if (range.prefix < 24) problems.push(`${range.text} is wider than /24, which Exchange Online refuses`);
  const ms = MICROSOFT_RANGES.find((m) => rangesOverlap(m, range));
  if (ms) problems.push(`${range.text} overlaps Microsoft's own range ${ms.text}, so mail of every Exchange Online customer would match`);
  return problems;
}

function connectorRangeFindings(check: (range: Ipv4Range, type: "OnPremises" | "Partner") => string[]): WorldRule["check"] {
  return ({ world }) => {
    const out: RuleFinding[] = [];
    for (const tenant of world.tenants) {
      for (const c of tenant.inboundConnectors) {
        if (!c.enabled) continue;
        for (const ip of c.senderIPAddresses) {
          for (const p of check(parseIpv4Range(ip), c.connectorType)) out.push({ resource: resourceId.inbound(tenant.id, c.name), message: p });
        }
      }
    }
    return out;
  };
}

/** Connectors whose IPs let far more than your servers relay as you: the open-relay risk. */
export const broadConnectorIp: Rule = {
  id: "HMF014",
  reads: ["inboundConnectors"],
  title: "Overly broad or public-range connector IP addresses",
  severity: "mandatory",
  description:
    "An inbound connector trusts IP addresses that are not just your servers: ranges wider than /24, or Microsoft's own sending ranges, through which every Exchange Online customer's mail arrives. Anyone sending from those addresses can relay as your organization.",
  sources: ["S2", "S13", "S25", "S34"],
  fix: "List only the public egress IPv4 addresses of your own servers (/32), or switch the connector to certificate-based attribution.",
  check: connectorRangeFindings(problemsOf),
};

/** Narrower than the service refuses, but still more than the servers: a /24 to relay, or space EOP never sees. */
export const looseConnectorIp: Rule = {
  id: "HMF016",
  reads: ["inboundConnectors", "onPremises"],
  title: "Connector IP addresses wider than your servers",
  severity: "advisory",
  description:
    "An OnPremises connector trusts a whole /24, so every host in it can relay as your organization, or a connector lists private or reserved address space, which Exchange Online never sees as a sender (the server's public NAT address is what counts).",
  sources: ["S2", "S13", "S16"],
  fix: "List the public egress address of each sending server as a /32, or use certificate-based attribution.",
  check: connectorRangeFindings((range, type) => {
    const kind = ipv4RangeKind(range.text);
    if (kind !== "unicast") return [`${range.text} is ${kind} address space, which EOP never sees as a sender; use the server's public egress address`];
    if (range.prefix === 24 && type === "OnPremises") return [`${range.text} trusts 256 addresses to relay as your organization; list only the servers' egress addresses`];
    return [];
  }),
};
