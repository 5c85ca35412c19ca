/**
 * The documented rules for connector and accepted-domain parameters (reference §1 and §5.5), as
 * pure checks. Each issue names the field and says how to fix it, so a program fails before any
 * call reaches Exchange Online and the lint rules can reuse the same wording.
 */
import { IssueCollector, type SettingIssue } from "./issues";
import {
  ACCEPTED_DOMAIN_TYPES,
  CONNECTOR_SOURCES,
  CONNECTOR_TYPES,
  GRAPH_SETTABLE_SERVICES,
  MTA_STS_MODES,
  SMTP_DANE_MODES,
  TLS_SETTINGS,
  type AcceptedDomainSettings,
  type InboundConnectorSettings,
  type OutboundConnectorSettings,
} from "./settings";
import {
  isAddressSpaceDomain,
  isDomainName,
  isDomainOrLeadingWildcard,
  isEmailAddress,
  isPrivateIpv4Entry,
  isSkipIpEntry,
  isSmartHost,
  senderIpProblem,
  stripAddressSpace,
} from "./values";

export const MAX_CONNECTOR_NAME_LENGTH = 64;

/** Field names whose values a Pulumi preview does not know yet; rules about them are skipped. */
export type UnknownFields = ReadonlySet<string>;

export function checkInboundConnector(s: InboundConnectorSettings, unknown?: UnknownFields): SettingIssue[] {
  const c = new IssueCollector(unknown);
  checkConnectorCommon(c, s);

  if (c.known("senderDomains")) {
    for (const d of s.senderDomains ?? []) {
      if (!isAddressSpaceDomain(stripAddressSpace(d))) {
        c.add("senderDomains", `"${d}" is not *, a domain or *.domain.`, embeddedWildcardFix(d));
      }
    }
  }
  if (c.known("senderIPAddresses")) {
    for (const ip of s.senderIPAddresses ?? []) checkSenderIp(c, ip);
  }
  if (c.known("tlsSenderCertificateName") && s.tlsSenderCertificateName) {
    if (!isDomainOrLeadingWildcard(s.tlsSenderCertificateName)) {
      c.add(
        "tlsSenderCertificateName",
        `"${s.tlsSenderCertificateName}" is not a domain or *.domain.`,
        embeddedWildcardFix(s.tlsSenderCertificateName),
      );
    }
  }

  if (c.known("senderDomains") && (s.senderDomains ?? []).length === 0) {
    c.add("senderDomains", "is required: New-InboundConnector does not run without SenderDomains.", 'List the sender domains, or ["*"] for every domain (what an OnPremises connector usually takes).');
  }
  if (c.known("connectorType") && s.connectorType === "OnPremises") {
    // The docs call these "not applicable" to OnPremises connectors; no source shows the service refusing them.
    for (const field of ["restrictDomainsToCertificate", "restrictDomainsToIPAddresses"] as const) {
      if (c.known(field) && s[field] === true) {
        c.warn(field, "is a Partner-only setting; the cmdlet reference says it does not apply to an OnPremises connector, so it has no effect there.", `Remove ${field}, or set connectorType: "Partner".`);
      }
    }
    if (c.known("tlsSenderCertificateName", "senderIPAddresses") && !s.tlsSenderCertificateName && (s.senderIPAddresses ?? []).length === 0) {
      c.add(
        "tlsSenderCertificateName",
        "an OnPremises inbound connector must identify your servers by certificate or by IP address.",
        "Set tlsSenderCertificateName to the subject of your servers' certificate (e.g. mail.contoso.com), or list their public IPv4 addresses in senderIPAddresses.",
      );
    }
  }
  if (c.known("restrictDomainsToIPAddresses", "senderIPAddresses") && s.restrictDomainsToIPAddresses === true && (s.senderIPAddresses ?? []).length === 0) {
    c.add("senderIPAddresses", "is empty, but restrictDomainsToIPAddresses rejects mail from every address not listed here.", "List the partner's sending IPv4 addresses, or set restrictDomainsToIPAddresses: false.");
  }
  if (c.known("restrictDomainsToCertificate", "tlsSenderCertificateName") && s.restrictDomainsToCertificate === true && !s.tlsSenderCertificateName) {
    c.add("tlsSenderCertificateName", "is empty, but restrictDomainsToCertificate only accepts mail whose certificate matches it.", "Set tlsSenderCertificateName, or set restrictDomainsToCertificate: false.");
  }
  if (c.known("restrictDomainsToCertificate", "restrictDomainsToIPAddresses") && s.restrictDomainsToCertificate === true && s.restrictDomainsToIPAddresses === true) {
    c.add("restrictDomainsToIPAddresses", "restricting by certificate and by IP address in one Partner connector is not supported.", "Use two connectors: one restricted by certificate, one by IP address.");
  }
  if (c.known("treatMessagesAsInternal") && s.treatMessagesAsInternal === true) {
    if (c.known("connectorType") && s.connectorType !== "OnPremises") {
      c.add("treatMessagesAsInternal", "can only be true on an OnPremises connector.", 'Set connectorType: "OnPremises", or remove treatMessagesAsInternal.');
    }
    if (c.known("cloudServicesMailEnabled") && s.cloudServicesMailEnabled === true) {
      c.add("treatMessagesAsInternal", "cannot be true while cloudServicesMailEnabled is true (the hybrid headers already mark mail as internal).", "Remove treatMessagesAsInternal, or set cloudServicesMailEnabled: false.");
    }
  }
  if (c.known("efSkipIPs")) {
    for (const ip of s.efSkipIPs ?? []) {
      if (!isSkipIpEntry(ip)) {
        c.add("efSkipIPs", `"${ip}" is not an IP address, CIDR range or a-b range.`, "Use entries such as 203.0.113.10, 203.0.113.0/24 or 203.0.113.10-203.0.113.20.");
      } else if (isPrivateIpv4Entry(ip)) {
        c.add("efSkipIPs", `"${ip}" is private (RFC 1918) address space, which Enhanced Filtering skips on its own and refuses as an entry.`, "Remove it; list only the public addresses of the hops in front of Exchange Online.");
      }
    }
  }
  if (c.known("efSkipLastIP", "efSkipIPs") && s.efSkipLastIP === true && (s.efSkipIPs ?? []).length > 0) {
    c.add("efSkipIPs", "is ignored while efSkipLastIP is true (only the last hop is skipped).", "Clear efSkipIPs, or set efSkipLastIP: false.");
  }
  checkDomains(c, "associatedAcceptedDomains", s.associatedAcceptedDomains);
  checkDomains(c, "trustedOrganizations", s.trustedOrganizations);
  checkDomains(c, "clientHostNames", s.clientHostNames);
  checkEmails(c, "efUsers", s.efUsers);
  return c.issues;
}

