/**
 * Value forms Exchange Online accepts for connector and accepted-domain parameters, and the
 * normalisation that makes a desired value comparable with what the service returns.
 */
import ipaddr from "ipaddr.js";

const LABEL = "(?!-)[a-z0-9-]{1,63}(?<!-)";
const DOMAIN_RE = new RegExp(`^(?=.{1,253}$)${LABEL}(\\.${LABEL})+$`, "i");

export function isDomainName(text: string): boolean {
  return DOMAIN_RE.test(text);
}

/** `contoso.com` or `*.contoso.com`; `a.*.contoso.com` (an embedded wildcard) is rejected by the service. */
export function isDomainOrLeadingWildcard(text: string): boolean {
  return isDomainName(text.startsWith("*.") ? text.slice(2) : text);
}

/** Address spaces (SenderDomains, RecipientDomains) also allow `*` for every domain. */
export function isAddressSpaceDomain(text: string): boolean {
  return text === "*" || isDomainOrLeadingWildcard(text);
}

/** The service stores address spaces as `smtp:contoso.com;1` (type:domain;cost); compare the domain. */
export function stripAddressSpace(text: string): string {
  return text.trim().replace(/^smtp:/i, "").replace(/;\d+$/, "").toLowerCase();
}

export type SenderIpProblem = "ipv6" | "range" | "not-an-address" | "prefix-too-short";

/** SenderIPAddresses: IPv4 only, one address or a CIDR from /24 to /32. */
export function senderIpProblem(text: string): SenderIpProblem | undefined {
  const value = text.trim();
  if (value.includes("-")) return "range";
  const [address, prefix] = value.split("/");
  if (address !== undefined && ipaddr.IPv6.isValid(address) && !ipaddr.IPv4.isValid(address)) return "ipv6";
  if (address === undefined || !ipaddr.IPv4.isValidFourPartDecimal(address)) return "not-an-address";
  if (prefix === undefined) return undefined;
  if (!/^\d{1,2}$/.test(prefix) || Number(prefix) > 32) return "not-an-address";
  return Number(prefix) < 24 ? "prefix-too-short" : undefined;
}

/** EFSkipIPs: an address, a CIDR or a range `a-b`, IPv4 or IPv6. */
export function isSkipIpEntry(text: string): boolean {
  const value = text.trim();
  if (value.includes("-")) {
    const [from, to, ...rest] = value.split("-");
    return rest.length === 0 && ipaddr.isValid(from ?? "") && ipaddr.isValid(to ?? "");
  }
  if (value.includes("/")) {
    try {
      ipaddr.parseCIDR(value);
      return true;
    } catch {
      return false;
    }
  }
  return ipaddr.isValid(value) && (value.includes(":") || ipaddr.IPv4.isValidFourPartDecimal(value));
}

/** Private (RFC 1918) space is skipped by Enhanced Filtering on its own and refused as an entry. */
export function isPrivateIpv4Entry(text: string): boolean {
  const first = text.trim().split(/[-/]/)[0] ?? "";
  return ipaddr.IPv4.isValidFourPartDecimal(first) && ipaddr.IPv4.parse(first).range() === "private";
}

/** SmartHosts: a host name, an IPv4 address or an IPv4 CIDR. */
export function isSmartHost(text: string): boolean {
  const value = text.trim();
  if (ipaddr.IPv4.isValidFourPartDecimal(value)) return true;
  if (value.includes("/")) {
    const [address, prefix] = value.split("/");
    return ipaddr.IPv4.isValidFourPartDecimal(address ?? "") && /^\d{1,2}$/.test(prefix ?? "") && Number(prefix) <= 32;
  }
  return isDomainName(value) || /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i.test(value);
}

export function isEmailAddress(text: string): boolean {
  const at = text.lastIndexOf("@");
  return at > 0 && !/\s/.test(text) && isDomainName(text.slice(at + 1));
}
