/**
 * Composes a domain's SPF record from the senders a program declares and counts what evaluating it
 * costs, so a record over RFC 7208's 10-lookup limit fails the program instead of failing SPF
 * (permerror) at every receiver after deployment.
 */
import { MICROSOFT_SPF_RECORDS as MICROSOFT_RECORDS } from "../core/spf/microsoft-records";
import { isValidIpv4OrCidr } from "../core/net/ipv4";
import { analyzeSpf, parseSpfRecord, SPF_LOOKUP_LIMIT, worldDnsView, type DnsMap } from "../core/spf";
import type { CloudName } from "../identity/clouds";
import { ComponentInputError } from "./input-error";

/** `-all` (fail, the default: mail from anyone else is rejected) or `~all` (softfail, for a transition). */
export const SpfAllPolicy = { fail: "fail", softfail: "softfail" } as const;
export type SpfAllPolicy = (typeof SpfAllPolicy)[keyof typeof SpfAllPolicy];

/** A third-party sender's SPF include, e.g. a marketing or ticketing service. */
export interface SpfIncludeArgs {
  /** The include target the vendor documents, e.g. `_spf.salesforce.com`. */
  domain: string;
  /**
   * The DNS lookups the vendor's record costs, the include itself counted (check with an SPF
   * checker). Unknown third parties count as 1, which is the least an include can cost; give the
   * real figure so the 10-lookup limit is checked honestly.
   */
  lookups?: number;
}

/** The senders a domain's SPF record authorizes. */
export interface SpfArgs {
  /** IPv4 addresses or CIDR ranges that send as this domain directly, published as `ip4:` terms. */
  ip4?: string[];
  /** Authorize Exchange Online (`include:spf.protection.outlook.com` or the cloud's equivalent). Default true. */
  exchangeOnline?: boolean;
  /** Third-party senders, published as `include:` terms in this order. */
  includes?: SpfIncludeArgs[];
  /** The policy for everyone else. Default `fail` (`-all`). */
  all?: SpfAllPolicy;
}

/** Exchange Online's SPF include per cloud (Microsoft's SPF guidance, S23). */
export const EXCHANGE_ONLINE_SPF_INCLUDE: Readonly<Record<CloudName, string>> = {
  commercial: "spf.protection.outlook.com",
  gcc: "spf.protection.outlook.com",
  gcchigh: "spf.protection.office365.us",
  dod: "spf.protection.office365.us",
  china: "spf.protection.partner.outlook.cn",
};

/**
 * Microsoft's records as published, so their nested includes are counted (the commercial include
 * costs 2 lookups). Names missing there are counted as stubs: 1 lookup each.
 */
const MICROSOFT_SPF_RECORDS: DnsMap = MICROSOFT_RECORDS as unknown as DnsMap;

export interface ComposedSpf {
  readonly record: string;
  /** DNS lookups of an evaluation in which nothing matches early (the worst case RFC 7208 limits). */
  readonly lookups: number;
}

const INCLUDE_TARGET = /^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,62})(?:\.[a-z0-9_](?:[a-z0-9_-]{0,62}))*\.[a-z]{2,63}$/i;

/**
 * Builds `v=spf1 ip4:… include:<Exchange Online> include:<third parties> -all` and checks it.
 * `field` names the argument in errors (e.g. `domains[0].spf`).
 */
export function composeSpf(domain: string, spf: SpfArgs, cloud: CloudName, field: string): ComposedSpf {
  const ip4 = spf.ip4 ?? [];
  const includes = spf.includes ?? [];
  ip4.forEach((ip, i) => {
    if (!isValidIpv4OrCidr(ip)) throw new ComponentInputError(`${field}.ip4[${i}]`, `"${ip}" is not an IPv4 address or CIDR range`, "give an address such as 198.51.100.10 or a range such as 198.51.100.0/28");
  });
  includes.forEach((inc, i) => {
    if (!INCLUDE_TARGET.test(inc.domain)) throw new ComponentInputError(`${field}.includes[${i}].domain`, `"${inc.domain}" is not a domain name`, "give the include target the vendor documents, e.g. _spf.example.com (without include:)");
    if (inc.lookups !== undefined && (!Number.isInteger(inc.lookups) || inc.lookups < 1)) {
      throw new ComponentInputError(`${field}.includes[${i}].lookups`, `${inc.lookups} is not a whole number of at least 1`, "count the include itself plus every lookup in the vendor's record");
    }
  });

  const terms = ["v=spf1", ...dedupe(ip4.map((ip) => `ip4:${ip.trim()}`))];
  const microsoft = EXCHANGE_ONLINE_SPF_INCLUDE[cloud];
  if (spf.exchangeOnline ?? true) terms.push(`include:${microsoft}`);
  for (const inc of includes) terms.push(`include:${inc.domain.toLowerCase()}`);
  terms.push((spf.all ?? "fail") === "fail" ? "-all" : "~all");
  const record = dedupe(terms).join(" ");

  const parsed = parseSpfRecord(record);
  if (!parsed.ok) throw new ComponentInputError(field, `the composed SPF record "${record}" is not valid: ${parsed.error}`, "correct the term it names");

  const lookups = countLookups(domain, record, includes);
  if (lookups > SPF_LOOKUP_LIMIT) {
    const breakdown = [
      ...(spf.exchangeOnline ?? true ? [`${microsoft}: ${lookupsOfMicrosoft(microsoft)}`] : []),
      ...includes.map((inc) => `${inc.domain}: ${Math.max(1, inc.lookups ?? 1)}`),
    ].join(", ");
    throw new ComponentInputError(
      `${field}.includes`,
      `the SPF record of ${domain} needs ${lookups} DNS lookups (${breakdown}); RFC 7208 allows ${SPF_LOOKUP_LIMIT}, beyond which every receiver gets permerror and SPF fails for all mail`,
      "remove includes of services that no longer send, replace an include by the service's ip4: ranges, or send the service's mail from a subdomain with its own SPF record",
    );
  }
  return { record, lookups };
}

/** Counts with the core SPF analysis: Microsoft's real records, third parties as stubs plus their declared extra cost. */
function countLookups(domain: string, record: string, includes: readonly SpfIncludeArgs[]): number {
  const dns: Record<string, { txt: string[] }> = {};
  for (const inc of includes) dns[inc.domain.toLowerCase()] = { txt: ["v=spf1 ?all"] };
  const view = worldDnsView({ ...dns, ...MICROSOFT_SPF_RECORDS, [domain]: { txt: [record] } });
  const analysis = analyzeSpf(view, domain);
  const declaredExtra = includes.reduce((n, inc) => n + Math.max(0, (inc.lookups ?? 1) - 1), 0);
  return analysis.worstCaseLookups + declaredExtra;
}

function lookupsOfMicrosoft(include: string): number {
  const view = worldDnsView({ ...MICROSOFT_SPF_RECORDS, "count.invalid": { txt: [`v=spf1 include:${include} -all`] } });
  return analyzeSpf(view, "count.invalid").worstCaseLookups;
}

function dedupe(values: readonly string[]): string[] {
  return [...new Set(values)];
}
