/**
 * The DNS as SPF sees it: five record types, answered synchronously from data the caller already
 * has. The engine evaluates SPF offline against a world's `dns` map; a live shell fills such a map
 * first (src/dns/live-snapshot.ts) so the core never waits on the network.
 */
import type { DnsRecords } from "../model/types";

export type DnsRecordType = "txt" | "a" | "aaaa" | "mx" | "ptr";

export interface MxRecord {
  readonly preference: number;
  readonly exchange: string;
}

/**
 * Each method returns undefined when the name does not exist or has no records of that type: both
 * are "void lookups" to SPF (RFC 7208 §4.6.4). A method may throw {@link DnsTemporaryError} to say
 * the answer is unknown, which SPF reports as temperror.
 *
 * A view must answer the same way for its whole life: parsed records are cached per view, and a
 * result's `steps` are produced later by evaluating again.
 */
export interface DnsView {
  txt(name: string): readonly string[] | undefined;
  a(name: string): readonly string[] | undefined;
  aaaa(name: string): readonly string[] | undefined;
  mx(name: string): readonly MxRecord[] | undefined;
  /**
   * PTR records of a reverse name (`40.30.20.10.in-addr.arpa`), for SPF's ptr mechanism and %{p}
   * (RFC 7208 §5.5, §7.3). A view without it answers every reverse lookup with no records.
   */
  ptr?(name: string): readonly string[] | undefined;
  /**
   * Whether the data behind the view says anything at all about `name`. Only an offline world
   * answers false: there a name it does not list is unknown, not proven to have no records, so
   * analysis says "not described" and names the fix instead of "publishes no record".
   */
  describes?(name: string): boolean;
}

/** A lookup that failed for a reason other than "no such name / no data" (SERVFAIL, timeout, ...). */
export interface DnsLookupFailure {
  readonly name: string;
  readonly type: DnsRecordType;
  /** The resolver's code, e.g. ESERVFAIL, ETIMEOUT, EREFUSED. */
  readonly code: string;
}

export class DnsTemporaryError extends Error {
  constructor(readonly failure: DnsLookupFailure) {
    super(`DNS ${failure.type.toUpperCase()} lookup of ${failure.name} failed (${failure.code})`);
    this.name = "DnsTemporaryError";
  }
}

/** A world-style map: lower-case names without the trailing dot. */
export type DnsMap = Readonly<Record<string, Readonly<DnsRecords>>>;

/** Lower-cases and drops one trailing dot, the form names take as keys of a world's `dns` map. */
export function dnsKey(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith(".") ? lower.slice(0, -1) : lower;
}

function nonEmpty<T>(list: readonly T[] | undefined): readonly T[] | undefined {
  return list !== undefined && list.length > 0 ? list : undefined;
}

/**
 * A view over a world's `dns` map. `failures` (for instance from a live snapshot) make the listed
 * lookups throw, so an incomplete snapshot yields temperror rather than a wrong answer.
 */
export function worldDnsView(dns: DnsMap, failures: readonly DnsLookupFailure[] = [], options: { readonly offline?: boolean } = {}): DnsView {
  const failed = new Map<string, DnsLookupFailure>();
  for (const failure of failures) failed.set(`${failure.type} ${dnsKey(failure.name)}`, failure);
  // Object.hasOwn keeps names such as "constructor" or "__proto__" from reaching the prototype.
  const entry = (name: string, type: DnsRecordType): Readonly<DnsRecords> | undefined => {
    const key = dnsKey(name);
    if (failed.size > 0) {
      const failure = failed.get(`${type} ${key}`);
      if (failure !== undefined) throw new DnsTemporaryError(failure);
    }
    return Object.hasOwn(dns, key) ? dns[key] : undefined;
  };
  const view: DnsView = {
    txt: (name) => nonEmpty(entry(name, "txt")?.txt),
    a: (name) => nonEmpty(entry(name, "a")?.a),
    aaaa: (name) => nonEmpty(entry(name, "aaaa")?.aaaa),
    mx: (name) => nonEmpty(entry(name, "mx")?.mx),
    ptr: (name) => nonEmpty(entry(name, "ptr")?.ptr),
  };
  if (options.offline) view.describes = (name) => Object.hasOwn(dns, dnsKey(name));
  return view;
}
