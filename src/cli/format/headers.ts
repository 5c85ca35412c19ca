/** The text report of `headers`: path, attributions, egress, authentication, SPF, route, findings. */
import type { HeaderAnalysis } from "../../core/headers";

export function renderHeaderAnalysis(a: HeaderAnalysis): string {
  const out: string[] = [];
  const s = a.summary;
  out.push(`Message: ${s.subject ?? "(no subject)"}`);
  if (s.from) out.push(`  from ${s.from}${s.date ? `, ${s.date}` : ""}`);

  out.push("", "Path (oldest first):");
  if (a.hops.length === 0) out.push("  no Received fields");
  a.hops.forEach((h, i) => {
    const from = h.from ? `${h.from}${h.fromIp ? ` (${h.fromIp})` : ""}` : "local submission";
    out.push(`  ${String(i + 1).padStart(2)}. ${h.kind.padEnd(15)} ${from} -> ${h.by ?? "?"}${h.at ? `  ${h.at}` : ""}`);
  });

  out.push("", "Tenant attributions (oldest first):");
  if (a.attributions.length === 0) out.push("  none stamped");
  a.attributions.forEach((t, i) => {
    const who = t.worldTenant && t.worldTenant !== t.tenantId ? `${t.worldTenant} (${t.tenantId ?? "GUID not stamped"})` : (t.tenantId ?? t.worldTenant ?? "tenant not stamped");
    const parts = [
      t.path,
      t.fromEntity ? `FromEntityHeader ${t.fromEntity}` : null,
      t.authAs ? `AuthAs ${t.authAs}` : null,
      t.connectingIp ? `from ${t.connectingIp}` : null,
      t.helo ? `HELO ${t.helo}` : null,
      t.direction ? `DIR:${t.direction}` : null,
      t.directionality ? `MessageDirectionality ${t.directionality}` : null,
      t.scl !== null ? `SCL:${t.scl}` : null,
    ].filter(Boolean);
    out.push(`  ${i + 1}. ${who} [${t.proof}] ${parts.join(", ")}`);
    if (t.note) out.push(`     ${t.note}`);
  });

  out.push("", "Egress from Exchange Online:");
  if (a.egress) out.push(`  ${a.egress.ip ?? "?"} (${a.egress.host ?? "?"}), ${a.egress.pool} pool: ${a.egress.why}`);
  else out.push("  none: no hop leaves an Exchange Online outbound host for a server outside Microsoft");
  if (a.envelope.mailFrom) out.push(`  MAIL FROM ${a.envelope.mailFrom} (from ${a.envelope.mailFromSource})${a.envelope.recipient ? `, recipient ${a.envelope.recipient}` : ""}`);

  out.push("", "Authentication results (oldest first):");
  if (a.authentication.length === 0) out.push("  none recorded");
  for (const r of a.authentication) {
    const parts = [
      r.spf ? `spf=${r.spf}` : null,
      r.dkim ? `dkim=${r.dkim}` : null,
      r.dmarc ? `dmarc=${r.dmarc}` : null,
      r.compauth ? `compauth=${r.compauth}` : null,
      r.arc ? `arc=${r.arc}` : null,
      r.mailFrom ? `mailfrom ${r.mailFrom}` : null,
      r.clientIp ? `client ${r.clientIp}` : null,
    ].filter(Boolean);
    out.push(`  - ${r.receiver} (${r.header}${r.instance !== null ? ` i=${r.instance}` : ""}): ${parts.join(", ") || "no results"}`);
  }

  if (a.finalSpf) {
    const f = a.finalSpf;
    out.push("", `SPF at the final receiver (${f.dns === "live-dns" ? "live DNS" : "the world's DNS"}): ${f.result} for ${f.domain} from ${f.ip}: ${f.reason}`);
    out.push(`  MAIL FROM ${f.mailFrom} read from ${f.mailFromSource}${f.recorded ? `; the receiver recorded ${f.recorded}` : ""}`);
  }

  if (a.route) {
    out.push("", "Route the model predicts:");
    out.push(...(a.route.predicted.length > 0 ? a.route.predicted.map((l) => `  ${l}`) : ["  (none)"]));
    out.push("What the headers show:", ...a.route.observed.map((l) => `  ${l}`));
    out.push(a.route.disagreements.length > 0 ? "Where they disagree:" : "They agree.");
    out.push(...a.route.disagreements.map((l) => `  ! ${l}`));
    for (const x of a.route.assumptions) out.push(`  assumed: ${x}`);
  }

  out.push("", a.findings.length > 0 ? "Findings:" : "Findings: none");
  for (const f of a.findings) {
    out.push(`${f.severity.toUpperCase()} ${f.id} ${f.title}${f.certainty === "uncertain" ? " (uncertain)" : ""}`);
    out.push(`  ${f.message}`);
    if (f.fix) out.push(`  fix: ${f.fix}`);
    out.push(`  sources: ${f.sources.join(", ")}${f.gaps.length > 0 ? `; gaps: ${f.gaps.join(", ")} (stamp meanings no Microsoft reference documents)` : ""}; fields: ${[...new Set(f.evidence)].join(", ")}`);
  }
  return out.join("\n");
}
