import { Rule, resourceId } from "./rule";

/** Since 2024 the cmdlet docs say these parameters apply to Partner connectors only; admins still rely on them. */
export const partnerParametersOnOnPremises: Rule = {
  id: "HMF013",
  reads: ["inboundConnectors"],
  title: "Partner-only parameters on an OnPremises connector have no effect",
  severity: "advisory",
  description:
    "SenderDomains, RestrictDomainsToCertificate, RestrictDomainsToIPAddresses and AssociatedAcceptedDomains are set on an OnPremises inbound connector. They do not limit what the connector attributes: it still captures every message whose certificate or IP matches.",
  sources: ["S13", "S2"],
  fix: "Remove the settings so the connector says what it does; to limit what is attributed, narrow TlsSenderCertificateName to the exact certificate name, or use a separate Partner connector for restrictions.",
  check({ world }) {
    const out = [];
    for (const tenant of world.tenants) {
      for (const c of tenant.inboundConnectors) {
        if (c.connectorType !== "OnPremises") continue;
        const set: string[] = [];
        if (c.senderDomains.some((d) => d !== "*")) set.push(`SenderDomains ${c.senderDomains.join(", ")}`);
        if (c.restrictDomainsToCertificate) set.push("RestrictDomainsToCertificate");
        if (c.restrictDomainsToIPAddresses) set.push("RestrictDomainsToIPAddresses");
        if (c.associatedAcceptedDomains.length > 0) set.push(`AssociatedAcceptedDomains ${c.associatedAcceptedDomains.join(", ")}`);
        if (set.length > 0) out.push({ resource: resourceId.inbound(tenant.id, c.name), message: `"${c.name}" sets ${set.join("; ")}, which do not restrict an OnPremises connector.` });
      }
    }
    return out;
  },
};
