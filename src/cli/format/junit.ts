/**
 * `check --format junit`: JUnit XML, which Azure DevOps (PublishTestResults), GitLab and Jenkins show as
 * test results. One test case per rule, so every run has the same cases: a rule with an unsuppressed
 * mandatory finding fails; advisory and suppressed findings pass and are listed in the case's output.
 */
import { CheckReport } from "../../core/check/run-check";
import { ALL_RULES, Finding } from "../../core/rules";
import { StaleSuppression } from "./stale-suppressions";

/** Characters XML 1.0 cannot carry at all (control characters other than tab, LF, CR) are dropped. */
function xml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

function describe(f: Finding): string {
  return [`${f.resource}: ${f.message}`, ...f.flows.map((flow) => `  flow: ${flow}`), `  fix: ${f.fix}`, `  sources: ${f.sources.join(", ")}`].join("\n");
}

export function checkReportAsJunit(report: CheckReport, worldName: string, stale: readonly StaleSuppression[]): string {
  const cases: string[] = [];
  let failures = 0;
  for (const rule of ALL_RULES) {
    const found = report.findings.filter((f) => f.rule === rule.id);
    const blocking = found.filter((f) => f.severity === "mandatory");
    const suppressed = report.suppressed.filter((s) => s.finding.rule === rule.id);
    const open = `    <testcase classname="hybrid-mailflow.${xml(rule.id)}" name="${xml(`${rule.id} ${rule.title}`)}" file="${xml(worldName)}">`;
    const body: string[] = [];
    if (blocking.length > 0) {
      failures++;
      body.push(`      <failure type="${xml(rule.severity)}" message="${xml(`${blocking.length} finding(s): ${blocking[0]!.message}`)}">${xml(blocking.map(describe).join("\n\n"))}</failure>`);
    }
    const notes = [
      ...found.filter((f) => f.severity !== "mandatory").map((f) => `advisory: ${describe(f)}`),
      ...suppressed.map((s) => `suppressed (${s.reason}): ${describe(s.finding)}`),
    ];
    if (notes.length > 0) body.push(`      <system-out>${xml(notes.join("\n\n"))}</system-out>`);
    cases.push(body.length > 0 ? [open, ...body, "    </testcase>"].join("\n") : `${open.slice(0, -1)}/>`);
  }
  const s = report.summary;
  const props = [
    `      <property name="flows" value="${s.flows}"/>`,
    `      <property name="simulatedFlows" value="${s.simulatedFlows}"/>`,
    `      <property name="blocking" value="${report.blocking}"/>`,
  ];
  const staleOut = stale.length > 0 ? [`    <system-err>${xml(stale.map((x) => `warning: ${x.path}: ${x.message}`).join("\n"))}</system-err>`] : [];
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="hybrid-mailflow check" tests="${ALL_RULES.length}" failures="${failures}" errors="0">`,
    `  <testsuite name="${xml(`hybrid-mailflow check ${worldName}`)}" tests="${ALL_RULES.length}" failures="${failures}" errors="0" skipped="0">`,
    `    <properties>`,
    ...props,
    `    </properties>`,
    ...cases,
    ...staleOut,
    `  </testsuite>`,
    `</testsuites>`,
    "",
  ].join("\n");
}