export function checkOutboundConnector(s: OutboundConnectorSettings, unknown?: UnknownFields): SettingIssue[] {
  const c = new IssueCollector(unknown);
  checkConnectorCommon(c, s);

  if (c.known("recipientDomains")) {
    for (const d of s.recipientDomains ?? []) {
      if (!isAddressSpaceDomain(stripAddressSpace(d))) {
        c.add("recipientDomains", `"${d}" is not *, a domain or *.domain.`, embeddedWildcardFix(d));
      }
    }
  }
  if (c.known("smartHosts")) {
    for (const h of s.smartHosts ?? []) {
      if (!isSmartHost(h)) {
        c.add("smartHosts", `"${h}" is not a host name, IPv4 address or IPv4 CIDR range.`, "Use entries such as mail.contoso.com or 203.0.113.10.");
      }
    }
  }
  if (c.known("useMxRecord", "smartHosts")) {
    const hosts = (s.smartHosts ?? []).length;
    if (s.useMxRecord === false && hosts === 0) {
      c.add("smartHosts", "is empty, but useMxRecord: false delivers only to smart hosts.", "List the smart hosts, or set useMxRecord: true to route by MX record.");
    }
    if (s.useMxRecord !== false && hosts > 0) {
      c.add("useMxRecord", "must be false when smartHosts are listed (Exchange Online routes by MX record otherwise and ignores them).", "Set useMxRecord: false, or remove smartHosts.");
    }
  }
  checkEnum(c, "tlsSettings", s.tlsSettings, TLS_SETTINGS, true);
  checkEnum(c, "mtaStsMode", s.mtaStsMode, MTA_STS_MODES);
  checkEnum(c, "smtpDaneMode", s.smtpDaneMode, SMTP_DANE_MODES);
  if (c.known("tlsDomain") && s.tlsDomain) {
    if (!isDomainOrLeadingWildcard(s.tlsDomain)) {
      c.add("tlsDomain", `"${s.tlsDomain}" is not a domain or *.domain.`, embeddedWildcardFix(s.tlsDomain));
    }
    // The reference calls it "not applicable" otherwise; no source shows the service refusing it.
    if (c.known("tlsSettings") && s.tlsSettings !== "DomainValidation") {
      c.warn("tlsDomain", "is only used when tlsSettings is DomainValidation; otherwise it has no effect.", 'Set tlsSettings: "DomainValidation", or remove tlsDomain.');
    }
  }
  if (c.known("tlsSettings", "tlsDomain") && s.tlsSettings === "DomainValidation" && !s.tlsDomain) {
    c.add("tlsDomain", "is required when tlsSettings is DomainValidation: it is the name the smart host's certificate must match.", "Set tlsDomain (e.g. mail.contoso.com or *.contoso.com).");
  }
  if (c.known("connectorType") && s.connectorType !== "OnPremises") {
    for (const field of ["allAcceptedDomains", "routeAllMessagesViaOnPremises", "senderRewritingEnabled"] as const) {
      if (c.known(field) && s[field] === true) {
        c.add(field, "only applies to an OnPremises connector.", `Set connectorType: "OnPremises", or remove ${field}.`);
      }
    }
  }
  checkEmails(c, "validationRecipients", s.validationRecipients);
  if (c.known("lastValidationTimestamp") && s.lastValidationTimestamp && Number.isNaN(Date.parse(s.lastValidationTimestamp))) {
    c.add("lastValidationTimestamp", `"${s.lastValidationTimestamp}" is not a date and time.`, 'Use an ISO 8601 UTC time such as "2026-05-06T14:30:00Z".');
  }
  return c.issues;
}

