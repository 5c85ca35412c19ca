/**
 * Findings from a message's headers, in the rules' style: what happened, why it matters, the fix,
 * and the sources and header fields each rests on. They judge only what the headers prove.
 */
import type { Attribution, AuthenticationResult, Egress, HeaderFinding, Hop } from "./types";

const tenantName = (a: Attribution): string =>
  a.worldTenant && a.worldTenant !== a.tenantId ? `${a.worldTenant} (${a.tenantId ?? "GUID not stamped"})` : (a.tenantId ?? a.worldTenant ?? "an unstamped tenant");

/** What the receiver just after the egress recorded for SPF, if it did. */
export function receiverSpf(egress: Egress | null, hops: readonly Hop[], auth: readonly AuthenticationResult[]): AuthenticationResult | null {
  if (!egress || egress.ip === null) return null;
  const receiver = hops[egress.hop]?.by?.toLowerCase() ?? null;
  return auth.find((r) => r.spf !== null && r.clientIp === egress.ip) ?? auth.find((r) => r.spf !== null && receiver !== null && r.receiver === receiver) ?? null;
}

const FAILED = new Set(["fail", "softfail"]);

export function headerFindings(hops: readonly Hop[], attributions: readonly Attribution[], egress: Egress | null, auth: readonly AuthenticationResult[]): HeaderFinding[] {
  const findings: HeaderFinding[] = [];
  const atReceiver = receiverSpf(egress, hops, auth);
  const spfFailed = atReceiver !== null && FAILED.has(atReceiver.spf ?? "");
  const spfText = atReceiver ? `${atReceiver.receiver} recorded SPF ${atReceiver.spf}${atReceiver.mailFrom ? ` for ${atReceiver.mailFrom}` : ""} from ${egress?.ip}` : "the receiver recorded no SPF result in these headers";
  const spfEvidence = atReceiver ? [atReceiver.header] : [];

  if (!hops.some((h) => h.kind !== "on-premises" && h.kind !== "third-party" && h.kind !== "receiver") && attributions.length === 0) {
    findings.push({
      id: "HDR000",
      title: "The message did not pass through Exchange Online",
      severity: "info",
      certainty: "documented",
      message: "No Received hop names an EOP front end, an Exchange Online server or an outbound host, and no tenant stamps are present.",
      fix: null,
      sources: ["S25"],
      evidence: ["Received"],
      gaps: [],
    });
    return findings;
  }

  const relays = attributions.filter((a) => a.path === "on-premises-relay");
  for (const a of relays) {
    const server = `${a.helo ?? "an on-premises server"}${a.connectingIp ? ` (${a.connectingIp})` : ""}`;
    if (egress && egress.pool === "relay") continue;
    if (!egress) continue;
    findings.push({
      id: "HDR001",
      title: "On-premises mail relayed through a tenant leaves from Exchange Online",
      severity: spfFailed ? "mandatory" : "advisory",
      certainty: "documented",
      message:
        `Relayed through tenant ${tenantName(a)} from on-premises server ${server} (FromEntityHeader ${a.fromEntity}, AuthAs ${a.authAs ?? "not stamped"}) ` +
        `and left Exchange Online from ${egress.ip} (${egress.host ?? "unnamed host"}, ${egress.pool} pool): the sender domain's SPF must include spf.protection.outlook.com. ${spfText}.`,
      fix: "Add include:spf.protection.outlook.com to the SPF record of the MAIL FROM domain (2 DNS lookups), or stop routing this mail through the tenant (check which inbound connector matched the server's certificate or IP).",
      sources: ["S2", "S3", "S23", "S27", "S30"],
      evidence: [...a.evidence, "Received", ...spfEvidence],
      gaps: ["X8"],
    });
  }

  // Capture: the sender's tenant relayed the message into another tenant (S2 FAQ 6(b), S3 point 1).
  for (const a of relays) {
    const later = attributions.find((b) => b !== a && b.tenantId !== null && a.tenantId !== null && b.tenantId !== a.tenantId && (b.hop ?? Infinity) > (a.hop ?? -1));
    if (!later) continue;
    findings.push({
      id: "HDR002",
      title: "Mail to another tenant was captured by the sender's tenant",
      severity: "advisory",
      certainty: "uncertain",
      message: `On-premises mail from ${a.helo ?? a.connectingIp ?? "the sending server"} was attributed to ${tenantName(a)} and then delivered into a different tenant, ${tenantName(later)}: the sender's OnPremises connector captured mail meant for a tenant in the same forest, which then receives it from Exchange Online's outbound addresses, not from the sender's servers.`,
      fix: "Match the OnPremises inbound connector to the exact certificate name of the servers that relay through the tenant (not a wildcard), and use a different certificate for mail that should go straight to other tenants; or make the sender domain's SPF include spf.protection.outlook.com.",
      sources: ["S2", "S3", "S14", "S16"],
      evidence: [...a.evidence, ...later.evidence],
      gaps: ["X8"],
    });
  }

  if (egress?.pool === "relay") {
    const first = attributions[0];
    findings.push({
      id: "HDR003",
      title: "The message left from the relay pool, which no SPF record covers",
      severity: spfFailed || atReceiver?.spf === "none" || atReceiver?.spf === "neutral" ? "mandatory" : "advisory",
      certainty: "documented",
      message:
        `It left Exchange Online from ${egress.ip} (${egress.host ?? "unnamed host"}) in 40.95.0.0/16. Exchange Online uses this pool for relayed or forwarded mail whose MAIL FROM is not an accepted domain of the tenant and did not pass SPF or DKIM on arrival, and does not rewrite it with SRS, so SPF cannot pass at the receiver. ${spfText}.` +
        (first?.path === "on-premises-relay" ? ` The message came from on-premises server ${first.helo ?? first.connectingIp} through tenant ${tenantName(first)}.` : ""),
      fix: "Send with a MAIL FROM in an accepted domain of the tenant, or make SPF (or DKIM) of the MAIL FROM domain pass where the message enters Exchange Online (publish SPF for that domain; Enhanced Filtering if a third party sits in front).",
      sources: ["S34", "S23", "S24"],
      evidence: ["Received", ...spfEvidence],
      gaps: [],
    });
  } else if (spfFailed && egress && relays.length === 0) {
    findings.push({
      id: "HDR004",
      title: "SPF failed at the receiver for mail from Exchange Online",
      severity: "mandatory",
      certainty: egress.pool === "outbound" ? "documented" : "uncertain",
      message: `${spfText}, an address of the Exchange Online ${egress.pool} pool: the MAIL FROM domain's SPF record does not authorise Exchange Online.`,
      fix: egress.pool === "outbound" ? "Add include:spf.protection.outlook.com to the SPF record of the MAIL FROM domain." : "Check which pool the message left from (message trace OutboundIpPoolName) before changing SPF.",
      sources: ["S23", "S25", "S27"],
      evidence: ["Received", ...spfEvidence],
      gaps: [],
    });
  }

  for (const a of attributions.filter((x) => x.path === "connector-return")) {
    const before = attributions.filter((b) => (b.hop ?? -1) < (a.hop ?? -1));
    findings.push({
      id: "HDR005",
      title: "The message left Exchange Online for a service and came back through a connector",
      severity: "info",
      certainty: "uncertain",
      message:
        `After ${before.length > 0 ? `a first pass (${before.map((b) => b.path).join(", ")})` : "a first pass"} the message went out to ${a.helo ?? a.connectingIp ?? "a service"} and came back in, where tenant ${tenantName(a)} attributed it again through an OnPremises connector (FromEntityHeader ${a.fromEntity}, AuthAs ${a.authAs ?? "not stamped"}). ` +
        "Each entry into EOP is attributed on its own, and SPF on re-entry is checked against the service's address unless Enhanced Filtering skips it.",
      fix: null,
      sources: ["S2", "S12", "S23", "S30"],
      evidence: a.evidence,
      gaps: ["X8"],
    });
  }

  for (const a of attributions.filter((x) => x.fromEntity?.toLowerCase() === "hybridonprem" && x.authAs?.toLowerCase() === "anonymous" && x.path !== "connector-return")) {
    findings.push({
      id: "HDR006",
      title: "On-premises mail was attributed as anonymous",
      severity: "info",
      certainty: "uncertain",
      message: `Tenant ${tenantName(a)} took the message from ${a.helo ?? a.connectingIp ?? "on-premises"} through an OnPremises connector but as Anonymous: Originating is not Internal. Internal needs CloudServicesMailEnabled on the on-premises send connector and the inbound connector (the Hybrid Configuration Wizard's default), and anonymous mail is filtered like internet mail.`,
      fix: "If the server is an Exchange hybrid server, check CloudServicesMailEnabled and the certificate on its send connector to Exchange Online (HealthChecker flags both).",
      sources: ["S21", "S28", "S30"],
      evidence: a.evidence,
      gaps: ["X8"],
    });
  }

  for (const a of attributions.filter((x) => x.proof === "partial")) {
    findings.push({
      id: "HDR007",
      title: "An attribution the headers show only in part",
      severity: "info",
      certainty: "uncertain",
      message: `A pass through Exchange Online (${a.path}${a.authSource ? `, at ${a.authSource}` : ""}) left no tenant GUID: ${a.note ?? "its stamps are missing"}.`,
      fix: null,
      sources: ["S22", "S30"],
      evidence: a.evidence,
      gaps: ["X8"],
    });
  }
  return findings;
}
