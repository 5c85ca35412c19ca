/** Small helpers over lower-case domain names and addresses; no DNS. */

/** The domain of an address; "" for the null reverse-path. */
export function domainOf(address: string): string {
  const at = address.lastIndexOf("@");
  return at < 0 ? "" : address.slice(at + 1).toLowerCase();
}

export function labelCount(domain: string): number {
  let count = 1;
  for (let i = 0; i < domain.length; i++) if (domain.charCodeAt(i) === 46) count++;
  return count;
}

export function isWildcard(pattern: string): boolean {
  return pattern.startsWith("*.");
}

/** The base of a wildcard pattern (`*.contoso.com` → `contoso.com`), or the name itself. */
export function wildcardBase(pattern: string): string {
  return isWildcard(pattern) ? pattern.slice(2) : pattern;
}

/** `name` is `base` or lies below it. */
export function isAtOrBelow(name: string, base: string): boolean {
  return name === base || (name.length > base.length && name.endsWith(base) && name.charCodeAt(name.length - base.length - 1) === 46);
}

/**
 * Whether a domain pattern of the SenderDomains / RecipientDomains / AddressSpaces kind covers a domain:
 * `*` covers everything, `*.x` covers x and everything below it (cmdlet reference), `x` covers x only.
 */
export function patternCovers(pattern: string, domain: string): boolean {
  if (pattern === "*") return true;
  if (isWildcard(pattern)) return isAtOrBelow(domain, pattern.slice(2));
  return pattern === domain;
}

/** The Exchange Online Protection MX host of a domain in the classic form (§4.4); never used to publish DNS. */
export function classicEopMxHost(domain: string): string {
  return `${domain.replace(/\./g, "-")}.mail.protection.outlook.com`;
}

/** A host name that belongs to Exchange Online Protection's inbound endpoints. */
export function isEopEndpoint(host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, "");
  return (
    h.endsWith(".mail.protection.outlook.com") ||
    h.endsWith(".mx.microsoft") ||
    h.endsWith(".mail.protection.outlook.de") ||
    h.endsWith(".mail.protection.office365.us") ||
    h.endsWith(".mail.protection.partner.outlook.cn")
  );
}