export function checkAcceptedDomain(s: AcceptedDomainSettings, unknown?: UnknownFields): SettingIssue[] {
  const c = new IssueCollector(unknown);
  if (c.known("domainName") && !isDomainName(s.domainName ?? "")) {
    c.add("domainName", `"${s.domainName ?? ""}" is not a domain name.`, "Use the accepted domain's name, such as contoso.com.");
  }
  if (c.known("domainType") && s.domainType !== undefined && !ACCEPTED_DOMAIN_TYPES.includes(s.domainType)) {
    const onPremOnly = String(s.domainType).toLowerCase() === "externalrelay";
    c.add(
      "domainType",
      onPremOnly ? "ExternalRelay exists only in on-premises Exchange." : `"${s.domainType}" is not a domain type.`,
      'Use "Authoritative" or "InternalRelay".',
    );
  }
  if (c.known("matchSubDomains", "domainType") && s.matchSubDomains === true && s.domainType !== "InternalRelay") {
    c.add("matchSubDomains", "can only be enabled on an InternalRelay domain.", 'Set domainType: "InternalRelay", or remove matchSubDomains.');
  }
  return c.issues;
}

export function checkTenantDomain(domainName: string, supportedServices?: readonly string[], unknown?: UnknownFields): SettingIssue[] {
  const c = new IssueCollector(unknown);
  if (c.known("domainName")) {
    if (!isDomainName(domainName ?? "")) {
      c.add("domainName", `"${domainName ?? ""}" is not a domain name.`, "Use a domain you own, such as contoso.com.");
    } else if (/\.onmicrosoft\.(com|us|de)$|\.partner\.onmschina\.cn$/i.test(domainName)) {
      c.add("domainName", "initial (onmicrosoft) domains come with the tenant and cannot be added.", "Use a custom domain you own.");
    }
  }
  if (c.known("supportedServices")) {
    for (const service of supportedServices ?? []) {
      if (!(GRAPH_SETTABLE_SERVICES as readonly string[]).includes(service)) {
        c.add("supportedServices", `"${service}" cannot be set through Microsoft Graph.`, `Use only ${GRAPH_SETTABLE_SERVICES.join(", ")}.`);
      }
    }
  }
  return c.issues;
}

