/**
 * A small world whose flow matrix is large: many on-premises servers × 2 addresses × sender domains ×
 * internet domains, all sending to Exchange Online through one connector. Shared by the tests of
 * streamed `check` and of its bounded memory.
 */
import type { WorldInput } from "../../src/core/model/schema";

export interface ManyServersShape {
  readonly servers: number;
  /** Sender domains s0.firma.example, s1.firma.example, …, each accepted by the tenant. */
  readonly senders: number;
  readonly internetDomains: number;
  readonly serverName?: (i: number) => string;
  readonly internetDomain?: (i: number) => string;
}

export function manyServersWorld(shape: ManyServersShape): WorldInput {
  const serverName = shape.serverName ?? ((i: number) => `EX${i}`);
  const internetDomain = shape.internetDomain ?? ((i: number) => `ext${i}.example`);
  const servers = Array.from({ length: shape.servers }, (_, i) => ({ name: serverName(i), egressIps: [`203.0.113.${i + 1}`, `198.51.100.${i + 1}`] }));
  const senders = Array.from({ length: shape.senders }, (_, i) => `s${i}.firma.example`);
  return {
    tenants: [
      {
        id: "FIRMA",
        forest: "EUR",
        acceptedDomains: [{ domain: "firma.onmicrosoft.com", default: true }, { domain: "firma.mail.onmicrosoft.com" }, ...senders.map((domain) => ({ domain }))],
        inboundConnectors: [{ name: "From on-prem", connectorType: "OnPremises", tlsSenderCertificateName: "*.firma.example" }],
        outboundConnectors: [{ name: "To on-prem", connectorType: "OnPremises", recipientDomains: senders, smartHosts: ["mail.firma.example"] }],
      },
      { id: "PARTNER", forest: "EUR", acceptedDomains: [{ domain: "partner.example" }], inboundConnectors: [{ name: "p", connectorType: "Partner", tlsSenderCertificateName: "*.firma.example" }] },
    ],
    internetDomains: Array.from({ length: shape.internetDomains }, (_, i) => internetDomain(i)),
    onPremises: [
      {
        name: "Firma",
        tenant: "FIRMA",
        servers,
        sendConnectors: [{ name: "Outbound to Office 365", addressSpaces: ["*"], smartHosts: ["firma-mail.mail.protection.outlook.com"], sourceServers: servers.map((s) => s.name), certificate: { subject: "mail.firma.example" } }],
        senderDomains: senders,
      },
    ],
  } as WorldInput;
}
