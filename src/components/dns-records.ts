/**
 * The DNS records a mail domain needs, as plain data: what `MailDomain` publishes in Azure DNS and
 * what it outputs for people who publish with another DNS host. Planning is separate from creating
 * resources so both always agree and so the plan can be checked before anything is deployed.
 */
import { isAtOrBelow } from "../core/domains";

/** `as const` so Pulumi's component analyzer can turn it into a schema enum. */
export const DnsRecordType = { MX: "MX", TXT: "TXT", CNAME: "CNAME" } as const;
export type DnsRecordType = (typeof DnsRecordType)[keyof typeof DnsRecordType];

/** One record set as a DNS host shows it. */
export interface DnsRecord {
  /** The fully qualified name without the trailing dot, e.g. `_dmarc.contoso.com`. */
  name: string;
  type: DnsRecordType;
  ttl: number;
  /** MX: `10 contoso-com.mail.protection.outlook.com`; TXT: each logical value unsplit; CNAME: the target. */
  values: string[];
}

export interface MxValue {
  readonly preference: number;
  readonly exchange: string;
}

/** A record planned for a zone: its name relative to the zone (`@` at the apex) and, for MX, structured values. */
export interface PlannedRecord extends DnsRecord {
  readonly relativeName: string;
  readonly mx?: readonly MxValue[];
}

export interface MailDomainDnsPlan {
  readonly domain: string;
  readonly zoneName: string;
  readonly ttl: number;
  readonly mx: readonly MxValue[];
  /** Every TXT value at the domain itself: SPF, the MS= verification value, the user's own. */
  readonly apexTxt: readonly string[];
  readonly dkim?: { readonly selector1: string; readonly selector2: string };
  readonly dmarc?: string;
  readonly autodiscover?: string;
}

/** `@` for the zone apex, else the labels of `name` below the zone (`_dmarc`, `_dmarc.hybrid`). */
export function relativeRecordName(name: string, zoneName: string): string {
  if (name === zoneName) return "@";
  if (!isAtOrBelow(name, zoneName)) throw new Error(`${name} is not in the zone ${zoneName}`);
  return name.slice(0, name.length - zoneName.length - 1);
}

/** The record sets of a mail domain in a fixed order (MX, TXT, DKIM, DMARC, autodiscover). */
export function planMailDomainRecords(plan: MailDomainDnsPlan): PlannedRecord[] {
  const at = (prefix: string) => (prefix ? `${prefix}.${plan.domain}` : plan.domain);
  const record = (prefix: string, type: DnsRecordType, values: string[], mx?: readonly MxValue[]): PlannedRecord => ({
    name: at(prefix),
    relativeName: relativeRecordName(at(prefix), plan.zoneName),
    type,
    ttl: plan.ttl,
    values,
    ...(mx ? { mx } : {}),
  });
  const records: PlannedRecord[] = [
    record("", "MX", plan.mx.map((m) => `${m.preference} ${m.exchange}`), plan.mx),
    record("", "TXT", [...plan.apexTxt]),
  ];
  if (plan.dkim) {
    records.push(record("selector1._domainkey", "CNAME", [plan.dkim.selector1]));
    records.push(record("selector2._domainkey", "CNAME", [plan.dkim.selector2]));
  }
  if (plan.dmarc !== undefined) records.push(record("_dmarc", "TXT", [plan.dmarc]));
  if (plan.autodiscover !== undefined) records.push(record("autodiscover", "CNAME", [plan.autodiscover]));
  return records;
}

/** The public shape of a planned record (what the `records` output holds). */
export function publicRecord(r: PlannedRecord): DnsRecord {
  return { name: r.name, type: r.type, ttl: r.ttl, values: [...r.values] };
}
