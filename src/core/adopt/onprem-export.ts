/**
 * The on-premises facts the model needs, read from what the Exchange Management Shell prints: the
 * shipped export script's JSON, or plain `Get-SendConnector | ConvertTo-Json -Depth 5` and
 * `Get-ExchangeCertificate | ConvertTo-Json -Depth 5` output (Exchange 2016, 2019, SE). Each file
 * is recognised by its properties, so any mix can be given in any order.
 */
import { InputError, type InputIssue } from "../model/errors";
import { bool, commonName, date, isObject, list, normalizeDn, prop, text, type Json, type JsonObject } from "./values";

export interface ExportedSendConnector {
  readonly name: string;
  readonly enabled: boolean;
  /** SMTP address spaces as the world writes them: `*`, `contoso.com`, `*.contoso.com`. */
  readonly addressSpaces: string[];
  readonly smartHosts: string[];
  readonly dnsRoutingEnabled: boolean;
  readonly sourceServers: string[];
  /** Issuer and subject DNs from TlsCertificateName (`<I>issuer<S>subject`), when set. */
  readonly tlsCertificate: { readonly issuer: string; readonly subject: string } | null;
  readonly cloudServicesMailEnabled: boolean;
  readonly requireTls: boolean;
  readonly tlsAuthLevel: string | null;
  readonly tlsDomain: string | null;
  readonly fqdn: string | null;
  /** Address spaces of other types (X400, ...) that were left out. */
  readonly skippedAddressSpaces: string[];
}

export interface ExportedCertificate {
  readonly thumbprint: string;
  readonly subject: string;
  readonly issuer: string;
  readonly domains: string[];
  readonly notAfter: Date | undefined;
  /** Services the certificate is enabled for, when the export says so in words ("IIS, SMTP"). */
  readonly services: string[] | undefined;
  /** Which server's store it was read from, when the export says so. */
  readonly server: string | undefined;
}

export interface ExportedServer {
  readonly name: string;
  readonly fqdn: string | undefined;
  readonly roles: string | undefined;
}

export interface ExportedAcceptedDomain {
  readonly domain: string;
  readonly type: string;
  readonly isDefault: boolean;
}

export interface OnPremExport {
  readonly organization: string | undefined;
  readonly sendConnectors: ExportedSendConnector[];
  readonly certificates: ExportedCertificate[];
  readonly servers: ExportedServer[];
  readonly acceptedDomains: ExportedAcceptedDomain[];
  /** Domains of the email address policies' enabled primary (`SMTP:`) templates. */
  readonly primaryAddressDomains: string[];
  /** Domains of the secondary (`smtp:`) templates. */
  readonly secondaryAddressDomains: string[];
}

/** The format marker the shipped script writes (`scripts/Export-HybridMailflowOnPrem.ps1`). */
export const ONPREM_EXPORT_FORMAT = "hybrid-mailflow-onprem/1";

