/** Renders a check report: the JSON document (stable) and the short human listing. */
import { CheckReport } from "../../core/check/run-check";
import { describeFlow } from "../../core/matrix/flows";
import { describeHop } from "../../core/routes/route";
import { Colours, plain } from "./colour";
import { StaleSuppression } from "./stale-suppressions";

export const REPORT_FORMAT_VERSION = 1;

/** The JSON form: findings, suppressed findings with their reasons, a summary; flows only on request. */
export function reportAsJson(report: CheckReport, withFlows: boolean, stale: readonly StaleSuppression[] = []): unknown {
  return {
    version: REPORT_FORMAT_VERSION,
    blocking: report.blocking,
    outcome: report.outcome,
    dnsFailures: report.dnsFailures,
    summary: report.summary,
    findings: report.findings,
    suppressed: report.suppressed.map((s) => ({ ...s.finding, suppressionReason: s.reason })),
    staleSuppressions: stale,
    ...(withFlows
      ? {
          flows: report.flows.map((f) => ({
            id: f.id,
            description: describeFlow(f),
            recipientClass: f.recipientClass,
            outcome: f.route.outcome,
            endsAt: f.route.endsAt,
            capturedBy: f.route.capturedBy,
            finalSpf: f.route.finalSpf,
            certainty: f.route.certainty,
            hops: f.route.hops.map((h) => ({ at: h.at, note: h.note })),
            assumptions: f.route.assumptions,
          })),
        }
      : {}),
  };
}

/** The human listing; `c` colours it for a terminal (plain by default). */
export function reportAsText(report: CheckReport, withFlows: boolean, c: Colours = plain): string {
  const lines: string[] = [];
  const s = report.summary;
  if (withFlows) {
    lines.push("Flows:");
    for (const f of report.flows) {
      const hops = f.route.hops.map((h) => (h.result ? describeHop(h.result) : h.note)).join(" | ");
      const spf = f.route.finalSpf ? `, SPF ${f.route.finalSpf}` : "";
      lines.push(`  ${f.id} ${describeFlow(f)}: ${f.route.outcome} at ${f.route.endsAt}${spf}${f.route.certainty === "uncertain" ? " (uncertain)" : ""}`);
      lines.push(`      ${hops}`);
    }
    lines.push("");
  }
  for (const f of report.findings) {
    const mark = f.severity === "mandatory" ? c.bold(c.red("MANDATORY")) : c.yellow("advisory ");
    lines.push(`${mark} ${c.bold(f.rule)} ${f.title}${f.certainty === "uncertain" ? " (uncertain: rests on undocumented behaviour)" : ""}`);
    lines.push(`  resource: ${f.resource}`);
    lines.push(`  ${f.message}`);
    for (const flow of f.flows) lines.push(`    flow: ${flow}`);
    lines.push(`  fix: ${f.fix}`);
    lines.push(`  sources: ${f.sources.join(", ")} (titles and links: hybrid-mailflow sources)`);
    lines.push("");
  }
  for (const x of report.suppressed) lines.push(`suppressed ${x.finding.rule} on ${x.finding.resource}: ${x.reason}`);
  if (report.suppressed.length > 0) lines.push("");
  lines.push(
    `${s.flows} flows checked (${s.simulatedFlows} simulated); ${s.mandatory} mandatory, ${s.advisory} advisory finding(s)${s.suppressed ? `, ${s.suppressed} suppressed` : ""}${s.uncertain ? `; ${s.uncertain} rest on undocumented behaviour` : ""}.`,
  );
  if (report.outcome === "dns-failure") {
    lines.push("DNS lookups that failed (their SPF verdicts are unknown, so they are neither OK nor findings):");
    for (const f of report.dnsFailures) lines.push(`  ${f.type.toUpperCase()} ${f.name}: ${f.code}`);
    lines.push(
      `Result: ${c.bold(c.red("DNS FAILURE"))} (${report.dnsFailures.length} lookup(s) failed${report.blocking ? "; a mandatory finding is not suppressed either" : ""}). Check the resolver (--dns-server, --dns-timeout) and run again.`,
    );
    return lines.join("\n");
  }
  lines.push(report.blocking ? `Result: ${c.bold(c.red("BLOCKED"))} (a mandatory finding is not suppressed).` : `Result: ${c.green("OK")}.`);
  return lines.join("\n");
}
