/**
 * `hybrid-mailflow headers FILE|-`: explains a real message from its headers. The shell reads the
 * input with a size bound, loads the world and, with --live-dns, snapshots the MAIL FROM domain's
 * SPF before the core analyses offline.
 */
import { closeSync, openSync, readSync, statSync } from "node:fs";
import { analyzeHeaders, type HeaderAnalysis } from "../../core/headers";
import { InputError } from "../../core/model/errors";
import { parseWorld } from "../../core/model/load";
import type { World } from "../../core/model/schema";
import { worldDnsView } from "../../core/spf";
import { snapshotSpfDns } from "../../dns/live-snapshot";
import { readDocument } from "../read-document";
import { renderHeaderAnalysis } from "../format/headers";

export interface HeadersFlags {
  world?: string;
  liveDns?: boolean;
  dnsServer?: string[];
  json?: boolean;
  maxBytes?: string;
}

/** A message's headers are tens of kilobytes; a whole .eml with attachments can be megabytes. */
export const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;

function maxBytesOf(flag: string | undefined): number {
  if (flag === undefined) return DEFAULT_MAX_BYTES;
  const m = /^(\d+)\s*([kKmM]?)[bB]?$/.exec(flag.trim());
  if (!m || Number(m[1]) === 0) throw new InputError("headers", [{ path: "--max-bytes", message: `"${flag}" is not a size; give bytes, or a number with K or M, e.g. --max-bytes 20M` }]);
  const unit = m[2]!.toLowerCase() === "m" ? 1024 * 1024 : m[2]!.toLowerCase() === "k" ? 1024 : 1;
  return Number(m[1]) * unit;
}

function tooLarge(source: string, size: number | null, limit: number): InputError {
  // Standard input is refused as soon as it passes the limit, so its full size is not known.
  const what = size === null ? `is larger than the ${limit} bytes headers reads (--max-bytes)` : `is ${size} bytes, more than the ${limit} bytes headers reads (--max-bytes)`;
  const suggest = size === null ? Math.ceil((limit * 4) / (1024 * 1024)) : Math.ceil(size / (1024 * 1024)) + 1;
  return new InputError(source, [{ path: "", message: `${what}; save only the header block, or raise the limit, e.g. --max-bytes ${suggest}M` }]);
}

async function readStdin(limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of process.stdin) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    total += buf.length;
    if (total > limit) {
      process.stdin.destroy();
      throw tooLarge("standard input", null, limit);
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Reads at most `limit` bytes: a file larger than that is refused before it is read. */
export function readBoundedFile(path: string, limit: number): string {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new InputError(path, [{ path: "", message: "is not a file; give a .eml or header block file, or - for standard input" }]);
    size = st.size;
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(path, [{ path: "", message: code === "ENOENT" ? "file not found; check the path, or use - to read standard input" : `cannot be read (${code ?? String(error)})` }]);
  }
  if (size > limit) throw tooLarge(path, size, limit);
  const buf = Buffer.alloc(size);
  const fd = openSync(path, "r");
  try {
    let read = 0;
    while (read < size) {
      const n = readSync(fd, buf, read, size - read, read);
      if (n === 0) break;
      read += n;
    }
    return buf.subarray(0, read).toString("utf8");
  } finally {
    closeSync(fd);
  }
}

export async function headersAnalysis(file: string, flags: HeadersFlags): Promise<HeaderAnalysis> {
  const limit = maxBytesOf(flags.maxBytes);
  if (flags.dnsServer && flags.dnsServer.length > 0 && !flags.liveDns) {
    throw new InputError("headers", [{ path: "--dns-server", message: "is only used with --live-dns; add --live-dns, or drop --dns-server" }]);
  }
  const world: World | undefined = flags.world ? parseWorld(readDocument(flags.world), { source: flags.world }) : undefined;
  const source = file === "-" ? "standard input" : file;
  const text = file === "-" ? await readStdin(limit) : readBoundedFile(file, limit);
  const offline = await analyzeHeaders(text, source, { world });
  if (!flags.liveDns) return offline;
  // The MAIL FROM domain is known only after a first reading; the network is touched once, for it.
  const from = offline.envelope.mailFrom;
  const domain = from ? from.slice(from.lastIndexOf("@") + 1).toLowerCase() : null;
  if (!domain) return offline;
  const snapshot = await snapshotSpfDns([domain], flags.dnsServer && flags.dnsServer.length > 0 ? { servers: flags.dnsServer } : {});
  for (const e of snapshot.errors) process.stderr.write(`dns: ${e.type.toUpperCase()} ${e.name}: ${e.code} (SPF evaluations that need it give temperror)\n`);
  for (const s of snapshot.skipped) process.stderr.write(`dns: ${s.term} in ${s.domain} not resolved (${s.why})\n`);
  return analyzeHeaders(text, source, { world, dns: worldDnsView(snapshot.dns, snapshot.errors), dnsKind: "live-dns" });
}

/** Returns the exit code: 1 when a finding is mandatory. */
export async function runHeadersCommand(file: string, flags: HeadersFlags): Promise<number> {
  const analysis = await headersAnalysis(file, flags);
  process.stdout.write(flags.json ? `${JSON.stringify(analysis, null, 2)}\n` : `${renderHeaderAnalysis(analysis)}\n`);
  return analysis.findings.some((f) => f.severity === "mandatory") ? 1 : 0;
}
