/**
 * Litware has several domains: litwareinc.com (MX in Exchange Online), litware.eu (an alias domain
 * with mailboxes in both places) and litware-archive.com, whose mailboxes all live on-premises and
 * whose MX stays there. The hybrid send connector presents a certificate of its own
 * (hybrid.litwareinc.com); internet mail leaves on-premises with a different one, so Exchange Online
 * never takes over on-premises mail to other Microsoft 365 tenants (tenant capture, FAQ 6(b)).
 */
import * as pulumi from "@pulumi/pulumi";
import { HybridMailFlow } from "hybrid-mailflow";

const config = new pulumi.Config();

const hybrid = new HybridMailFlow("litware", {
  tenantId: config.get("tenantId") ?? "litwareinc.onmicrosoft.com",
  forest: config.get("forest") ?? "EUR",
  initialDomain: "litwareinc.onmicrosoft.com",
  onPremises: {
    name: "Litware on-premises",
    servers: [
      { name: "EX-PRG-01", egressIps: ["203.0.113.40"] },
      { name: "EX-PRG-02", egressIps: ["203.0.113.41"] },
    ],
    sendConnectors: [
      {
        name: "Outbound to Office 365",
        addressSpaces: ["litwareinc.mail.onmicrosoft.com"],
        sourceServers: ["EX-PRG-01", "EX-PRG-02"],
        certificate: { subject: "hybrid.litwareinc.com" },
        cloudServicesMailEnabled: true,
      },
      {
        name: "Internet",
        addressSpaces: ["*"],
        sourceServers: ["EX-PRG-01", "EX-PRG-02"],
        certificate: { subject: "mail.litwareinc.com", san: ["mail.litwareinc.com", "mail.litware.eu", "mail.litware-archive.com"] },
      },
    ],
    senderDomains: ["litwareinc.com", "litware.eu", "litware-archive.com"],
    mailboxDomains: ["litwareinc.com", "litware.eu", "litware-archive.com"],
  },
  domains: [
    { domain: "litwareinc.com", dmarc: "v=DMARC1; p=quarantine; rua=mailto:dmarc@litwareinc.com" },
    { domain: "litware.eu", domainType: "InternalRelay" },
    { domain: "litware-archive.com", domainType: "InternalRelay", mx: "onPremises", onPremisesMxHosts: ["mail.litware-archive.com"] },
    // Dedicated to the hybrid certificate: trusted by name, used by nothing else.
    { domain: "hybrid.litwareinc.com", dns: { zoneName: "litwareinc.com" } },
  ],
  dns: { resourceGroupName: config.get("dnsResourceGroup") ?? "rg-dns" },
  inboundConnector: { tlsSenderCertificateName: "hybrid.litwareinc.com" },
  outboundConnector: { smartHosts: ["hybrid.litwareinc.com"] },
});

export const trustedCertificate = hybrid.tlsSenderCertificateName;
export const records = hybrid.records;
