/** Renders a check report: the JSON document (stable) and the short human listing. */
import { CheckReport } from "../../core/check/run-check";
import { describeFlow, type Flow } from "../../core/matrix/flows";
import { describeHop } from "../../core/routes/route";
import { Colours, plain } from "./colour";
import { StaleSuppression } from "./stale-suppressions";

export const REPORT_FORMAT_VERSION = 1;

/**
 * The JSON form: findings, suppressed findings with their reasons, a summary; flows only on request.
 * As one object it holds every flow at once: for large worlds use `reportAsJsonChunks`.
 */
export function reportAsJson(report: CheckReport, withFlows: boolean, stale: readonly StaleSuppression[] = []): unknown {
  return {
    ...reportHead(report, stale),
    ...(withFlows ? { flows: Array.from(report.flows, flowAsJson) } : {}),
  };
}

function reportHead(report: CheckReport, stale: readonly StaleSuppression[]) {
  return {
    version: REPORT_FORMAT_VERSION,
    blocking: report.blocking,
    outcome: report.outcome,
    dnsFailures: report.dnsFailures,
    summary: report.summary,
    findings: report.findings,
    suppressed: report.suppressed.map((s) => ({ ...s.finding, suppressionReason: s.reason })),
    staleSuppressions: stale,
  };
}

function flowAsJson(f: Flow) {
  return {
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
  };
}

/**
 * The same document as `JSON.stringify(reportAsJson(...), null, 2)`, byte for byte, in pieces: a
 * world with many servers has millions of flows, whose JSON exceeds the longest string V8 can hold.
 * Each flow is simulated, converted and written on its own, so memory does not grow with the output.
 */
export function* reportAsJsonChunks(report: CheckReport, withFlows: boolean, stale: readonly StaleSuppression[] = []): Generator<string> {
  const head = JSON.stringify(reportHead(report, stale), null, 2);
  if (!withFlows) {
    yield `${head}\n`;
    return;
  }
  yield `${head.slice(0, -2)},\n  "flows": [`;
  let first = true;
  for (const f of report.flows) {
    yield `${first ? "" : ","}\n    ${JSON.stringify(flowAsJson(f), null, 2).replace(/\n/g, "\n    ")}`;
    first = false;
  }
  yield first ? "]\n}\n" : "\n  ]\n}\n";
}

/** The human listing; `c` colours it for a terminal (plain by default). */
export function reportAsText(report: CheckReport, withFlows: boolean, c: Colours = plain): string {
  return [...reportAsTextChunks(report, withFlows, c)].join("");
}

/** The human listing in pieces, one flow or finding at a time (see `reportAsJsonChunks`). */
export function* reportAsTextChunks(report: CheckReport, withFlows: boolean, c: Colours = plain): Generator<string> {
  const s = report.summary;
  if (withFlows) {
    yield "Flows:\n";
    for (const f of report.flows) {
      const hops = f.route.hops.map((h) => (h.result ? describeHop(h.result) : h.note)).join(" | ");
      const spf = f.route.finalSpf ? `, SPF ${f.route.finalSpf}` : "";
      yield `  ${f.id} ${describeFlow(f)}: ${f.route.outcome} at ${f.route.endsAt}${spf}${f.route.certainty === "uncertain" ? " (uncertain)" : ""}\n`;
      yield `      ${hops}\n`;
    }
    yield "\n";
  }
  for (const f of report.findings) {
    const lines: string[] = [];
    const mark = f.severity === "mandatory" ? c.bold(c.red("MANDATORY")) : c.yellow("advisory ");
    lines.push(`${mark} ${c.bold(f.rule)} ${f.title}${f.certainty === "uncertain" ? " (uncertain: rests on undocumented behaviour)" : ""}`);
    lines.push(`  resource: ${f.resource}`);
    lines.push(`  ${f.message}`);
    for (const flow of f.flows) lines.push(`    flow: ${flow}`);
    lines.push(`  fix: ${f.fix}`);
    lines.push(`  sources: ${f.sources.join(", ")} (titles and links: hybrid-mailflow sources)`);
    lines.push("");
    yield `${lines.join("\n")}\n`;
  }
  for (const x of report.suppressed) yield `suppressed ${x.finding.rule} on ${x.finding.resource}: ${x.reason}\n`;
  if (report.suppressed.length > 0) yield "\n";
  yield `${s.flows} flows checked (${s.simulatedFlows} simulated); ${s.mandatory} mandatory, ${s.advisory} advisory finding(s)${s.suppressed ? `, ${s.suppressed} suppressed` : ""}${s.uncertain ? `; ${s.uncertain} rest on undocumented behaviour` : ""}.\n`;
  if (report.outcome === "dns-failure") {
    yield "DNS lookups that failed (their SPF verdicts are unknown, so they are neither OK nor findings):\n";
    for (const f of report.dnsFailures) yield `  ${f.type.toUpperCase()} ${f.name}: ${f.code}\n`;
    yield `Result: ${c.bold(c.red("DNS FAILURE"))} (${report.dnsFailures.length} lookup(s) failed${report.blocking ? "; a mandatory finding is not suppressed either" : ""}). Check the resolver (--dns-server, --dns-timeout) and run again.`;
    return;
  }
  yield report.blocking ? `Result: ${c.bold(c.red("BLOCKED"))} (a mandatory finding is not suppressed).` : `Result: ${c.green("OK")}.`;
}
