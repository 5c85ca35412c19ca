/**
 * Client addresses and networks as numbers, so matching ip4/ip6/a/mx terms is arithmetic. IPv4
 * networks reuse src/core/net/ipv4.ts; IPv6 is eight 16-bit words parsed by ipaddr.js.
 */
import ipaddr from "ipaddr.js";
import { maskOf } from "../net/ipv4";
import type { Ip4Network, Ip6Network } from "./types";

export type ClientIp =
  | { readonly family: 4; readonly value: number; readonly text: string }
  | { readonly family: 6; readonly words: readonly number[]; readonly text: string };

/**
 * Dotted-quad text to a number, or undefined. Strict like RFC 7208's ip4-network (qnum): four
 * decimal octets without leading zeros, which other parsers would read as octal.
 */
export function ipv4Value(text: string): number | undefined {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2e) {
      if (digits === 0 || ++dots > 3) return undefined;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
    } else if (c >= 0x30 && c <= 0x39) {
      if (digits === 1 && octet === 0) return undefined;
      octet = octet * 10 + (c - 0x30);
      if (++digits > 3 || octet > 255) return undefined;
    } else {
      return undefined;
    }
  }
  if (dots !== 3 || digits === 0) return undefined;
  return value * 256 + octet;
}

/** The RFC 7208 ip4-network form; the same rule as {@link ipv4Value}. */
export const parseStrictIpv4 = ipv4Value;

/** IPv6 text to eight words; undefined when malformed or carrying a zone (`%eth0`). */
export function ipv6Words(text: string): number[] | undefined {
  if (text.includes("%") || !ipaddr.IPv6.isValid(text)) return undefined;
  return ipaddr.IPv6.parse(text).parts.slice();
}

/** Undefined when `text` is neither an IPv4 nor an IPv6 address. */
export function parseClientIp(text: string): ClientIp | undefined {
  const trimmed = text.trim();
  const v4 = ipv4Value(trimmed);
  if (v4 !== undefined) return { family: 4, value: v4, text: trimmed };
  const words = ipv6Words(trimmed);
  if (words === undefined) return undefined;
  const parsed = new ipaddr.IPv6(words);
  // An IPv4 connection seen through a dual-stack socket is still an IPv4 client to SPF.
  if (parsed.isIPv4MappedAddress()) {
    const v4text = parsed.toIPv4Address().toString();
    return { family: 4, value: ipv4Value(v4text)!, text: v4text };
  }
  return { family: 6, words, text: parsed.toRFC5952String() };
}

export function ip4Network(value: number, prefix: number): Ip4Network {
  return { family: 4, base: (value & maskOf(prefix)) >>> 0, prefix };
}

export function ip6Network(words: readonly number[], prefix: number): Ip6Network {
  return { family: 6, words: maskWords(words, prefix), prefix };
}

function maskWords(words: readonly number[], prefix: number): number[] {
  const out = new Array<number>(8);
  for (let i = 0; i < 8; i++) {
    const bits = Math.min(16, Math.max(0, prefix - i * 16));
    out[i] = bits === 0 ? 0 : words[i]! & ((0xffff << (16 - bits)) & 0xffff);
  }
  return out;
}

export function ip4InNetwork(value: number, network: Ip4Network): boolean {
  return ((value & maskOf(network.prefix)) >>> 0) === network.base;
}

export function ip6InNetwork(words: readonly number[], network: Ip6Network): boolean {
  return ip6SamePrefix(words, network.words, network.prefix);
}

/** Compares the first `prefix` bits of two IPv4 values (a/mx dual-cidr matching). */
export function ip4SamePrefix(a: number, b: number, prefix: number): boolean {
  const mask = maskOf(prefix);
  return ((a & mask) >>> 0) === ((b & mask) >>> 0);
}

export function ip6SamePrefix(a: readonly number[], b: readonly number[], prefix: number): boolean {
  for (let i = 0; i < 8; i++) {
    const bits = Math.min(16, Math.max(0, prefix - i * 16));
    if (bits === 0) return true;
    const mask = (0xffff << (16 - bits)) & 0xffff;
    if ((a[i]! & mask) !== (b[i]! & mask)) return false;
  }
  return true;
}

/** %{i}: dotted quad for IPv4, 32 dot-separated nibbles for IPv6 (RFC 7208 §7.3). */
export function macroIp(ip: ClientIp): string {
  if (ip.family === 4) return ip.text;
  const nibbles: string[] = [];
  for (const word of ip.words) {
    const hex = word.toString(16).padStart(4, "0");
    for (const nibble of hex) nibbles.push(nibble);
  }
  return nibbles.join(".");
}

/** The reverse-lookup name of a client (RFC 7208 §5.5): `d.c.b.a.in-addr.arpa`, or 32 nibbles `.ip6.arpa`. */
export function reverseName(ip: ClientIp): string {
  if (ip.family === 4) return `${ip.text.split(".").reverse().join(".")}.in-addr.arpa`;
  return `${macroIp(ip).split(".").reverse().join(".")}.ip6.arpa`;
}
