/** `hybrid-mailflow check WORLD`: every rule over the world's flow matrix. */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, relative, sep } from "node:path";
import { runCheck, CheckReport } from "../../core/check/run-check";
import { InputError } from "../../core/model/errors";
import { parseWorld } from "../../core/model/load";
import { World } from "../../core/model/types";
import { loadDocument } from "../read-document";
import { reportAsJsonChunks, reportAsText, reportAsTextChunks } from "../format/report";
import { checkReportAsSarif } from "../format/sarif";
import { checkReportAsJunit } from "../format/junit";
import { checkReportAsMarkdown } from "../format/check-markdown";
import { StaleSuppression, staleSuppressions } from "../format/stale-suppressions";
import { Colours, coloursFor } from "../format/colour";
import { dnsServerIssues, liveDnsFor } from "../live-dns";
import { writeChunks, writeChunksToFile } from "../write-chunks";

export const CHECK_FORMATS = ["text", "json", "sarif", "junit", "markdown"] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

export interface CheckFlags {
  /** Same as --format json; kept because scripts use it. */
  json?: boolean;
  format?: CheckFormat;
  flows?: boolean;
  report?: string;
  liveDns?: boolean;
  dnsServer?: string[];
  /** Per-attempt resolver timeout in milliseconds, as text from the command line. */
  dnsTimeout?: string;
}

/** Exit status when a DNS lookup failed: the result is incomplete, neither OK (0) nor a finding (1). */
export const EXIT_DNS_FAILURE = 3;

function timeoutOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = Number(text);
  if (!/^\d+$/.test(text) || ms < 1 || ms > 60_000) {
    throw new InputError("the check flags", [{ path: "--dns-timeout", message: `"${text}" is not a timeout; give whole milliseconds from 1 to 60000, e.g. --dns-timeout 2000` }]);
  }
  return ms;
}

export interface CheckRun {
  readonly report: CheckReport;
  readonly world: World;
  /** The world as the user named it ("standard input" for `-`). */
  readonly name: string;
  readonly text: string;
  readonly stale: StaleSuppression[];
}

/** Flag combinations that cannot mean what the user intends are refused before anything runs. */
export function checkFlagProblems(flags: CheckFlags): InputError | null {
  const issues = [];
  if (flags.dnsServer && flags.dnsServer.length > 0 && !flags.liveDns) {
    issues.push({ path: "--dns-server", message: "only applies with --live-dns (without it SPF is evaluated from the world file's dns records); add --live-dns, or drop --dns-server" });
  }
  if (flags.dnsServer && flags.liveDns) issues.push(...dnsServerIssues(flags.dnsServer));
  if (flags.dnsTimeout !== undefined && !flags.liveDns) {
    issues.push({ path: "--dns-timeout", message: "only applies with --live-dns; add --live-dns to read SPF from DNS, or drop --dns-timeout" });
  }
  if (flags.json && flags.format && flags.format !== "json") {
    issues.push({ path: "--json", message: `conflicts with --format ${flags.format}; use one of them` });
  }
  return issues.length > 0 ? new InputError("check", issues) : null;
}

export async function checkWorld(path: string, flags: CheckFlags = {}): Promise<CheckRun> {
  const problem = checkFlagProblems(flags);
  if (problem) throw problem;
  const doc = loadDocument(path);
  const world = parseWorld(doc.data, { source: doc.name });
  const stale = staleSuppressions(world.suppressions);
  const timeoutMs = timeoutOf(flags.dnsTimeout);
  let report: CheckReport;
  if (!flags.liveDns) report = runCheck(world);
  else {
    const live = await liveDnsFor(world, flags.dnsServer, timeoutMs);
    for (const p of live.problems) process.stderr.write(`dns: ${p}\n`);
    report = runCheck(world, { dns: live.view, dnsFailures: live.failures });
  }
  return { report, world, name: doc.name, text: doc.text, stale };
}

export async function checkWorldFile(path: string, flags: CheckFlags = {}): Promise<CheckReport> {
  return (await checkWorld(path, flags)).report;
}

/** The world file as SARIF should name it: relative to the working directory (the repository root in CI), with forward slashes. */
function artifactUri(path: string): string | null {
  if (path === "-") return null;
  const rel = isAbsolute(path) ? relative(process.cwd(), path) : path;
  const uri = (rel.startsWith("..") ? path : rel).split(sep).join("/");
  return uri.replace(/^\.\//, "");
}

export function renderCheck(run: CheckRun, path: string, format: CheckFormat, flows: boolean, colourful: boolean): string {
  switch (format) {
    case "json":
      return [...reportAsJsonChunks(run.report, flows, run.stale)].join("");
    case "sarif":
      return `${JSON.stringify(checkReportAsSarif({ report: run.report, artifactUri: artifactUri(path), text: run.text, stale: run.stale }), null, 2)}\n`;
    case "junit":
      return checkReportAsJunit(run.report, run.name, run.stale);
    case "markdown":
      return checkReportAsMarkdown(run.report, run.name, run.stale);
    case "text":
      return `${reportAsText(run.report, flows, colourful ? coloursFor(process.stdout) : undefined)}\n`;
  }
}

/**
 * The report file's format follows its name, so one run can print text to the log and write SARIF for
 * code scanning: .sarif → SARIF, .xml → JUnit, .md → Markdown, anything else → the JSON document.
 */
export function reportFileFormat(file: string): CheckFormat {
  const lower = file.toLowerCase();
  if (lower.endsWith(".sarif") || lower.endsWith(".sarif.json")) return "sarif";
  if (lower.endsWith(".xml")) return "junit";
  if (lower.endsWith(".md") || lower.endsWith(".markdown")) return "markdown";
  return "json";
}

function prepareReportPath(file: string): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
  } catch (error) {
    throw new InputError("check", [{ path: "--report", message: `cannot create the folder ${dirname(file)} (${(error as NodeJS.ErrnoException).code ?? String(error)}); choose a writable path` }]);
  }
}

/** Returns the exit code: 3 when a DNS lookup failed, else 1 when a mandatory finding is not suppressed. */
export async function runCheckCommand(path: string, opts: CheckFlags): Promise<number> {
  const format: CheckFormat = opts.json ? "json" : (opts.format ?? "text");
  const problem = checkFlagProblems(opts);
  if (problem) throw problem;
  // The folder is made before the run, so a long run never ends in a write error.
  if (opts.report) prepareReportPath(opts.report);
  const run = await checkWorld(path, opts);
  const flows = opts.flows ?? false;
  for (const s of run.stale) process.stderr.write(`warning: ${run.name}: ${s.path}: ${s.message}\n`);
  if (opts.report) {
    const fileFormat = reportFileFormat(opts.report);
    // JSON is written in pieces: the flows of a large world do not fit in one string.
    if (fileFormat === "json") writeChunksToFile(opts.report, reportAsJsonChunks(run.report, flows, run.stale));
    else writeFileSync(opts.report, renderCheck(run, path, fileFormat, flows, false));
  }
  if (format === "json") await writeChunks(reportAsJsonChunks(run.report, flows, run.stale));
  else if (format === "text") await writeChunks(textThenNewline(run.report, flows, coloursFor(process.stdout)));
  else process.stdout.write(renderCheck(run, path, format, flows, true));
  if (run.report.outcome === "dns-failure") return EXIT_DNS_FAILURE;
  return run.report.blocking ? 1 : 0;
}

function* textThenNewline(report: CheckReport, flows: boolean, c: Colours): Generator<string> {
  yield* reportAsTextChunks(report, flows, c);
  yield "\n";
}