/** Reads parsed documents (one per file) into one export; `sources` names each in errors. */
export function readOnPremExport(documents: readonly { source: string; data: unknown }[]): OnPremExport {
  const out = { organization: undefined as string | undefined, sendConnectors: [] as ExportedSendConnector[], certificates: [] as ExportedCertificate[], servers: [] as ExportedServer[], acceptedDomains: [] as ExportedAcceptedDomain[], primaryAddressDomains: [] as string[], secondaryAddressDomains: [] as string[] };
  for (const { source, data } of documents) {
    const issues: InputIssue[] = [];
    if (isObject(data) && text(prop(data, "format")) !== undefined) {
      if (text(prop(data, "format")) !== ONPREM_EXPORT_FORMAT) {
        throw new InputError(source, [{ path: "format", message: `"${text(prop(data, "format"))}" is not a format this version reads (${ONPREM_EXPORT_FORMAT}); export again with the script shipped in this package` }]);
      }
      out.organization ??= text(prop(data, "organization"));
      list(prop(data, "sendConnectors")).forEach((c, i) => pushChecked(out.sendConnectors, sendConnector(c, `sendConnectors[${i}]`, issues)));
      list(prop(data, "certificates")).forEach((c, i) => pushChecked(out.certificates, certificate(c, `certificates[${i}]`, issues)));
      list(prop(data, "servers")).forEach((s, i) => pushChecked(out.servers, server(s, `servers[${i}]`, issues)));
      list(prop(data, "acceptedDomains")).forEach((d, i) => pushChecked(out.acceptedDomains, acceptedDomain(d, `acceptedDomains[${i}]`, issues)));
      list(prop(data, "emailAddressPolicies")).forEach((p) => addressPolicyDomains(p, out.primaryAddressDomains, out.secondaryAddressDomains));
    } else {
      const items = list(data as Json);
      if (items.length === 0) issues.push({ path: "", message: "holds no objects; export with Get-SendConnector | ConvertTo-Json -Depth 5 (or the shipped script)" });
      items.forEach((item, i) => {
        const at = Array.isArray(data) ? `[${i}]` : "";
        switch (kindOf(item)) {
          case "sendConnector":
            return pushChecked(out.sendConnectors, sendConnector(item, at, issues));
          case "certificate":
            return pushChecked(out.certificates, certificate(item, at, issues));
          case "acceptedDomain":
            return pushChecked(out.acceptedDomains, acceptedDomain(item, at, issues));
          case "server":
            return pushChecked(out.servers, server(item, at, issues));
          default:
            issues.push({ path: at, message: "is not a send connector, certificate, accepted domain or server; export with Get-SendConnector / Get-ExchangeCertificate | ConvertTo-Json -Depth 5" });
        }
      });
    }
    if (issues.length > 0) throw new InputError(source, issues);
  }
  return out;
}

type Kind = "sendConnector" | "certificate" | "acceptedDomain" | "server" | undefined;

function kindOf(item: Json): Kind {
  if (!isObject(item)) return undefined;
  if (prop(item, "AddressSpaces") !== undefined) return "sendConnector";
  if (prop(item, "Thumbprint") !== undefined && (prop(item, "Subject") !== undefined || prop(item, "CertificateDomains") !== undefined)) return "certificate";
  if (prop(item, "DomainName") !== undefined && prop(item, "DomainType") !== undefined) return "acceptedDomain";
  if (prop(item, "ServerRole") !== undefined && prop(item, "Name") !== undefined) return "server";
  return undefined;
}

function pushChecked<T>(target: T[], value: T | undefined): void {
  if (value !== undefined) target.push(value);
}

function sendConnector(item: Json, at: string, issues: InputIssue[]): ExportedSendConnector | undefined {
  const name = text(prop(item, "Name"));
  if (name === undefined) {
    issues.push({ path: join(at, "Name"), message: "is missing; every send connector has a name" });
    return undefined;
  }
  const addressSpaces: string[] = [];
  const skipped: string[] = [];
  for (const space of list(prop(item, "AddressSpaces"))) {
    const parsed = addressSpace(space);
    if (parsed === undefined) issues.push({ path: join(at, "AddressSpaces"), message: `${JSON.stringify(space)} is not an address space (expected "SMTP:*;1" or { Address, Type, Cost })` });
    else if (parsed.type !== "smtp") skipped.push(`${parsed.type.toUpperCase()}:${parsed.address}`);
    else addressSpaces.push(parsed.address);
  }
  const tlsName = prop(item, "TlsCertificateName");
  const tlsCertificate = tlsCertificateName(tlsName);
  if (tlsName !== undefined && tlsName !== null && tlsCertificate === undefined) {
    issues.push({ path: join(at, "TlsCertificateName"), message: `${JSON.stringify(tlsName)} is not a certificate name of the form <I>issuer<S>subject` });
  }
  return {
    name,
    enabled: bool(prop(item, "Enabled")) ?? true,
    addressSpaces,
    smartHosts: list(prop(item, "SmartHosts")).map(hostName).filter((h): h is string => h !== undefined),
    dnsRoutingEnabled: bool(prop(item, "DNSRoutingEnabled")) ?? true,
    sourceServers: list(prop(item, "SourceTransportServers")).map(serverName).filter((s): s is string => s !== undefined),
    tlsCertificate: tlsCertificate ?? null,
    cloudServicesMailEnabled: bool(prop(item, "CloudServicesMailEnabled")) ?? false,
    requireTls: bool(prop(item, "RequireTLS")) ?? false,
    tlsAuthLevel: enumText(prop(item, "TlsAuthLevel"), ["EncryptionOnly", "CertificateValidation", "DomainValidation"]) ?? null,
    tlsDomain: hostName(prop(item, "TlsDomain") ?? null) ?? null,
    fqdn: hostName(prop(item, "Fqdn") ?? null) ?? null,
    skippedAddressSpaces: skipped,
  };
}

