/**
 * A small stand-in for the policy pack's reconstruction, for tests only: the world a stack of
 * HybridMailFlow and MailDomain registrations describes, so examples can be run through `check`.
 */
import { classicEopMxHost } from "../../src/core/domains";
import { RECORD_PROPERTY, TOKENS, type HybridMailFlowRecord, type MailDomainRecord } from "../../src/core/stack/contract";
import type { WorldInput } from "../../src/core/model/schema";
import type { Registered } from "./mock-cloud";

const MICROSOFT_SPF = {
  "spf.protection.outlook.com": {
    txt: ["v=spf1 ip4:40.92.0.0/15 ip4:40.107.0.0/16 ip4:52.100.0.0/14 ip4:104.47.0.0/17 ip6:2a01:111:f400::/48 ip6:2a01:111:f403::/48 include:spfd.protection.outlook.com -all"],
  },
  "spfd.protection.outlook.com": { txt: ["v=spf1 ip4:51.4.72.0/24 ip4:51.5.72.0/24 ip4:51.5.80.0/27 ip4:51.4.80.0/27 -all"] },
};

function pick<T extends Record<string, unknown>>(inputs: T, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => inputs[k] !== undefined).map((k) => [k, inputs[k]]));
}

export function worldFromRegistrations(registrations: readonly Registered[]): WorldInput {
  const hybrid = registrations.find((r) => r.type === TOKENS.hybridMailFlow)!.inputs[RECORD_PROPERTY] as HybridMailFlowRecord;
  const domains = registrations.filter((r) => r.type === TOKENS.mailDomain).map((r) => r.inputs[RECORD_PROPERTY] as MailDomainRecord);
  const accepted = registrations
    .filter((r) => r.type === TOKENS.acceptedDomain)
    .map((r) => ({ domain: r.inputs.domainName, type: r.inputs.domainType, matchSubDomains: r.inputs.matchSubDomains }));
  const inbound = registrations
    .filter((r) => r.type === TOKENS.inboundConnector)
    .map((r) => pick(r.inputs, ["name", "connectorType", "tlsSenderCertificateName", "senderIPAddresses", "requireTls", "senderDomains", "cloudServicesMailEnabled"]));
  const outbound = registrations
    .filter((r) => r.type === TOKENS.outboundConnector)
    .map((r) => pick(r.inputs, ["name", "connectorType", "recipientDomains", "smartHosts", "useMxRecord", "routeAllMessagesViaOnPremises", "cloudServicesMailEnabled"]));
  const prefix = hybrid.initialDomain.split(".")[0];
  const dns: NonNullable<WorldInput["dns"]> = { ...MICROSOFT_SPF, "internet.example": { txt: ["v=spf1 ip4:192.0.2.0/24 -all"] } };
  for (const d of domains) {
    dns[d.domain] = {
      ...(d.spf ? { txt: [d.spf] } : {}),
      mx: d.mx.target === "onPremises" ? d.mx.hosts : [classicEopMxHost(d.domain)],
    };
  }
  return {
    tenants: [
      {
        id: hybrid.tenantId,
        forest: hybrid.forest,
        acceptedDomains: [...accepted, { domain: hybrid.initialDomain, default: true }, { domain: `${prefix}.mail.onmicrosoft.com` }],
        inboundConnectors: inbound as never,
        outboundConnectors: outbound as never,
      },
      { id: "PARTNER", forest: hybrid.forest, acceptedDomains: [{ domain: "partner.example" }, { domain: "partner.onmicrosoft.com" }] },
      { id: "FARPARTNER", forest: `${hybrid.forest}-OTHER`, acceptedDomains: [{ domain: "far-partner.example" }, { domain: "farpartner.onmicrosoft.com" }] },
    ],
    internetDomains: ["internet.example"],
    dns,
    onPremises: hybrid.onPremises,
  };
}
