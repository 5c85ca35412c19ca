/**
 * Fabrikam keeps its MX on-premises: internet mail arrives at the on-premises Exchange servers,
 * which forward cloud mailboxes' mail to Exchange Online. Exchange Online recognises those servers
 * by the certificate of the hybrid send connector (hybrid.fabrikam.com), a name that is itself an
 * accepted domain, and sends mail for on-premises recipients back through an outbound connector.
 */
import * as pulumi from "@pulumi/pulumi";
import { HybridMailFlow } from "hybrid-mailflow";

const config = new pulumi.Config();

const hybrid = new HybridMailFlow("fabrikam", {
  tenantId: config.get("tenantId") ?? "fabrikam.onmicrosoft.com",
  forest: config.get("forest") ?? "NAM",
  initialDomain: "fabrikam.onmicrosoft.com",
  onPremises: {
    name: "Fabrikam on-premises",
    servers: [
      { name: "EX01", egressIps: ["198.51.100.20"] },
      { name: "EX02", egressIps: ["198.51.100.21"] },
    ],
    sendConnectors: [
      {
        name: "Outbound to Office 365",
        addressSpaces: ["fabrikam.mail.onmicrosoft.com"],
        sourceServers: ["EX01", "EX02"],
        certificate: { subject: "hybrid.fabrikam.com" },
        cloudServicesMailEnabled: true,
      },
      {
        name: "Internet",
        addressSpaces: ["*"],
        sourceServers: ["EX01", "EX02"],
        certificate: { subject: "mail.fabrikam.com", san: ["mail.fabrikam.com", "autodiscover.fabrikam.com"] },
      },
    ],
    senderDomains: ["fabrikam.com"],
    mailboxDomains: ["fabrikam.com"],
  },
  domains: [
    {
      domain: "fabrikam.com",
      mx: "onPremises",
      onPremisesMxHosts: ["mail.fabrikam.com"],
      dmarc: "v=DMARC1; p=quarantine; rua=mailto:dmarc-reports@fabrikam.com",
      autodiscoverCname: "mail.fabrikam.com",
    },
    // The hybrid certificate's name, dedicated to this organization and accepted in the tenant (MC1226222).
    { domain: "hybrid.fabrikam.com", dns: { zoneName: "fabrikam.com" } },
  ],
  dns: { resourceGroupName: config.get("dnsResourceGroup") ?? "rg-dns" },
  outboundConnector: { smartHosts: ["hybrid.fabrikam.com"] },
});

export const inboundConnector = hybrid.inboundConnectorName;
export const trustedCertificate = hybrid.tlsSenderCertificateName;
export const records = hybrid.records;
