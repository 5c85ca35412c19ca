/**
 * How each managed setting maps to its cmdlet parameter and how to compare a declared value
 * with what the service returns: address spaces come back as `smtp:domain;1`, lists in the
 * service's own order, host names in any case, ConnectorSource as `AdminUI`, and a cleared
 * value as null or []. Comparing the normalised forms keeps a no-change run free of writes.
 */
import { stripAddressSpace } from "../core/exchange/values";
import type { ExoObject } from "../exchange/params";
import { addRemove, type CmdletParameters } from "../exchange/params";

export type FieldKind = "bool" | "text" | "name" | "enum" | "addressSpaces" | "list" | "datetime";

export interface FieldSpec {
  /** The camelCase input name. */
  readonly key: string;
  /** The cmdlet parameter and property name. */
  readonly param: string;
  readonly kind: FieldKind;
  /** Only New-* takes it: a change needs a new object. */
  readonly newOnly?: boolean;
  /** Only Set-* takes it: it is applied right after New-*. */
  readonly setOnly?: boolean;
}

export type Comparable = boolean | string | null | readonly string[];

export function normalise(field: FieldSpec, value: unknown): Comparable | undefined {
  if (value === undefined) return undefined;
  switch (field.kind) {
    case "bool":
      return typeof value === "boolean" ? value : value === null ? null : String(value).toLowerCase() === "true";
    case "text":
      return value === null || value === "" ? null : String(value);
    case "name":
      return value === null || value === "" ? null : String(value).trim().toLowerCase();
    case "enum": {
      if (value === null || value === "") return null;
      const text = String(value).toLowerCase();
      // Connectors made in the admin center report their source as AdminUI, which means Default.
      return field.param === "ConnectorSource" && text === "adminui" ? "default" : text;
    }
    case "datetime": {
      if (value === null || value === "") return null;
      const time = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(String(value)) ? String(value) : `${String(value)}Z`);
      return Number.isNaN(time) ? String(value) : new Date(time).toISOString();
    }
    case "addressSpaces":
    case "list": {
      const items = value === null ? [] : Array.isArray(value) ? value : [value];
      const clean = items.map((v) => (field.kind === "addressSpaces" ? stripAddressSpace(String(v)) : String(v).trim().toLowerCase()));
      return [...new Set(clean)].filter((v) => v !== "").sort();
    }
  }
}

export function sameValue(field: FieldSpec, a: unknown, b: unknown): boolean {
  return JSON.stringify(normalise(field, a) ?? null) === JSON.stringify(normalise(field, b) ?? null);
}

/** The managed fields whose declared value differs from the live object. */
export function changedFields(fields: readonly FieldSpec[], desired: Readonly<Record<string, unknown>>, live: ExoObject): FieldSpec[] {
  return fields.filter((f) => desired[f.key] !== undefined && !sameValue(f, desired[f.key], live[f.param]));
}

/**
 * Cmdlet parameters for the given fields. Empty text is sent as $null. An empty list is never
 * sent as null or []: no public client is seen doing that for a multi-valued property and its
 * effect is undocumented. Against a live object (`live`, for Set-*) its current entries are
 * removed with the documented `@{Remove=...}` hashtable; for New-* an empty list is left out.
 */
export function toParameters(fields: readonly FieldSpec[], values: Readonly<Record<string, unknown>>, live?: ExoObject): Record<string, CmdletParameters[string]> {
  const params: Record<string, CmdletParameters[string]> = {};
  for (const f of fields) {
    const value = values[f.key];
    if (value === undefined) continue;
    if (f.kind === "addressSpaces" || f.kind === "list") {
      const list = (value as readonly string[] | null) ?? [];
      if (list.length > 0) {
        params[f.param] = list.map((v) => String(v).trim());
      } else {
        const current = live === undefined ? [] : ((declaredForm(f, live[f.param]) as string[] | undefined) ?? []);
        if (current.length > 0) params[f.param] = addRemove(undefined, current);
      }
    } else if (f.kind === "bool") {
      params[f.param] = value as boolean;
    } else {
      params[f.param] = value === "" || value === null ? null : String(value);
    }
  }
  return params;
}

