/**
 * How the message left Exchange Online (attribution-model.md §4.3): the last hop from an outbound
 * host to a server outside Microsoft, and the pool its address belongs to. The relay pool
 * 40.95.0.0/16 is published by MC266466 (S34) and is in no SPF record; the normal outbound pool is
 * what Microsoft's published SPF record covers (S23, S25); the high-risk pool has no published
 * addresses, so it is only named when EOP's own outbound verdict says spam (S23: spam-verdict mail
 * leaves through it).
 */
import { checkHost, worldDnsView, type DnsMap, type DnsView } from "../spf";
import { MICROSOFT_SPF_RECORDS } from "../spf/microsoft-records";
import { isEopOutbound } from "./hosts";
import type { Attribution, Egress, Hop } from "./types";

/** The published record the normal outbound pool is defined by. */
export const MICROSOFT_SPF_DOMAIN = "spf.protection.outlook.com";

/**
 * Microsoft's SPF records as the core knows them. The one place this module reads them, so a dated
 * snapshot elsewhere in the core can replace the source without touching the analysis.
 */
export function microsoftSpfDns(): DnsMap {
  return MICROSOFT_SPF_RECORDS as unknown as DnsMap;
}

let microsoftView: DnsView | undefined;

/** Whether Microsoft's published SPF record authorises an address: that is what "outbound pool" means here. */
export function coveredByMicrosoftSpf(ip: string): { covered: boolean; term: string | null } {
  microsoftView ??= worldDnsView(microsoftSpfDns());
  const r = checkHost(microsoftView, { ip, domain: MICROSOFT_SPF_DOMAIN, sender: `postmaster@${MICROSOFT_SPF_DOMAIN}` });
  return { covered: r.result === "pass", term: r.matched ? `${r.matched.term} in ${r.matched.domain}` : null };
}

function inRelayPool(ip: string): boolean {
  const parts = ip.split(".");
  return parts.length === 4 && parts[0] === "40" && parts[1] === "95";
}

export function findEgress(hops: readonly Hop[], attributions: readonly Attribution[]): Egress | null {
  let index = -1;
  hops.forEach((h, i) => {
    if (h.kind === "eop-outbound") index = i;
  });
  if (index < 0) return null;
  const hop = hops[index]!;
  const host = [hop.fromRdns, hop.from].find(isEopOutbound) ?? hop.fromRdns ?? hop.from;
  const ip = hop.fromIp;
  const base = { ip, host, helo: hop.from, hop: index };
  if (ip === null) return { ...base, pool: "unknown", why: "the hop that left Exchange Online does not record the sending address" };
  if (inRelayPool(ip)) {
    return { ...base, pool: "relay", why: `${ip} is in 40.95.0.0/16, the relay pool for relayed or forwarded mail whose sender is not an accepted domain and did not pass SPF or DKIM on arrival; no SPF record covers it (MC266466, S34; S23)` };
  }
  const outVerdict = [...attributions].reverse().find((a) => a.direction === "OUT");
  if (outVerdict && (outVerdict.sfv === "SPM" || (outVerdict.scl !== null && outVerdict.scl >= 5))) {
    return { ...base, pool: "high-risk", why: `EOP's outbound verdict was spam (SFV:${outVerdict.sfv ?? "?"}, SCL:${outVerdict.scl ?? "?"}), and spam-verdict mail leaves through the high-risk delivery pool, which SPF does not cover reliably (S23)` };
  }
  const spf = coveredByMicrosoftSpf(ip);
  if (spf.covered) return { ...base, pool: "outbound", why: `${ip} is covered by ${MICROSOFT_SPF_DOMAIN} (${spf.term}), the normal outbound pool (S23, S25)` };
  return { ...base, pool: "unknown", why: `${ip} is neither in ${MICROSOFT_SPF_DOMAIN} nor in the relay pool 40.95.0.0/16; Microsoft publishes no other pool's addresses` };
}
