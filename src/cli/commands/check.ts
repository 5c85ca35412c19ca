/** `hybrid-mailflow check WORLD`: every rule over the world's flow matrix. */
import { writeFileSync } from "node:fs";
import { runCheck, CheckReport } from "../../core/check/run-check";
import { parseWorld } from "../../core/model/load";
import { readDocument } from "../read-document";
import { reportAsJson, reportAsText } from "../format/report";
import { liveDnsFor } from "../live-dns";

export interface CheckFlags {
  json?: boolean;
  flows?: boolean;
  report?: string;
  liveDns?: boolean;
  dnsServer?: string[];
}

export async function checkWorldFile(path: string, flags: CheckFlags = {}): Promise<CheckReport> {
  const world = parseWorld(readDocument(path), { source: path });
  if (!flags.liveDns) return runCheck(world);
  const live = await liveDnsFor(world, flags.dnsServer);
  for (const p of live.problems) process.stderr.write(`dns: ${p}\n`);
  return runCheck(world, { dns: live.view });
}

/** Returns the exit code: 1 when a mandatory finding is not suppressed. */
export async function runCheckCommand(path: string, opts: CheckFlags): Promise<number> {
  const report = await checkWorldFile(path, opts);
  const json = reportAsJson(report, opts.flows ?? false);
  if (opts.report) writeFileSync(opts.report, `${JSON.stringify(json, null, 2)}\n`);
  process.stdout.write(opts.json ? `${JSON.stringify(json, null, 2)}\n` : `${reportAsText(report, opts.flows ?? false)}\n`);
  return report.blocking ? 1 : 0;
}
