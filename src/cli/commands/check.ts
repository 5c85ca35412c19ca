/** `hybrid-mailflow check WORLD`: every rule over the world's flow matrix. */
import { runCheck, CheckReport } from "../../core/check/run-check";
import { parseWorld } from "../../core/model/load";
import { readDocument } from "../read-document";
import { reportAsJsonChunks, reportAsTextChunks } from "../format/report";
import { writeChunks, writeChunksToFile } from "../write-chunks";
import { checkDnsServers, liveDnsFor } from "../live-dns";
import { InputError } from "../../core/model/errors";

export interface CheckFlags {
  json?: boolean;
  flows?: boolean;
  report?: string;
  liveDns?: boolean;
  dnsServer?: string[];
}

export async function checkWorldFile(path: string, flags: CheckFlags = {}): Promise<CheckReport> {
  if (flags.dnsServer && flags.dnsServer.length > 0) {
    if (!flags.liveDns) throw new InputError("the command line", [{ path: "--dns-server", message: "only applies with --live-dns; add --live-dns, or drop --dns-server" }]);
    checkDnsServers(flags.dnsServer);
  }
  const world = parseWorld(readDocument(path), { source: path });
  if (!flags.liveDns) return runCheck(world);
  const live = await liveDnsFor(world, flags.dnsServer);
  for (const p of live.problems) process.stderr.write(`dns: ${p}\n`);
  return runCheck(world, { dns: live.view });
}

/** Returns the exit code: 1 when a mandatory finding is not suppressed. */
export async function runCheckCommand(path: string, opts: CheckFlags): Promise<number> {
  const report = await checkWorldFile(path, opts);
  const flows = opts.flows ?? false;
  // Written in pieces: the flows of a large world do not fit in one string.
  if (opts.report) writeChunksToFile(opts.report, reportAsJsonChunks(report, flows));
  await writeChunks(opts.json ? reportAsJsonChunks(report, flows) : textThenNewline(report, flows));
  return report.blocking ? 1 : 0;
}

function* textThenNewline(report: CheckReport, flows: boolean): Generator<string> {
  yield* reportAsTextChunks(report, flows);
  yield "\n";
}
