import { findingFor, firstEopHop, groupedFlows } from "./flow-groups";
import { Rule, resourceId } from "./rule";

/** On-premises mail reaches EOP but no connector recognises the server: the renewed-certificate / new-IP case. */
export const relayDenied: Rule = {
  id: "HMF002",
  reads: ["tenants", "acceptedDomains", "inboundConnectors", "outboundConnectors", "organization", "onPremises", "dns"],
  title: "Relay refused with 550 5.7.64 TenantAttribution",
  severity: "mandatory",
  description:
    "An on-premises server relays through Exchange Online but neither its certificate nor its IP address matches an OnPremises inbound connector of any tenant, so relay to non-accepted domains is denied. This is what a renewed certificate with another name, or a new egress IP, does to a working hybrid.",
  sources: ["S6", "S10", "S7", "S14"],
  fix: "Make the tenant's OnPremises inbound connector match what the server presents: set TlsSenderCertificateName to the certificate the send connector presents (re-run HCW after a certificate renewal), or add the server's egress IP to SenderIPAddresses.",
  observeFlows: () =>
    groupedFlows(
      (f) => {
        const hop = firstEopHop(f);
        if (!f.org || !f.route.sendConnector || hop?.ndr?.code !== "550 5.7.64" || hop.ndr.tag !== null) return undefined;
        return resourceId.sendConnector(f.org.name, f.route.sendConnector.name);
      },
      (resource, g) => {
        const sc = g.first.route.sendConnector!;
        const presented = sc.certificate ? `certificate ${sc.certificate.subject}` : "no certificate";
        return findingFor(
          resource,
          g,
          `${g.count} flow(s) through "${sc.name}" (${presented}, from ${[...g.egressIps].join(", ")}) are not attributed to any tenant by certificate or IP: relay is denied with 550 5.7.64 TenantAttribution.`,
        );
      },
    ),
};