function checkConnectorCommon(c: IssueCollector, s: { name: string; connectorType: string; connectorSource?: string }): void {
  if (c.known("name")) {
    const name = typeof s.name === "string" ? s.name.trim() : "";
    if (name.length === 0) c.add("name", "is required.", "Give the connector a descriptive, unique name.");
    if (name.length > MAX_CONNECTOR_NAME_LENGTH) {
      c.add("name", `is ${name.length} characters; Exchange Online allows at most ${MAX_CONNECTOR_NAME_LENGTH}.`, "Shorten the name.");
    }
  }
  if (c.known("connectorType") && !CONNECTOR_TYPES.includes(s.connectorType as never)) {
    c.add("connectorType", `"${s.connectorType ?? ""}" is not a connector type.`, 'Use "OnPremises" (your own servers) or "Partner" (another organization or service).');
  }
  checkEnum(c, "connectorSource", s.connectorSource, CONNECTOR_SOURCES);
}

function checkSenderIp(c: IssueCollector, ip: string): void {
  const problem = senderIpProblem(ip);
  if (problem === undefined) return;
  const messages: Record<typeof problem, string> = {
    ipv6: `"${ip}" is IPv6; senderIPAddresses takes IPv4 only.`,
    range: `"${ip}" is a range; senderIPAddresses takes single addresses or CIDR blocks.`,
    "not-an-address": `"${ip}" is not an IPv4 address or CIDR block.`,
    "prefix-too-short": `"${ip}" is wider than /24; Exchange Online accepts /24 to /32.`,
  };
  c.add("senderIPAddresses", messages[problem], "Use single IPv4 addresses or CIDR blocks from /24 to /32, e.g. 203.0.113.10 or 203.0.113.0/24.");
}

function checkDomains(c: IssueCollector, field: string, values: readonly string[] | undefined): void {
  if (!c.known(field)) return;
  for (const d of values ?? []) {
    if (!isDomainName(d.trim())) c.add(field, `"${d}" is not a domain name.`, "Use domain names such as contoso.com.");
  }
}

function checkEmails(c: IssueCollector, field: string, values: readonly string[] | undefined): void {
  if (!c.known(field)) return;
  for (const a of values ?? []) {
    if (!isEmailAddress(a.trim())) c.add(field, `"${a}" is not an e-mail address.`, "Use addresses such as user@contoso.com.");
  }
}

function checkEnum(c: IssueCollector, field: string, value: unknown, allowed: readonly string[], nullable = false): void {
  if (!c.known(field) || value === undefined || (nullable && value === null)) return;
  if (!allowed.includes(value as string)) {
    c.add(field, `"${String(value)}" is not allowed.`, `Use one of ${allowed.join(", ")}${nullable ? ", or null" : ""}.`);
  }
}

function embeddedWildcardFix(value: string): string {
  return value.slice(1).includes("*")
    ? "Exchange Online accepts a wildcard only as the leading label (*.contoso.com), never inside the name."
    : "Use a domain such as contoso.com or a leading wildcard such as *.contoso.com.";
}
