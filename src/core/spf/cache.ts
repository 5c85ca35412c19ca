/**
 * Per-DnsView memory. The engine evaluates the same few domains for many messages, so record
 * selection, parsing and address parsing happen once per view. Keyed by the view object in a
 * WeakMap: dropping the view drops its caches.
 *
 * Whole results are deliberately not memoised: an untraced evaluation costs about a microsecond,
 * and retaining results for ever-new client IPs cost more in garbage collection than it saved.
 */
import type { DnsView } from "./dns-view";
import { ipv4Value, ipv6Words } from "./ip";
import { isSpfRecordText, parseSpfRecord } from "./parse";
import type { SpfParseResult, SpfRecord } from "./types";

/** What a domain publishes, as RFC 7208 §4.5 record selection sees it. */
export type RecordLookup =
  /** `void`: no TXT records at all (NXDOMAIN or empty answer), rather than TXT without v=spf1. */
  | { readonly kind: "none"; readonly void: boolean }
  | { readonly kind: "multiple"; readonly records: readonly string[] }
  | { readonly kind: "invalid"; readonly text: string; readonly error: string; readonly term?: string }
  | { readonly kind: "ok"; readonly text: string; readonly record: SpfRecord };

/** Keeps a long-running process from growing without limit on ever-new record texts. */
const PARSE_LIMIT = 10_000;

export interface ViewCache {
  readonly records: Map<string, RecordLookup>;
  readonly ipv4: Map<string, readonly number[] | null>;
  readonly ipv6: Map<string, readonly (readonly number[])[] | null>;
}

const caches = new WeakMap<DnsView, ViewCache>();

export function viewCache(view: DnsView): ViewCache {
  let cache = caches.get(view);
  if (cache === undefined) {
    cache = { records: new Map(), ipv4: new Map(), ipv6: new Map() };
    caches.set(view, cache);
  }
  return cache;
}

/** Parsing depends only on the text, so identical records (spf.protection.outlook.com) share it across views. */
const parsedTexts = new Map<string, SpfParseResult>();

export function parseCached(text: string): SpfParseResult {
  let parsed = parsedTexts.get(text);
  if (parsed === undefined) {
    if (parsedTexts.size >= PARSE_LIMIT) parsedTexts.clear();
    parsed = parseSpfRecord(text);
    parsedTexts.set(text, parsed);
  }
  return parsed;
}

/** Throws DnsTemporaryError when the view cannot answer; such failures are not cached. */
export function lookupRecord(view: DnsView, cache: ViewCache, domain: string): RecordLookup {
  const cached = cache.records.get(domain);
  if (cached !== undefined) return cached;
  const txt = view.txt(domain);
  let lookup: RecordLookup;
  if (txt === undefined) {
    lookup = { kind: "none", void: true };
  } else {
    const spf = txt.filter(isSpfRecordText);
    if (spf.length === 0) lookup = { kind: "none", void: false };
    else if (spf.length > 1) lookup = { kind: "multiple", records: spf };
    else {
      const text = spf[0]!;
      const parsed = parseCached(text);
      lookup = parsed.ok
        ? { kind: "ok", text, record: parsed.record }
        : { kind: "invalid", text, error: parsed.error, ...(parsed.term !== undefined ? { term: parsed.term } : {}) };
    }
  }
  cache.records.set(domain, lookup);
  return lookup;
}

/** A records as numbers; undefined for a void lookup. Malformed answers are skipped, not fatal. */
export function ipv4Addresses(view: DnsView, cache: ViewCache, name: string): readonly number[] | undefined {
  const cached = cache.ipv4.get(name);
  if (cached !== undefined) return cached ?? undefined;
  const answer = view.a(name);
  const values = answer === undefined ? null : answer.map(ipv4Value).filter((v): v is number => v !== undefined);
  cache.ipv4.set(name, values);
  return values ?? undefined;
}

export function ipv6Addresses(view: DnsView, cache: ViewCache, name: string): readonly (readonly number[])[] | undefined {
  const cached = cache.ipv6.get(name);
  if (cached !== undefined) return cached ?? undefined;
  const answer = view.aaaa(name);
  const values = answer === undefined ? null : answer.map(ipv6Words).filter((v): v is number[] => v !== undefined);
  cache.ipv6.set(name, values);
  return values ?? undefined;
}
