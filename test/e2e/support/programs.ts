/**
 * The Pulumi programs the end-to-end suite deploys, written as a user writes them: TypeScript that
 * imports the installed package by name. The tenant is the emulated one (its id comes from config).
 */

/** A hybrid as the README describes it: MX on-premises, certificate connector, outbound connector. */
export const GOOD_HYBRID = `
import * as pulumi from "@pulumi/pulumi";
import { HybridMailFlow } from "hybrid-mailflow";

const config = new pulumi.Config();

const hybrid = new HybridMailFlow("contoso", {
  tenantId: config.require("tenantId"),
  forest: "EUR",
  initialDomain: "contoso.onmicrosoft.com",
  onPremises: {
    name: "Contoso on-premises",
    servers: [{ name: "EX01", egressIps: ["198.51.100.20"] }],
    sendConnectors: [
      {
        name: "Outbound to Office 365",
        addressSpaces: ["contoso.mail.onmicrosoft.com"],
        sourceServers: ["EX01"],
        certificate: { subject: "hybrid.contoso.com" },
        cloudServicesMailEnabled: true,
      },
      { name: "Internet", addressSpaces: ["*"], sourceServers: ["EX01"], certificate: { subject: "mail.contoso.com" } },
    ],
    senderDomains: ["contoso.com"],
    mailboxDomains: ["contoso.com"],
  },
  domains: [
    { domain: "contoso.com", mx: "onPremises", onPremisesMxHosts: ["mail.contoso.com"] },
    { domain: "hybrid.contoso.com" },
  ],
  outboundConnector: { smartHosts: ["hybrid.contoso.com"] },
});

export const inboundConnector = hybrid.inboundConnectorName;
export const records = hybrid.records;
`;

/**
 * Connectors and accepted domains declared one by one, as teams that manage only the Exchange Online
 * side do; the on-premises facts and partners then come from the pack's config.
 */
export function exchangeObjectsProgram(objects: {
  readonly inbound: Record<string, unknown>;
  readonly acceptedDomains: readonly string[];
}): string {
  return `
import * as pulumi from "@pulumi/pulumi";
import { AcceptedDomain, InboundConnector } from "hybrid-mailflow";

const tenantId = new pulumi.Config().require("tenantId");

new InboundConnector("from-on-premises", { ...${JSON.stringify(objects.inbound)}, tenantId });
${objects.acceptedDomains
  .map((d, i) => `new AcceptedDomain("accepted-${i}", { domainName: ${JSON.stringify(d)}, domainType: "Authoritative", tenantId });`)
  .join("\n")}
`;
}

/**
 * The good hybrid plus an accepted domain that existed before Pulumi: the program makes it
 * InternalRelay, and destroying the stack must give it back the settings it had.
 */
export const HYBRID_WITH_EXISTING_DOMAIN = `${GOOD_HYBRID}
import { AcceptedDomain } from "hybrid-mailflow";

new AcceptedDomain("existing-fabrikam", { domainName: "fabrikam.example", domainType: "InternalRelay", tenantId: config.require("tenantId") });
`;
