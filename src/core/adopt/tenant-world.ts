/**
 * From what Exchange Online and Microsoft Graph list (Get-InboundConnector, Get-OutboundConnector,
 * Get-AcceptedDomain, Get-OrganizationConfig, GET /domains) to the tenant's part of a world file.
 * The EOP forest is not visible through either API, so it is a label the caller gives.
 */
import type { WorldInput } from "../model/schema";
import { bool, list, prop, text, type Json } from "./values";

type TenantInput = WorldInput["tenants"][number];
type Listed = Readonly<Record<string, unknown>>;

export interface TenantListing {
  readonly inboundConnectors: readonly Listed[];
  readonly outboundConnectors: readonly Listed[];
  readonly acceptedDomains: readonly Listed[];
  readonly organizationConfig: Listed | undefined;
  readonly graphDomains: readonly Listed[];
}

export interface TenantWorldOptions {
  /** World id of the tenant; default: the initial domain's first label, upper-case (FIRMA). */
  readonly id?: string;
  /** Label of the EOP forest; partners found in the same forest get the same label. */
  readonly forest: string;
}

export interface TenantWorldResult {
  readonly tenant: TenantInput;
  readonly notes: string[];
}

const strings = (v: unknown): string[] => list(v as Json).map((x) => text(x)).filter((x): x is string => x !== undefined);
const addressSpaces = (v: unknown): string[] => strings(v).map((s) => s.replace(/^smtp:/i, "").replace(/;\d+$/, "").toLowerCase());

/** The tenant's onmicrosoft.com domain, from Graph's isInitial or Exchange's InitialDomain. */
export function initialDomainOf(listing: TenantListing): string | undefined {
  const graph = listing.graphDomains.find((d) => d.isInitial === true);
  if (typeof graph?.id === "string") return graph.id.toLowerCase();
  const exo = listing.acceptedDomains.find((d) => bool(prop(d, "InitialDomain")) === true);
  return text(prop(exo, "DomainName"))?.toLowerCase();
}

export function tenantFromListing(listing: TenantListing, options: TenantWorldOptions): TenantWorldResult {
  const notes: string[] = [];
  const initial = initialDomainOf(listing);
  const id = options.id ?? (initial ? initial.split(".")[0]!.toUpperCase() : undefined);
  if (!id) throw new Error("the tenant's initial (onmicrosoft.com) domain is not in the listing; give the world id with --tenant-id");

  const acceptedDomains = listing.acceptedDomains.map((d) => {
    const type = text(prop(d, "DomainType")) ?? "Authoritative";
    if (type !== "Authoritative" && type !== "InternalRelay") notes.push(`Accepted domain ${String(d.DomainName)} has type ${type}, which Exchange Online does not use; written as Authoritative.`);
    return {
      domain: String(text(prop(d, "DomainName")) ?? "").toLowerCase(),
      type: (type === "InternalRelay" ? "InternalRelay" : "Authoritative") as "Authoritative" | "InternalRelay",
      matchSubDomains: bool(prop(d, "MatchSubDomains")) ?? false,
      outboundOnly: bool(prop(d, "OutboundOnly")) ?? false,
      ...(bool(prop(d, "Default")) ? { default: true } : {}),
    };
  });
  for (const g of listing.graphDomains) {
    const services = Array.isArray(g.supportedServices) ? (g.supportedServices as string[]) : [];
    if (g.isVerified === true && services.includes("Email") && !acceptedDomains.some((a) => a.domain === String(g.id).toLowerCase())) {
      notes.push(`Tenant domain ${String(g.id)} is verified for Email in Graph but is not an accepted domain in Exchange Online yet (replication can take a while).`);
    }
    if (g.isVerified === false) notes.push(`Tenant domain ${String(g.id)} is not verified; it is not an accepted domain and is left out of the world.`);
  }

  const inboundConnectors = listing.inboundConnectors.map((c) => ({
    name: String(c.Name),
    connectorType: (text(prop(c, "ConnectorType")) === "OnPremises" ? "OnPremises" : "Partner") as "OnPremises" | "Partner",
    enabled: bool(prop(c, "Enabled")) ?? true,
    tlsSenderCertificateName: text(prop(c, "TlsSenderCertificateName"))?.toLowerCase() ?? null,
    senderIPAddresses: strings(c.SenderIPAddresses),
    requireTls: bool(prop(c, "RequireTls")) ?? true,
    restrictDomainsToCertificate: bool(prop(c, "RestrictDomainsToCertificate")) ?? false,
    restrictDomainsToIPAddresses: bool(prop(c, "RestrictDomainsToIPAddresses")) ?? false,
    senderDomains: addressSpaces(c.SenderDomains).length > 0 ? addressSpaces(c.SenderDomains) : ["*"],
    cloudServicesMailEnabled: bool(prop(c, "CloudServicesMailEnabled")) ?? false,
    treatMessagesAsInternal: bool(prop(c, "TreatMessagesAsInternal")) ?? false,
    associatedAcceptedDomains: strings(c.AssociatedAcceptedDomains).map((d) => d.toLowerCase()),
  }));
  for (const c of listing.inboundConnectors) {
    if (strings(c.TrustedOrganizations).length > 0) notes.push(`Inbound connector "${String(c.Name)}" lists TrustedOrganizations, which the model does not simulate.`);
  }

  const outboundConnectors = listing.outboundConnectors.map((c) => ({
    name: String(c.Name),
    connectorType: (text(prop(c, "ConnectorType")) === "OnPremises" ? "OnPremises" : "Partner") as "OnPremises" | "Partner",
    enabled: bool(prop(c, "Enabled")) ?? true,
    recipientDomains: addressSpaces(c.RecipientDomains),
    allAcceptedDomains: bool(prop(c, "AllAcceptedDomains")) ?? false,
    smartHosts: strings(c.SmartHosts).map((h) => h.toLowerCase()),
    useMxRecord: bool(prop(c, "UseMXRecord")) ?? true,
    routeAllMessagesViaOnPremises: bool(prop(c, "RouteAllMessagesViaOnPremises")) ?? false,
    isTransportRuleScoped: bool(prop(c, "IsTransportRuleScoped")) ?? false,
    cloudServicesMailEnabled: bool(prop(c, "CloudServicesMailEnabled")) ?? false,
    senderRewritingEnabled: bool(prop(c, "SenderRewritingEnabled")) ?? false,
  }));

  const rejectDirectSend = listing.organizationConfig === undefined ? undefined : bool(prop(listing.organizationConfig, "RejectDirectSend"));
  if (rejectDirectSend === undefined) notes.push("Get-OrganizationConfig did not report RejectDirectSend; written as false (the service default).");

  return {
    tenant: { id, forest: options.forest, acceptedDomains, inboundConnectors, outboundConnectors, organization: { rejectDirectSend: rejectDirectSend ?? false } },
    notes,
  };
}
