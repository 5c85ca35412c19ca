/** `check --format markdown`: a summary sized for a pull-request comment or a GitHub step summary. */
import { CheckReport } from "../../core/check/run-check";
import { StaleSuppression } from "./stale-suppressions";

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

export function checkReportAsMarkdown(report: CheckReport, worldName: string, stale: readonly StaleSuppression[]): string {
  const s = report.summary;
  const lines = [
    `## hybrid-mailflow check: ${report.blocking ? "blocked" : "passed"}`,
    "",
    `\`${cell(worldName)}\`: ${s.flows} mail flows checked (${s.simulatedFlows} simulated); ${s.mandatory} mandatory and ${s.advisory} advisory finding(s)` +
      `${s.suppressed ? `, ${s.suppressed} suppressed` : ""}${s.uncertain ? `; ${s.uncertain} rest on undocumented behaviour` : ""}.`,
    "",
  ];
  if (report.findings.length > 0) {
    lines.push("| Rule | Level | Resource | Finding | Fix |", "| --- | --- | --- | --- | --- |");
    for (const f of report.findings) {
      const certainty = f.certainty === "uncertain" ? " _Rests on undocumented behaviour._" : "";
      const flows = f.flows.length > 0 ? `<br>${f.flows.map((x) => `flow: ${cell(x)}`).join("<br>")}` : "";
      lines.push(`| ${f.rule} ${cell(f.title)} | ${f.severity} | \`${cell(f.resource)}\` | ${cell(f.message)}${flows}${certainty} | ${cell(f.fix)} |`);
    }
    lines.push("");
  }
  if (report.suppressed.length > 0) {
    lines.push("Suppressed:", "");
    for (const x of report.suppressed) lines.push(`- ${x.finding.rule} on \`${cell(x.finding.resource)}\`: ${cell(x.reason)}`);
    lines.push("");
  }
  if (stale.length > 0) {
    lines.push("Stale suppressions:", "");
    for (const x of stale) lines.push(`- \`${x.path}\`: ${cell(x.message)}`);
    lines.push("");
  }
  lines.push("Sources and rule ids: `hybrid-mailflow sources`.", "");
  return lines.join("\n");
}
