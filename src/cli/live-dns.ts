/**
 * `check --live-dns`: replace the world's SPF records with what DNS publishes now, so the rules judge
 * the records receivers will really see. The network is touched once, before the offline engine runs.
 */
import { World } from "../core/model/types";
import { DnsLookupFailure, DnsView, worldDnsView } from "../core/spf";
import { snapshotSpfDns } from "../dns/live-snapshot";

/** The domains whose SPF the engine evaluates: senders on-premises and the tenants' accepted domains. */
export function spfDomainsOf(world: World): string[] {
  const domains = new Set<string>();
  for (const org of world.onPremises) for (const d of [...org.senderDomains, ...org.forwardedSenderDomains]) domains.add(d);
  for (const t of world.tenants) for (const d of t.acceptedDomains) domains.add(d.domain);
  return [...domains];
}

export interface LiveDns {
  readonly view: DnsView;
  /** Lookups that failed or were cut short, for the user to see. */
  readonly problems: string[];
  /** Lookups that failed (SERVFAIL, timeout, refused): the check's outcome is then a DNS failure. */
  readonly failures: readonly DnsLookupFailure[];
}

export async function liveDnsFor(world: World, servers: readonly string[] | undefined, timeoutMs?: number): Promise<LiveDns> {
  const domains = spfDomainsOf(world);
  const snapshot = await snapshotSpfDns(domains, { ...(servers && servers.length > 0 ? { servers } : {}), ...(timeoutMs !== undefined ? { timeoutMs } : {}) });
  // Live answers replace the file's TXT records for every domain asked about, including "no record at all".
  const merged: World["dns"] = {};
  for (const [name, records] of Object.entries(world.dns)) merged[name] = domains.includes(name) ? { ...records, txt: undefined } : records;
  for (const [name, records] of Object.entries(snapshot.dns)) merged[name] = { ...merged[name], ...records };
  const problems = [
    ...snapshot.errors.map((e) => `${e.type.toUpperCase()} ${e.name}: ${e.code} (SPF evaluations that need it give temperror)`),
    ...snapshot.skipped.map((s) => `${s.term} in ${s.domain} not resolved (${s.why})`),
  ];
  return { view: worldDnsView(merged, snapshot.errors), problems, failures: snapshot.errors };
}
