/**
 * `check --live-dns`: replace the world's SPF records with what DNS publishes now, so the rules judge
 * the records receivers will really see. The network is touched once, before the offline engine runs.
 */
import { isIP } from "node:net";
import type { InputIssue } from "../core/model/errors";
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

/** `--dns-server` values as the resolver takes them: an IP address, optionally with a port (IPv6 in brackets). */
export function dnsServerIssues(servers: readonly string[]): InputIssue[] {
  return servers.filter((s) => !isResolverAddress(s)).map((s) => ({
    path: "--dns-server",
    message: `"${s}" is not a resolver address; give an IP address with an optional port from 1 to 65535, e.g. 127.0.0.1, 127.0.0.1:5353 or [::1]:53`,
  }));
}

function isResolverAddress(value: string): boolean {
  if (isIP(value) !== 0) return true;
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(value);
  if (!m) return false;
  const port = Number(m[3]);
  return port >= 1 && port <= 65535 && (m[1] !== undefined ? isIP(m[1]) === 6 : isIP(m[2]!) === 4);
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