/** `SMTP:*;1`, `smtp:contoso.com;1`, a bare domain, or the SmtpAddressSpace object { Address, Type, Cost }. */
function addressSpace(space: Json): { type: string; address: string } | undefined {
  if (typeof space === "string") {
    // X400 addresses contain semicolons themselves; only a trailing ;<cost> is the cost.
    const m = /^(?:([a-z0-9]+):)?(.+?)(?:;\d+)?$/is.exec(space.trim());
    if (!m) return undefined;
    return { type: (m[1] ?? "smtp").toLowerCase(), address: m[2]!.trim().toLowerCase() };
  }
  if (!isObject(space)) return undefined;
  const address = text(prop(space, "Address")) ?? text(prop(prop(space, "Domain"), "Domain")) ?? text(prop(space, "Domain"));
  if (address === undefined) return undefined;
  const type = prop(space, "Type");
  // Older serialisers write enums as numbers; the SMTP address space type is the one that carries a domain.
  const typeText = typeof type === "string" ? type.toLowerCase() : "smtp";
  return { type: typeText, address: address.toLowerCase() };
}

/** `<I>CN=CA, O=Issuer<S>CN=mail.contoso.com` or the SmtpX509Identifier object. */
function tlsCertificateName(value: Json | undefined): { issuer: string; subject: string } | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") {
    if (value.trim() === "") return undefined;
    const m = /^<I>(.*)<S>(.*)$/is.exec(value.trim());
    return m ? { issuer: m[1]!.trim(), subject: m[2]!.trim() } : undefined;
  }
  const issuer = text(prop(value, "CertificateIssuer"));
  const subject = text(prop(value, "CertificateSubject"));
  return subject !== undefined ? { issuer: issuer ?? "", subject } : undefined;
}

/** Host names arrive as strings, as `[192.0.2.1]` for addresses, or as Fqdn / SmartHost objects. */
function hostName(value: Json): string | undefined {
  if (typeof value === "string") return value.trim() === "" ? undefined : value.trim().replace(/^\[(.*)\]$/, "$1").toLowerCase();
  if (!isObject(value)) return undefined;
  const inner = prop(value, "Domain");
  return hostName(text(prop(value, "Address")) ?? (isObject(inner) ? text(prop(inner, "Domain")) ?? null : text(inner) ?? null) ?? text(prop(value, "Fqdn")) ?? null);
}

/** `EX01`, a DN `CN=EX01,CN=Servers,...`, or an ADObjectId object { Name, DistinguishedName }. */
function serverName(value: Json): string | undefined {
  if (isObject(value)) return text(prop(value, "Name")) ?? serverName(prop(value, "DistinguishedName") ?? null);
  const raw = text(value);
  if (raw === undefined) return undefined;
  return /^CN=/i.test(raw) ? commonName(raw) : raw;
}

function enumText(value: Json | undefined, names: readonly string[]): string | undefined {
  const raw = text(value);
  if (raw === undefined) return undefined;
  return names.find((n) => n.toLowerCase() === raw.toLowerCase()) ?? raw;
}