/** The live value in the form a program declares it (for refresh): `smtp:x;1` becomes `x`. */
export function declaredForm(field: FieldSpec, live: unknown): unknown {
  if (live === undefined) return undefined;
  if (field.kind === "addressSpaces") return ((live as string[] | null) ?? []).map((v) => String(v).replace(/^smtp:/i, "").replace(/;\d+$/, ""));
  if (field.kind === "list") return (live as string[] | null) ?? [];
  if (field.kind === "enum" && field.param === "ConnectorSource" && String(live).toLowerCase() === "adminui") return "Default";
  if (field.kind === "datetime" && typeof live === "string") return normalise(field, live);
  return live;
}

export const INBOUND_FIELDS: readonly FieldSpec[] = [
  { key: "name", param: "Name", kind: "text" },
  { key: "connectorType", param: "ConnectorType", kind: "enum" },
  { key: "senderDomains", param: "SenderDomains", kind: "addressSpaces" },
  { key: "enabled", param: "Enabled", kind: "bool" },
  { key: "comment", param: "Comment", kind: "text" },
  { key: "connectorSource", param: "ConnectorSource", kind: "enum" },
  { key: "requireTls", param: "RequireTls", kind: "bool" },
  { key: "restrictDomainsToCertificate", param: "RestrictDomainsToCertificate", kind: "bool" },
  { key: "restrictDomainsToIPAddresses", param: "RestrictDomainsToIPAddresses", kind: "bool" },
  { key: "senderIPAddresses", param: "SenderIPAddresses", kind: "list" },
  { key: "tlsSenderCertificateName", param: "TlsSenderCertificateName", kind: "name" },
  { key: "treatMessagesAsInternal", param: "TreatMessagesAsInternal", kind: "bool" },
  { key: "cloudServicesMailEnabled", param: "CloudServicesMailEnabled", kind: "bool" },
  { key: "associatedAcceptedDomains", param: "AssociatedAcceptedDomains", kind: "list" },
  { key: "trustedOrganizations", param: "TrustedOrganizations", kind: "list" },
  { key: "efSkipIPs", param: "EFSkipIPs", kind: "list" },
  { key: "efSkipLastIP", param: "EFSkipLastIP", kind: "bool" },
  { key: "efUsers", param: "EFUsers", kind: "list" },
  { key: "clientHostNames", param: "ClientHostNames", kind: "list", newOnly: true },
];

export const OUTBOUND_FIELDS: readonly FieldSpec[] = [
  { key: "name", param: "Name", kind: "text" },
  { key: "connectorType", param: "ConnectorType", kind: "enum" },
  { key: "enabled", param: "Enabled", kind: "bool" },
  { key: "comment", param: "Comment", kind: "text" },
  { key: "connectorSource", param: "ConnectorSource", kind: "enum" },
  { key: "recipientDomains", param: "RecipientDomains", kind: "addressSpaces" },
  { key: "allAcceptedDomains", param: "AllAcceptedDomains", kind: "bool" },
  { key: "smartHosts", param: "SmartHosts", kind: "list" },
  { key: "useMxRecord", param: "UseMXRecord", kind: "bool" },
  { key: "tlsSettings", param: "TlsSettings", kind: "enum" },
  { key: "tlsDomain", param: "TlsDomain", kind: "name" },
  { key: "isTransportRuleScoped", param: "IsTransportRuleScoped", kind: "bool" },
  { key: "routeAllMessagesViaOnPremises", param: "RouteAllMessagesViaOnPremises", kind: "bool" },
  { key: "cloudServicesMailEnabled", param: "CloudServicesMailEnabled", kind: "bool" },
  { key: "senderRewritingEnabled", param: "SenderRewritingEnabled", kind: "bool" },
  { key: "testMode", param: "TestMode", kind: "bool" },
  { key: "mtaStsMode", param: "MtaStsMode", kind: "enum" },
  { key: "smtpDaneMode", param: "SmtpDaneMode", kind: "enum" },
  { key: "validationRecipients", param: "ValidationRecipients", kind: "list", setOnly: true },
  { key: "isValidated", param: "IsValidated", kind: "bool", setOnly: true },
  { key: "lastValidationTimestamp", param: "LastValidationTimestamp", kind: "datetime", setOnly: true },
];

export const ACCEPTED_DOMAIN_FIELDS: readonly FieldSpec[] = [
  { key: "domainType", param: "DomainType", kind: "enum" },
  { key: "matchSubDomains", param: "MatchSubDomains", kind: "bool" },
  { key: "outboundOnly", param: "OutboundOnly", kind: "bool" },
  { key: "sendingFromDomainDisabled", param: "SendingFromDomainDisabled", kind: "bool" },
  { key: "sendingToDomainDisabled", param: "SendingToDomainDisabled", kind: "bool" },
];
