/** `hybrid-mailflow check WORLD`: every rule over the world's flow matrix. */
import { writeFileSync } from "node:fs";
import { runCheck, CheckReport } from "../../core/check/run-check";
import { parseWorld } from "../../core/model/load";
import { readDocument } from "../read-document";
import { reportAsJson, reportAsText } from "../format/report";
import { liveDnsFor } from "../live-dns";
import { InputError } from "../../core/model/errors";

export interface CheckFlags {
  json?: boolean;
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

export async function checkWorldFile(path: string, flags: CheckFlags = {}): Promise<CheckReport> {
  const world = parseWorld(readDocument(path), { source: path });
  const timeoutMs = timeoutOf(flags.dnsTimeout);
  if (!flags.liveDns) {
    if (flags.dnsServer !== undefined || timeoutMs !== undefined) {
      throw new InputError("the check flags", [{ path: flags.dnsServer !== undefined ? "--dns-server" : "--dns-timeout", message: "only applies with --live-dns; add --live-dns to read SPF from DNS" }]);
    }
    return runCheck(world);
  }
  const live = await liveDnsFor(world, flags.dnsServer, timeoutMs);
  for (const p of live.problems) process.stderr.write(`dns: ${p}\n`);
  return runCheck(world, { dns: live.view, dnsFailures: live.failures });
}

/** Returns the exit code: 3 when a DNS lookup failed, else 1 when a mandatory finding is not suppressed. */
export async function runCheckCommand(path: string, opts: CheckFlags): Promise<number> {
  const report = await checkWorldFile(path, opts);
  const json = reportAsJson(report, opts.flows ?? false);
  if (opts.report) writeFileSync(opts.report, `${JSON.stringify(json, null, 2)}\n`);
  process.stdout.write(opts.json ? `${JSON.stringify(json, null, 2)}\n` : `${reportAsText(report, opts.flows ?? false)}\n`);
  if (report.outcome === "dns-failure") return EXIT_DNS_FAILURE;
  return report.blocking ? 1 : 0;
}
