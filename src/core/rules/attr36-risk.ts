import { findingFor, firstEopHop, groupedFlows, hybridInboundResource } from "./flow-groups";
import { Rule } from "./rule";

/** Mail that matches an OnPremises connector but carries no accepted domain is refused with ATTR36. */
export const attr36Risk: Rule = {
  id: "HMF001",
  reads: ["tenants", "acceptedDomains", "inboundConnectors", "outboundConnectors", "organization", "onPremises", "dns"],
  title: "Relay refused with 550 5.7.64 ATTR36",
  severity: "mandatory",
  description:
    "An on-premises flow matches the tenant's OnPremises connector by certificate or IP, but neither the certificate domain nor the MAIL FROM domain is an accepted domain, so Exchange Online refuses to relay it (typical victims: NDRs with the null sender, forwarded mail, on-premises-only domains).",
  sources: ["S4", "S5", "S14", "S15"],
  fix: "Use a certificate-based OnPremises connector whose certificate name is an accepted domain (add the exact certificate host name, e.g. mail.contoso.com, as an accepted domain), or make every MAIL FROM domain an accepted domain.",
  observeFlows: () =>
    groupedFlows(
      (f) => (firstEopHop(f)?.ndr?.tag === "ATTR36" ? hybridInboundResource(f.tenant) : undefined),
      (resource, g) => findingFor(resource, g, `${g.count} flow(s) from on-premises would be refused with 550 5.7.64 ATTR36: the connector matches but no accepted domain vouches for the sender.`),
    ),
};
