/**
 * An emulated tenant as the Hybrid Configuration Wizard leaves it (attribution-model.md §5): the
 * custom domain verified (so it is an accepted domain), the routing domain, an OnPremises inbound
 * connector "Inbound from <GUID>" with the wildcard certificate name HCW writes when the host name
 * is not an accepted domain, and an OnPremises outbound connector "Outbound to <GUID>".
 */
import type https from "node:https";
import { ClientSecretCredential } from "@azure/identity";
import { ExchangeAdminClient } from "../../src/exchange";
import { GraphDomainsClient, verificationTxtOf } from "../../src/graph";
import { createHttpsAgent } from "../../src/identity/tls";
import type { EmulatedCloud } from "../../src/testing/emulated-cloud";

export const HCW_GUID = "7f3c2b1a-5d4e-4f60-9a8b-0c1d2e3f4a5b";
export const INBOUND_NAME = `Inbound from ${HCW_GUID}`;
export const OUTBOUND_NAME = `Outbound to ${HCW_GUID}`;

export async function seedHybridConfigurationWizard(cloud: EmulatedCloud): Promise<void> {
  const agent: https.Agent = createHttpsAgent(cloud.certificates.caCert);
  try {
    const credential = new ClientSecretCredential(cloud.tenantId, cloud.clientId, cloud.clientSecret, { authorityHost: cloud.tokens.authorityHost, disableInstanceDiscovery: true, agent });
    const graph = new GraphDomainsClient({ credential, baseUrl: cloud.graph.url, agent });
    const exchange = new ExchangeAdminClient({ tenantId: cloud.tenantId, credential, baseUrl: cloud.exchange.url, agent });
    for (const domain of ["firma.cz", "firma.mail.onmicrosoft.com"]) {
      await graph.create(domain);
      cloud.graph.publishTxt(domain, verificationTxtOf(await graph.verificationRecords(domain))!.text!);
      await graph.verify(domain);
    }
    await exchange.invoke("New-InboundConnector", {
      Name: INBOUND_NAME,
      ConnectorType: "OnPremises",
      ConnectorSource: "HybridWizard",
      CloudServicesMailEnabled: true,
      RequireTls: true,
      SenderDomains: ["smtp:*;1"],
      RestrictDomainsToIPAddresses: false,
      TlsSenderCertificateName: "*.firma.cz",
    });
    await exchange.invoke("New-OutboundConnector", {
      Name: OUTBOUND_NAME,
      ConnectorType: "OnPremises",
      ConnectorSource: "HybridWizard",
      RecipientDomains: ["firma.cz"],
      SmartHosts: ["mail.firma.cz"],
      UseMXRecord: false,
      TlsSettings: "DomainValidation",
      TlsDomain: "mail.firma.cz",
      CloudServicesMailEnabled: true,
      RouteAllMessagesViaOnPremises: false,
      IsTransportRuleScoped: false,
    });
  } finally {
    agent.destroy();
  }
}

/** Loopback DNS: our MX, three partners (same forest, another forest, internet) and the SPF the incident had. */
export const INCIDENT_ZONE = {
  "firma.cz": { mx: [{ preference: 0, exchange: "firma-cz.mail.protection.outlook.com" }], txt: ["v=spf1 ip4:198.51.100.25 -all"] },
  "firma-legacy.cz": { txt: ["v=spf1 ip4:198.51.100.25 -all"] },
  "firma-cz.mail.protection.outlook.com": { a: ["52.101.68.10", "52.101.68.11"] },
  "partner1.cz": { mx: [{ preference: 0, exchange: "partner1-cz.mail.protection.outlook.com" }] },
  "partner1-cz.mail.protection.outlook.com": { a: ["52.101.68.11", "52.101.68.12"] },
  "partner2.de": { mx: [{ preference: 0, exchange: "partner2-de.e-v1.mx.microsoft" }] },
  "partner2-de.e-v1.mx.microsoft": { a: ["52.101.40.5", "52.101.40.6"] },
  "gmail.example": { mx: [{ preference: 5, exchange: "mx1.gmail.example" }], txt: ["v=spf1 ip4:192.0.2.0/24 -all"] },
  "mx1.gmail.example": { a: ["192.0.2.25"] },
} as const;
