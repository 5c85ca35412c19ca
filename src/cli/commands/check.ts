/** `hybrid-mailflow check WORLD`: every rule over the world's flow matrix. */
import { writeFileSync } from "node:fs";
import { runCheck, CheckReport } from "../../core/check/run-check";
import { parseWorld } from "../../core/model/load";
import { readDocument } from "../read-document";
import { reportAsJson, reportAsText } from "../format/report";

export function checkWorldFile(path: string): CheckReport {
  return runCheck(parseWorld(readDocument(path), { source: path }));
}

/** Returns the exit code: 1 when a mandatory finding is not suppressed. */
export function runCheckCommand(path: string, opts: { json?: boolean; flows?: boolean; report?: string }): number {
  const report = checkWorldFile(path);
  const json = reportAsJson(report, opts.flows ?? false);
  if (opts.report) writeFileSync(opts.report, `${JSON.stringify(json, null, 2)}\n`);
  process.stdout.write(opts.json ? `${JSON.stringify(json, null, 2)}\n` : `${reportAsText(report, opts.flows ?? false)}\n`);
  return report.blocking ? 1 : 0;
}
