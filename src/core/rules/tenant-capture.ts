import { findingFor, groupedFlows, hybridInboundResource } from "./flow-groups";
import { Rule } from "./rule";

/** Even with SPF passing, captured mail runs through your tenant's rules and message trace. */
export const tenantCapture: Rule = {
  id: "HMF004",
  reads: ["tenants", "acceptedDomains", "inboundConnectors", "outboundConnectors", "organization", "onPremises", "dns"],
  title: "On-premises mail to other tenants is captured by your tenant",
  severity: "advisory",
  description:
    "Your OnPremises connector matches mail that on-premises sends to other Exchange Online tenants in the same EOP forest, even when it goes to their MX: the mail is processed by your tenant (its transport rules, its message trace) and relayed from Exchange Online.",
  sources: ["S2", "S3", "S14", "S16"],
  fix: "Microsoft's FAQ 6(b): give the connector the exact certificate host name of the Exchange servers that should relay (and add that name as an accepted domain) instead of a *.domain wildcard, and let servers or send connectors that send directly to the internet present a different certificate.",
  observeFlows: () =>
    groupedFlows(
      (f) => (f.route.capturedBy && f.route.outcome === "delivered" ? hybridInboundResource(f.tenant) : undefined),
      (resource, g) => findingFor(resource, g, `${g.count} on-premises flow(s) to other tenants are attributed to ${g.first.route.capturedBy} and relayed through it.`),
    ),
};
