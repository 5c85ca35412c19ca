/**
 * The resources a program must declare to take over what a tenant already has, with every managed
 * setting at its live value, so that adopting changes nothing. Settings the live object leaves empty
 * are not declared (not managed), and nothing secret is read or written.
 */
import type { AcceptedDomainSettings, InboundConnectorSettings, OutboundConnectorSettings } from "../exchange/settings";
import type { TenantListing } from "./tenant-world";

export type PlannedResource =
  | { readonly kind: "InboundConnector"; readonly logicalName: string; readonly args: InboundConnectorSettings & { adopt: true } }
  | { readonly kind: "OutboundConnector"; readonly logicalName: string; readonly args: OutboundConnectorSettings & { adopt: true } }
  | { readonly kind: "AcceptedDomain"; readonly logicalName: string; readonly args: AcceptedDomainSettings; readonly dependsOnDomain?: string }
  | { readonly kind: "TenantDomain"; readonly logicalName: string; readonly args: { domainName: string; adopt: true } };

type Kind = "bool" | "text" | "enum" | "addressSpaces" | "list";
type Field = readonly [key: string, param: string, kind: Kind];

/** Cmdlet property to resource input, for the settings the resources manage (set-only ones excluded). */
const INBOUND: readonly Field[] = [
  ["connectorType", "ConnectorType", "enum"],
  ["senderDomains", "SenderDomains", "addressSpaces"],
  ["enabled", "Enabled", "bool"],
  ["comment", "Comment", "text"],
  ["connectorSource", "ConnectorSource", "enum"],
  ["requireTls", "RequireTls", "bool"],
  ["restrictDomainsToCertificate", "RestrictDomainsToCertificate", "bool"],
  ["restrictDomainsToIPAddresses", "RestrictDomainsToIPAddresses", "bool"],
  ["senderIPAddresses", "SenderIPAddresses", "list"],
  ["tlsSenderCertificateName", "TlsSenderCertificateName", "text"],
  ["treatMessagesAsInternal", "TreatMessagesAsInternal", "bool"],
  ["cloudServicesMailEnabled", "CloudServicesMailEnabled", "bool"],
  ["associatedAcceptedDomains", "AssociatedAcceptedDomains", "list"],
  ["trustedOrganizations", "TrustedOrganizations", "list"],
  ["efSkipIPs", "EFSkipIPs", "list"],
  ["efSkipLastIP", "EFSkipLastIP", "bool"],
  ["efUsers", "EFUsers", "list"],
  ["clientHostNames", "ClientHostNames", "list"],
];

const OUTBOUND: readonly Field[] = [
  ["connectorType", "ConnectorType", "enum"],
  ["enabled", "Enabled", "bool"],
  ["comment", "Comment", "text"],
  ["connectorSource", "ConnectorSource", "enum"],
  ["recipientDomains", "RecipientDomains", "addressSpaces"],
  ["allAcceptedDomains", "AllAcceptedDomains", "bool"],
  ["smartHosts", "SmartHosts", "list"],
  ["useMxRecord", "UseMXRecord", "bool"],
  ["tlsSettings", "TlsSettings", "enum"],
  ["tlsDomain", "TlsDomain", "text"],
  ["isTransportRuleScoped", "IsTransportRuleScoped", "bool"],
  ["routeAllMessagesViaOnPremises", "RouteAllMessagesViaOnPremises", "bool"],
  ["cloudServicesMailEnabled", "CloudServicesMailEnabled", "bool"],
  ["senderRewritingEnabled", "SenderRewritingEnabled", "bool"],
  ["testMode", "TestMode", "bool"],
  ["mtaStsMode", "MtaStsMode", "enum"],
  ["smtpDaneMode", "SmtpDaneMode", "enum"],
];

const ACCEPTED: readonly Field[] = [
  ["domainType", "DomainType", "enum"],
  ["matchSubDomains", "MatchSubDomains", "bool"],
  ["outboundOnly", "OutboundOnly", "bool"],
  ["sendingFromDomainDisabled", "SendingFromDomainDisabled", "bool"],
  ["sendingToDomainDisabled", "SendingToDomainDisabled", "bool"],
];

function settings(object: Readonly<Record<string, unknown>>, fields: readonly Field[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, param, kind] of fields) {
    const value = object[param];
    if (value === undefined || value === null || value === "") continue;
    switch (kind) {
      case "bool":
        if (typeof value === "boolean") out[key] = value;
        break;
      case "text":
        out[key] = String(value);
        break;
      case "enum":
        // Connectors made in the admin center report AdminUI, which the service takes as Default.
        out[key] = param === "ConnectorSource" && String(value).toLowerCase() === "adminui" ? "Default" : String(value);
        break;
      case "addressSpaces":
      case "list": {
        const items = (Array.isArray(value) ? value : [value]).map(String);
        const clean = kind === "addressSpaces" ? items.map((v) => v.replace(/^smtp:/i, "").replace(/;\d+$/, "")) : items;
        if (clean.length > 0) out[key] = clean;
        break;
      }
    }
  }
  return out;
}

/** Pulumi logical names: readable, unique, stable for the same tenant. */
function logicalNames(): (prefix: string, name: string) => string {
  const used = new Set<string>();
  return (prefix, name) => {
    const base = `${prefix}-${name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "")}`.slice(0, 60) || prefix;
    let candidate = base;
    for (let n = 2; used.has(candidate); n++) candidate = `${base}-${n}`;
    used.add(candidate);
    return candidate;
  };
}

export function planAdoption(listing: TenantListing): PlannedResource[] {
  const name = logicalNames();
  const plan: PlannedResource[] = [];
  // Initial (onmicrosoft) domains come with the tenant and cannot be managed as tenant domains.
  const managedDomains = listing.graphDomains.filter((d) => d.isVerified === true && typeof d.id === "string" && !/\.onmicrosoft\.(com|us|de)$|\.partner\.onmschina\.cn$/i.test(d.id));
  for (const d of managedDomains) {
    plan.push({ kind: "TenantDomain", logicalName: name("domain", String(d.id)), args: { domainName: String(d.id).toLowerCase(), adopt: true } });
  }
  for (const a of listing.acceptedDomains) {
    const domainName = String(a.DomainName ?? a.Name).toLowerCase();
    const owner = managedDomains.find((d) => String(d.id).toLowerCase() === domainName);
    plan.push({ kind: "AcceptedDomain", logicalName: name("accepted", domainName), args: { domainName, ...settings(a, ACCEPTED) }, ...(owner ? { dependsOnDomain: domainName } : {}) });
  }
  for (const c of listing.inboundConnectors) {
    plan.push({ kind: "InboundConnector", logicalName: name("inbound", String(c.Name)), args: { name: String(c.Name), ...settings(c, INBOUND), adopt: true } as InboundConnectorSettings & { adopt: true } });
  }
  for (const c of listing.outboundConnectors) {
    plan.push({ kind: "OutboundConnector", logicalName: name("outbound", String(c.Name)), args: { name: String(c.Name), ...settings(c, OUTBOUND), adopt: true } as OutboundConnectorSettings & { adopt: true } });
  }
  return plan;
}
