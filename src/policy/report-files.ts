/**
 * Writes the stack report where a pipeline can pick it up: JSON for machines, Markdown for logs, and
 * the Markdown again into GitHub's step summary when the pack runs in GitHub Actions.
 */
import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { stackReportAsMarkdown } from "../core/report/markdown";
import type { StackReport } from "../core/report/stack-report";
import { REPORT_FILE_JSON, REPORT_FILE_MARKDOWN } from "./names";

export { REPORT_FILE_JSON, REPORT_FILE_MARKDOWN };

/**
 * The environment wins over the policy config so a pipeline can redirect reports without editing the
 * config. The default is under the directory `pulumi` was started from: the CLI starts the pack with
 * the pack's own directory as its working directory, but passes its environment (and so `PWD`) on.
 */
export function reportDirectory(configured: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.HYBRID_MAILFLOW_REPORT_DIR || configured || join(env.PWD || process.cwd(), ".hybrid-mailflow"));
}

export function writeStackReport(report: StackReport, directory: string, env: NodeJS.ProcessEnv = process.env): void {
  const markdown = stackReportAsMarkdown(report);
  try {
    mkdirSync(directory, { recursive: true });
    writeFileSync(join(directory, REPORT_FILE_JSON), `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(join(directory, REPORT_FILE_MARKDOWN), markdown);
    if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, `${markdown}\n`);
  } catch (e) {
    // A report that cannot be written must not hide the policy results themselves.
    process.stderr.write(`hybrid-mailflow: could not write the report to ${directory}: ${(e as Error).message}\n`);
  }
}
