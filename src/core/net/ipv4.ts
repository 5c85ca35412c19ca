/**
 * IPv4 addresses and CIDR ranges as unsigned 32-bit numbers, so the attribution index can look an
 * address up by arithmetic instead of string comparison. Parsing is left to ipaddr.js.
 */
import ipaddr from "ipaddr.js";

export interface Ipv4Range {
  /** The network address, as an unsigned 32-bit number. */
  readonly base: number;
  readonly prefix: number;
  readonly text: string;
}

export function isValidIpv4(text: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(text);
}

export function isValidIpv4OrCidr(text: string): boolean {
  if (!text.includes("/")) return isValidIpv4(text);
  try {
    const [address] = ipaddr.IPv4.parseCIDR(text);
    return isValidIpv4(address.toString());
  } catch {
    return false;
  }
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

export function parseIpv4Range(text: string): Ipv4Range {
  if (!text.includes("/")) return { base: ipv4ToNumber(text), prefix: 32, text };
  const [address, prefix] = ipaddr.IPv4.parseCIDR(text);
  return { base: (ipv4ToNumber(address.toString()) & maskOf(prefix)) >>> 0, prefix, text };
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
