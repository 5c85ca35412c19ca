import { parseIpv4Range, rangesOverlap } from "../net/ipv4";
import { Rule, resourceId } from "./rule";

/** MC1226222's second anti-pattern: OnPremises connectors of several tenants trusting the same IPs. */
export const ipSharedAcrossTenants: Rule = {
  id: "HMF006",
  reads: ["tenants", "inboundConnectors"],
  title: "Connector IP addresses shared with another tenant",
  severity: "mandatory",
  description:
    "OnPremises inbound connectors of two tenants in the same EOP forest list overlapping sender IP addresses. Attribution then depends only on the MAIL FROM domain, mail without an accepted sender (NDRs, forwards) is refused, and Microsoft warns that such configurations may stop working without notice.",
  sources: ["S16", "S2"],
  fix: "Give each tenant its own egress IP (or better, its own certificate-based connector with a tenant-specific certificate) and remove the shared addresses from the other tenant's connector.",
  check({ world }) {
    const entries = world.tenants.flatMap((tenant) =>
      tenant.inboundConnectors
        .filter((c) => c.connectorType === "OnPremises" && c.enabled)
        .flatMap((c) => c.senderIPAddresses.map((ip) => ({ tenant, c, range: parseIpv4Range(ip) }))),
    );
    const out = [];
    const seen = new Set<string>();
    for (let i = 0; i < entries.length; i++) {
      for (let j = i + 1; j < entries.length; j++) {
        const a = entries[i]!;
        const b = entries[j]!;
        if (a.tenant === b.tenant || a.tenant.forest !== b.tenant.forest || !rangesOverlap(a.range, b.range)) continue;
        for (const [x, y] of [[a, b], [b, a]] as const) {
          const key = `${x.tenant.id}/${x.c.name}|${y.tenant.id}/${y.c.name}`;
          if (seen.has(key)) continue;
          seen.add(key);
          out.push({ resource: resourceId.inbound(x.tenant.id, x.c.name), message: `${x.range.text} overlaps ${y.range.text} of "${y.c.name}" in tenant ${y.tenant.id} (forest ${x.tenant.forest}).` });
        }
      }
    }
    return out;
  },
};
