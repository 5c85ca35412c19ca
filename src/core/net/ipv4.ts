/**
 * IPv4 addresses and CIDR ranges as unsigned 32-bit numbers, so the attribution index can look an
 * address up by arithmetic instead of string comparison. Range names are left to ipaddr.js.
 */
import ipaddr from "ipaddr.js";

export interface Ipv4Range {
  /** The network address, as an unsigned 32-bit number. */
  readonly base: number;
  readonly prefix: number;
  readonly text: string;
}

/** Four decimal octets 0–255 without leading zeros: the only form every mail system reads alike. */
const DOTTED_DECIMAL = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const PREFIX = /^(?:3[0-2]|[12]?\d)$/;

/**
 * Dotted decimal only. inet_aton and many parsers read `010.20.30.0` as octal (8.20.30.0), `0x0a.1`
 * as hexadecimal and `10.1` as 10.0.0.1, while Exchange, SPF (RFC 7208 ip4-network) and people read
 * them otherwise, so every form but four plain decimal octets is refused rather than guessed.
 */
export function isValidIpv4(text: string): boolean {
  return DOTTED_DECIMAL.test(text);
}

export function isValidIpv4OrCidr(text: string): boolean {
  const slash = text.indexOf("/");
  if (slash === -1) return isValidIpv4(text);
  return isValidIpv4(text.slice(0, slash)) && PREFIX.test(text.slice(slash + 1));
}

/**
 * Why `text` is not a dotted-decimal address or range, naming the fix; undefined when it is one.
 * The common mistake, leading zeros, gets the corrected address spelled out.
 */
export function ipv4Problem(text: string, allowCidr: boolean): string | undefined {
  if (allowCidr ? isValidIpv4OrCidr(text) : isValidIpv4(text)) return undefined;
  const expected = allowCidr ? "an IPv4 address (198.51.100.10) or CIDR range (198.51.100.0/24)" : "an IPv4 address such as 198.51.100.10";
  const slash = text.indexOf("/");
  const address = slash === -1 ? text : text.slice(0, slash);
  const prefix = slash === -1 ? undefined : text.slice(slash + 1);
  const octets = address.split(".");
  if (slash !== -1 && !allowCidr) return `must be ${expected}, without a /prefix`;
  if (octets.length === 4 && octets.every((o) => /^\d{1,3}$/.test(o) && Number(o) <= 255)) {
    if (prefix !== undefined && !PREFIX.test(prefix)) return `must be ${expected}; the prefix /${prefix} must be a decimal number from 0 to 32 without leading zeros`;
    const fixed = octets.map((o) => String(Number(o))).join(".") + (prefix !== undefined ? `/${prefix}` : "");
    return `must be ${expected} in dotted decimal; "${text}" has leading zeros, which many parsers read as octal (010 = 8), so write ${fixed} if you meant decimal`;
  }
  if (/0x/i.test(address)) return `must be ${expected} in dotted decimal; hexadecimal octets such as 0x0a are refused, write each octet in decimal (0x0a = 10)`;
  if (octets.length < 4 && octets.every((o) => /^\d+$/.test(o))) return `must be ${expected} in dotted decimal with all four octets; short forms such as 10.1 (read by some parsers as 10.0.0.1) are refused`;
  return `must be ${expected}: four decimal octets from 0 to 255 separated by dots`;
}

/** For an address already validated as a dotted quad; attribution calls this once per message, so it avoids allocation. */
export function ipv4ToNumber(text: string): number {
  let value = 0;
  let octet = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      value = value * 256 + octet;
      octet = 0;
    } else {
      octet = octet * 10 + (c - 48);
    }
  }
  return value * 256 + octet;
}

export function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** For a range already validated by {@link isValidIpv4OrCidr}. */
export function parseIpv4Range(text: string): Ipv4Range {
  const slash = text.indexOf("/");
  if (slash === -1) return { base: ipv4ToNumber(text), prefix: 32, text };
  const prefix = Number(text.slice(slash + 1));
  return { base: (ipv4ToNumber(text.slice(0, slash)) & maskOf(prefix)) >>> 0, prefix, text };
}

export function rangeContains(range: Ipv4Range, address: number): boolean {
  return ((address & maskOf(range.prefix)) >>> 0) === range.base;
}

export function rangeSize(range: Ipv4Range): number {
  return 2 ** (32 - range.prefix);
}

export function rangesOverlap(a: Ipv4Range, b: Ipv4Range): boolean {
  const prefix = Math.min(a.prefix, b.prefix);
  return ((a.base & maskOf(prefix)) >>> 0) === ((b.base & maskOf(prefix)) >>> 0);
}

/** The ipaddr.js range name of an address: "unicast" for public space, else "private", "reserved", ... */
export function ipv4RangeKind(text: string): string {
  return ipaddr.IPv4.parse(text.split("/")[0]!).range();
}
