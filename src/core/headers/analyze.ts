/**
 * Explains one real message from its headers: the path hop by hop, the tenants that attributed it,
 * how it left Exchange Online, what each receiver recorded, and, given a world or live DNS, the SPF
 * result the final receiver computes and the route the model predicts. Pure apart from parsing.
 */
import type { World } from "../model/schema";
import { checkHost, worldDnsView, type DnsMap, type DnsView } from "../spf";
import { readAuthentication } from "./auth-results";
import { findEgress, microsoftSpfDns } from "./egress";
import { mailFromAtEgress, recipientAtEgress } from "./envelope";
import { headerFindings, receiverSpf } from "./findings";
import { readHops } from "./hops";
import { readHeaderFields } from "./read";
import { readAttributions } from "./stamps";
import type { Attribution, FinalSpf, HeaderAnalysis, HeaderField } from "./types";
import { compareWithWorld } from "./world-route";

export interface AnalyzeOptions {
  /** The world to map tenants into, predict the route with, and take DNS from. */
  readonly world?: World;
  /** DNS to evaluate the final SPF against (a live snapshot); otherwise the world's records. */
  readonly dns?: DnsView;
  readonly dnsKind?: "world" | "live-dns";
}

/** Which world tenant a stamped attribution is, and on what basis. */
function mapTenant(a: Attribution, world: World, fields: readonly HeaderField[]): Attribution {
  const byId = a.tenantId ? world.tenants.find((t) => t.id.toLowerCase() === a.tenantId) : undefined;
  if (byId) return { ...a, worldTenant: byId.id };
  if (a.connectingIp && a.fromEntity?.toLowerCase() === "hybridonprem") {
    const org = world.onPremises.find((o) => o.servers.some((s) => s.egressIps.includes(a.connectingIp!)));
    if (org) return { ...a, worldTenant: org.tenant, note: [a.note, `mapped to ${org.tenant}: ${a.connectingIp} is an egress address of ${org.name}, which is in hybrid with it`].filter(Boolean).join("; ") };
  }
  const originator = fields.find((f) => f.key === "x-originatororg")?.value.toLowerCase();
  if (originator && a.path === "cloud-mailbox") {
    const owners = world.tenants.filter((t) => t.acceptedDomains.some((d) => d.domain === originator));
    if (owners.length === 1) return { ...a, worldTenant: owners[0]!.id, note: [a.note, `mapped to ${owners[0]!.id}: X-OriginatorOrg ${originator} is its accepted domain`].filter(Boolean).join("; ") };
  }
  return a;
}

export function analyzeHeaderFields(fields: readonly HeaderField[], summary: HeaderAnalysis["summary"], options: AnalyzeOptions = {}): HeaderAnalysis {
  const hops = readHops(fields);
  let attributions = readAttributions(fields, hops);
  if (options.world) attributions = attributions.map((a) => mapTenant(a, options.world!, fields));
  const egress = findEgress(hops, attributions);
  const authentication = readAuthentication(fields, hops);
  const findings = headerFindings(hops, attributions, egress, authentication);
  const atReceiver = receiverSpf(egress, hops, authentication);

  const envelope = egress ? mailFromAtEgress(egress, hops, authentication, fields) : null;
  let finalSpf: FinalSpf | null = null;
  const dns = options.dns ?? (options.world ? worldDnsView({ ...microsoftSpfDns(), ...(options.world.dns as DnsMap) }) : undefined);
  if (dns && egress?.ip && envelope) {
    const at = envelope.mailFrom.lastIndexOf("@");
    const domain = (at < 0 ? envelope.mailFrom : envelope.mailFrom.slice(at + 1)).toLowerCase();
    const sender = at < 0 ? `postmaster@${domain}` : envelope.mailFrom;
    const r = checkHost(dns, { ip: egress.ip, domain, sender, helo: egress.helo ?? undefined });
    finalSpf = { result: r.result, domain, mailFrom: sender, ip: egress.ip, reason: r.reason, mailFromSource: envelope.source, dns: options.dns ? (options.dnsKind ?? "live-dns") : "world", recorded: atReceiver?.spf ?? null };
  }
  const recipient = recipientAtEgress(egress, hops, summary.to);
  // A receiver may record only the MAIL FROM domain; postmaster@ stands for its sender, as in RFC 7208 §2.4.
  const sender = envelope ? (envelope.mailFrom.includes("@") ? envelope.mailFrom : `postmaster@${envelope.mailFrom}`) : null;
  const route = options.world ? compareWithWorld(options.world, dns, attributions, egress, atReceiver, sender, recipient) : null;
  return {
    version: 1,
    summary,
    hops,
    attributions,
    egress,
    envelope: { mailFrom: envelope?.mailFrom ?? null, mailFromSource: envelope?.source ?? null, recipient },
    authentication,
    finalSpf,
    route,
    findings,
  };
}

/** Reads the text (an .eml or a header block) and analyses it. */
export async function analyzeHeaders(text: string, source: string, options: AnalyzeOptions = {}): Promise<HeaderAnalysis> {
  const parsed = await readHeaderFields(text, source);
  return analyzeHeaderFields(parsed.fields, parsed.decoded, options);
}
