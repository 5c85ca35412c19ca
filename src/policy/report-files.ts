/**
 * Writes the stack report where a pipeline can pick it up: JSON for machines, Markdown for logs, and
 * the Markdown again into GitHub's step summary when the pack runs in GitHub Actions.
 */
import { randomBytes } from "node:crypto";
import { appendFileSync, closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { stackReportAsMarkdown } from "../core/report/markdown";
import type { StackReport } from "../core/report/stack-report";
import { REPORT_FILE_JSON, REPORT_FILE_MARKDOWN } from "./names";

export { REPORT_FILE_JSON, REPORT_FILE_MARKDOWN };

/**
 * The environment wins over the policy config so a pipeline can redirect reports without editing the
 * config. Relative paths, and the default `.hybrid-mailflow`, are taken from the directory `pulumi` was
 * started in: the CLI starts the pack with the pack's own directory as its working directory (inside
 * node_modules), but passes its environment, and so the shell's `PWD`, on.
 */
export function reportDirectory(configured: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const startedIn = env.PWD && isAbsolute(env.PWD) ? env.PWD : process.cwd();
  return resolve(startedIn, env.HYBRID_MAILFLOW_REPORT_DIR || configured || ".hybrid-mailflow");
}

export function writeStackReport(report: StackReport, directory: string, env: NodeJS.ProcessEnv = process.env): void {
  const markdown = stackReportAsMarkdown(report);
  try {
    mkdirSync(directory, { recursive: true });
    writeReplacing(join(directory, REPORT_FILE_JSON), `${JSON.stringify(report, null, 2)}\n`);
    writeReplacing(join(directory, REPORT_FILE_MARKDOWN), markdown);
    if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, `${markdown}\n`);
  } catch (e) {
    // A report that cannot be written must not hide the policy results themselves.
    process.stderr.write(`hybrid-mailflow: could not write the report to ${directory}: ${(e as Error).message}\n`);
  }
}

/**
 * Writes a fresh file and renames it over `path`. The output folder may be shared (a checkout, a
 * pipeline workspace): a symlink planted at `path` is replaced, never followed, and the new file is
 * created exclusively (`wx`), so no existing file or link is written through.
 */
function writeReplacing(path: string, text: string): void {
  const temporary = `${path}.${randomBytes(6).toString("hex")}.tmp`;
  const fd = openSync(temporary, "wx", 0o644);
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(temporary, path);
  } catch (e) {
    rmSync(temporary, { force: true });
    throw e;
  }
}
