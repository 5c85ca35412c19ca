/**
 * Tailspin Toys points its MX at Exchange Online. Some recipients exist only on-premises (not
 * synchronised), so the domain is InternalRelay: Exchange Online delivers to the mailboxes it knows
 * and relays everything else to on-premises through the outbound connector, which exists before the
 * domain becomes InternalRelay. DKIM is published as Microsoft gives the selectors.
 */
import * as pulumi from "@pulumi/pulumi";
import { HybridMailFlow } from "hybrid-mailflow";

const config = new pulumi.Config();

const hybrid = new HybridMailFlow("tailspin", {
  tenantId: config.get("tenantId") ?? "tailspintoys.onmicrosoft.com",
  forest: config.get("forest") ?? "EUR",
  initialDomain: "tailspintoys.onmicrosoft.com",
  onPremises: {
    name: "Tailspin on-premises",
    servers: [{ name: "MBX01", egressIps: ["203.0.113.25"] }],
    sendConnectors: [
      {
        name: "Outbound to Office 365",
        addressSpaces: ["tailspintoys.mail.onmicrosoft.com"],
        sourceServers: ["MBX01"],
        certificate: { subject: "hybrid.tailspintoys.com" },
        cloudServicesMailEnabled: true,
      },
      {
        name: "Internet",
        addressSpaces: ["*"],
        sourceServers: ["MBX01"],
        certificate: { subject: "smtp.tailspintoys.com" },
      },
    ],
    senderDomains: ["tailspintoys.com"],
    mailboxDomains: ["tailspintoys.com"],
  },
  domains: [
    {
      domain: "tailspintoys.com",
      domainType: "InternalRelay",
      dkim: {
        selector1: "selector1-tailspintoys-com._domainkey.tailspintoys.n-v1.dkim.mail.microsoft",
        selector2: "selector2-tailspintoys-com._domainkey.tailspintoys.n-v1.dkim.mail.microsoft",
      },
      dmarc: "v=DMARC1; p=reject; rua=mailto:dmarc@tailspintoys.com",
      autodiscoverCname: "autodiscover.outlook.com",
    },
    { domain: "hybrid.tailspintoys.com", dns: { zoneName: "tailspintoys.com" } },
  ],
  dns: { resourceGroupName: config.get("dnsResourceGroup") ?? "rg-dns" },
  outboundConnector: { smartHosts: ["hybrid.tailspintoys.com"], tlsDomain: "hybrid.tailspintoys.com" },
});

export const outboundConnector = hybrid.outboundConnectorName;
export const records = hybrid.records;
