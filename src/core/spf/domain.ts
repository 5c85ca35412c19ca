/** Domain-name checks SPF needs: RFC 7208 §4.3 (the checked domain) and §7.3 (expanded targets). */

const MAX_NAME = 253;
const MAX_LABEL = 63;

/** Lower-case, without one trailing dot: the form used as DNS-map keys and in messages. */
export function normalizeName(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith(".") ? lower.slice(0, -1) : lower;
}

/** Every label is 1–63 octets and the name is at most 253; no other character rules (SPF allows `_`). */
export function isWellFormedName(name: string): boolean {
  if (name.length === 0 || name.length > MAX_NAME) return false;
  let start = 0;
  for (;;) {
    const dot = name.indexOf(".", start);
    const end = dot === -1 ? name.length : dot;
    const length = end - start;
    if (length === 0 || length > MAX_LABEL) return false;
    if (dot === -1) return true;
    start = dot + 1;
  }
}

/** RFC 7208 §4.3: a malformed or single-label domain makes check_host() return none. */
export function isCheckableDomain(name: string): boolean {
  return isWellFormedName(name) && name.includes(".");
}

/**
 * RFC 7208 §7.3: an expansion longer than 253 characters loses whole labels from the left until
 * it fits.
 */
export function truncateLeft(name: string): string {
  let out = name;
  while (out.length > MAX_NAME) {
    const dot = out.indexOf(".");
    if (dot === -1) return out;
    out = out.slice(dot + 1);
  }
  return out;
}

/** RFC 7208 toplabel: alphanumeric with at least one letter, or with inner hyphens. */
const TOPLABEL = /^(?:[a-z0-9]*[a-z][a-z0-9]*|[a-z0-9]+-[a-z0-9-]*[a-z0-9])$/i;

/**
 * Whether literal text that ends a domain-spec satisfies `domain-end = "." toplabel ["."]`:
 * a numeric or missing top-level label (`a:1.2.3.4`, `a:museum`) is a syntax error.
 */
export function hasValidDomainEnd(literalTail: string): boolean {
  const text = literalTail.endsWith(".") ? literalTail.slice(0, -1) : literalTail;
  const dot = text.lastIndexOf(".");
  if (dot === -1) return false;
  return TOPLABEL.test(text.slice(dot + 1));
}