function certificate(item: Json, at: string, issues: InputIssue[]): ExportedCertificate | undefined {
  const thumbprint = text(prop(item, "Thumbprint"));
  const subject = text(prop(item, "Subject"));
  if (thumbprint === undefined || subject === undefined) {
    issues.push({ path: join(at, thumbprint === undefined ? "Thumbprint" : "Subject"), message: "is missing; export certificates with Get-ExchangeCertificate | ConvertTo-Json -Depth 5" });
    return undefined;
  }
  const domains = list(prop(item, "CertificateDomains"))
    .map((d) => (isObject(d) ? text(prop(d, "Address")) ?? text(prop(d, "Domain")) : text(d)))
    .filter((d): d is string => d !== undefined);
  // X509Certificate2 also carries DnsNameList ({ Punycode, Unicode }) when CertificateDomains is absent.
  const dnsNames = list(prop(item, "DnsNameList"))
    .map((d) => (isObject(d) ? text(prop(d, "Unicode")) ?? text(prop(d, "Punycode")) : text(d)))
    .filter((d): d is string => d !== undefined);
  const servicesRaw = prop(item, "Services");
  return {
    thumbprint: thumbprint.toUpperCase(),
    subject,
    issuer: text(prop(item, "Issuer")) ?? "",
    domains: [...new Set([...domains, ...dnsNames].map((d) => d.toLowerCase()))],
    notAfter: date(prop(item, "NotAfter")),
    services: typeof servicesRaw === "string" ? servicesRaw.split(/[,\s]+/).filter((s) => s !== "") : undefined,
    server: text(prop(item, "Server")) ?? text(prop(item, "PSComputerName")),
  };
}

function server(item: Json, at: string, issues: InputIssue[]): ExportedServer | undefined {
  const name = text(prop(item, "Name"));
  if (name === undefined) {
    issues.push({ path: join(at, "Name"), message: "is missing" });
    return undefined;
  }
  return { name, fqdn: text(prop(item, "Fqdn"))?.toLowerCase(), roles: text(prop(item, "ServerRole")) };
}

function acceptedDomain(item: Json, at: string, issues: InputIssue[]): ExportedAcceptedDomain | undefined {
  const raw = prop(item, "DomainName");
  const domain = isObject(raw) ? text(prop(raw, "Domain")) ?? text(prop(raw, "Address")) : text(raw);
  if (domain === undefined) {
    issues.push({ path: join(at, "DomainName"), message: "is missing" });
    return undefined;
  }
  const type = prop(item, "DomainType");
  // Enum order of AcceptedDomainType: Authoritative, ExternalRelay, InternalRelay.
  const typeText = typeof type === "number" ? (["Authoritative", "ExternalRelay", "InternalRelay"][type] ?? "Authoritative") : text(type) ?? "Authoritative";
  return { domain: domain.toLowerCase().replace(/^\*\./, ""), type: typeText, isDefault: bool(prop(item, "Default")) ?? false };
}

/** `SMTP:%g.%s@contoso.com` (primary) and `smtp:%m@contoso.mail.onmicrosoft.com` (secondary). */
function addressPolicyDomains(policy: Json, primary: string[], secondary: string[]): void {
  for (const template of list(prop(policy, "EnabledEmailAddressTemplates") ?? prop(policy, "EnabledPrimarySMTPAddressTemplate") ?? null)) {
    const value = isObject(template) ? text(prop(template, "AddressTemplateString")) ?? text(prop(template, "ProxyAddressTemplateString")) : text(template);
    const m = value === undefined ? null : /^(smtp):.*@([^@\s]+)$/i.exec(value);
    if (!m) continue;
    const domain = m[2]!.toLowerCase();
    const target = m[1] === "SMTP" ? primary : secondary;
    if (!target.includes(domain)) target.push(domain);
  }
  const single = text(prop(policy, "EnabledPrimarySMTPAddressTemplate"));
  const m = single === undefined ? null : /@([^@\s]+)$/.exec(single);
  if (m && !primary.includes(m[1]!.toLowerCase())) primary.push(m[1]!.toLowerCase());
}

function join(at: string, field: string): string {
  return at === "" ? field : `${at}.${field}`;
}

/** Certificates whose issuer and subject equal those of a send connector's TlsCertificateName. */
export function certificatesNamed(certificates: readonly ExportedCertificate[], name: { issuer: string; subject: string }): ExportedCertificate[] {
  const subject = normalizeDn(name.subject);
  const issuer = normalizeDn(name.issuer);
  return certificates.filter((c) => normalizeDn(c.subject) === subject && (name.issuer === "" || normalizeDn(c.issuer) === issuer));
}

export type { JsonObject };
