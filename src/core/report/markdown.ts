/** A short Markdown summary of a stack report, sized for a pipeline log or a GitHub step summary. */
import type { StackReport } from "./stack-report";

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

export function stackReportAsMarkdown(report: StackReport): string {
  const s = report.summary;
  const lines = [
    `## hybrid-mailflow: ${report.blocking ? "blocked" : "passed"}`,
    "",
    `${s.flows} mail flows checked; ${s.mandatory} mandatory and ${s.advisory} advisory finding(s)` +
      `${s.suppressed ? `, ${s.suppressed} suppressed` : ""}` +
      `${s.unverifiedValues ? `, ${s.unverifiedValues} value(s) not known until deployment` : ""}.`,
    "",
  ];
  if (report.findings.length > 0) {
    lines.push("| Rule | Level | Resource | Finding | Fix |", "| --- | --- | --- | --- | --- |");
    for (const f of report.findings) {
      const level = f.verified ? f.severity : `${f.severity} (not verified yet)`;
      const certainty = f.certainty === "uncertain" ? " _Rests on undocumented behaviour._" : "";
      lines.push(`| ${f.rule} ${cell(f.title)} | ${level} | \`${cell(f.resource)}\` | ${cell(f.message)}${certainty} | ${cell(f.fix)} |`);
    }
    lines.push("");
  }
  if (report.unverified.length > 0) {
    lines.push("Not verifiable during this preview (values computed at deployment):", "");
    for (const u of report.unverified) lines.push(`- \`${u.resource}\` \`${u.path}\` (affects ${u.rules.join(", ")})`);
    lines.push("");
  }
  if (report.suppressed.length > 0) {
    lines.push("Suppressed:", "");
    for (const f of report.suppressed) lines.push(`- ${f.rule} on \`${f.resource}\`: ${f.suppressionReason}`);
    lines.push("");
  }
  for (const note of report.notes) lines.push(`> ${note}`, "");
  return lines.join("\n");
}
