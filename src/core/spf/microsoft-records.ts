/**
 * Microsoft's own SPF records, one dated snapshot for every front end (CLI `check`, the policy pack's
 * world reconstruction, the components), so an offline world that does not copy them is judged like
 * the internet would judge it. A world's own `dns` entry, or live DNS, always wins over the snapshot:
 * Microsoft changes these records without notice.
 */
import type { DnsMap } from "./dns-view";
import { dnsKey } from "./dns-view";

export type MicrosoftCloud = "commercial" | "gcc-high-dod" | "21vianet";

export interface MicrosoftSpfName {
  readonly name: string;
  readonly cloud: MicrosoftCloud;
  /**
   * The TXT records as captured; undefined when Microsoft documents the name (customers must include
   * it) but no source read for this project holds its contents (gap X14).
   */
  readonly txt?: readonly string[];
  /** Where the name and, when given, the contents come from. */
  readonly source: string;
}

/**
 * When the contents were captured. The commercial records are the ones recorded in the project's
 * reference (attribution-model.md §4.1, stored SPF snapshots, research of November 2026), which
 * also notes that later variants split 2a01:111:f403::/48 into /49–/52 pieces: IPv6 clients are
 * rare on the paths the engine simulates, and every IPv4 range is unchanged by that split.
 */
export const MICROSOFT_SPF_SNAPSHOT_DATE = "2026-11";

export const MICROSOFT_SPF_NAMES: readonly MicrosoftSpfName[] = [
  {
    name: "spf.protection.outlook.com",
    cloud: "commercial",
    txt: ["v=spf1 ip4:40.92.0.0/15 ip4:40.107.0.0/16 ip4:52.100.0.0/14 ip4:104.47.0.0/17 ip6:2a01:111:f400::/48 ip6:2a01:111:f403::/48 include:spfd.protection.outlook.com -all"],
    source: "S23 (the include customers publish); contents: attribution-model.md §4.1 stored snapshots",
  },
  {
    name: "spfd.protection.outlook.com",
    cloud: "commercial",
    txt: ["v=spf1 ip4:51.4.72.0/24 ip4:51.5.72.0/24 ip4:51.5.80.0/27 ip4:51.4.80.0/27 -all"],
    source: "included by spf.protection.outlook.com; contents: attribution-model.md §4.1 stored snapshots (IPv6 /64s omitted there)",
  },
  {
    name: "spf.protection.office365.us",
    cloud: "gcc-high-dod",
    source: "S23 and Microsoft's DNS records pages for GCC High and DoD: v=spf1 include:spf.protection.office365.us -all; contents not captured (X14)",
  },
  {
    name: "spf.protection.partner.outlook.cn",
    cloud: "21vianet",
    source: "S23 and Microsoft's DNS records pages for 21Vianet: v=spf1 include:spf.protection.partner.outlook.cn -all; contents not captured (X14)",
  },
];

const BY_NAME = new Map(MICROSOFT_SPF_NAMES.map((n) => [n.name, n]));

/** The snapshot entry for a name Microsoft publishes for SPF, if it is one. */
export function microsoftSpfName(name: string): MicrosoftSpfName | undefined {
  return BY_NAME.get(dnsKey(name));
}

/** The records whose contents the snapshot holds, as a world-style DNS map. */
export const MICROSOFT_SPF_RECORDS: Readonly<Record<string, { readonly txt: readonly string[] }>> = Object.freeze(
  Object.fromEntries(MICROSOFT_SPF_NAMES.filter((n) => n.txt !== undefined).map((n) => [n.name, { txt: n.txt! }])),
);

/**
 * `dns` with the snapshot filled in where `dns` says nothing about a name: an entry the world (or a
 * live snapshot) gives, even one without TXT records, is kept as it is.
 */
export function withMicrosoftSpfRecords<T extends DnsMap>(dns: T): T {
  let out: Record<string, unknown> | undefined;
  for (const [name, records] of Object.entries(MICROSOFT_SPF_RECORDS)) {
    if (Object.hasOwn(dns, name)) continue;
    out ??= { ...dns };
    out[name] = records;
  }
  return (out ?? dns) as T;
}
