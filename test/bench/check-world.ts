/**
 * One `check` on one scaled hybrid world, in a process of its own so that its peak heap is its alone:
 * `node check-world.js <shape>` prints {"seconds":…,"peakHeapMB":…,"flows":…}. Run by `run.ts`.
 */
import { performance } from "node:perf_hooks";
import { getHeapStatistics } from "node:v8";
import { runCheck } from "../../src/core/check/run-check";
import { parseWorld } from "../../src/core/model/load";
import { HybridWorldShape, scaledHybridWorld } from "./generate";

export const CHECK_WORLDS: Record<string, HybridWorldShape> = {
  /** The bench world with every count ×16: 31,955 accepted domains, 800 sender domains, 80,000 partners. */
  x16: { ownDomains: 1997 * 16, senderDomains: 50 * 16, partners: 5000 * 16 },
  /** 5,000 on-premises sender domains, each with its SPF record. */
  senders5000: { senderDomains: 5000 },
  /** 20,000 partners, each with its own inbound and outbound connector (named after it) and its own MX host. */
  partnerConnectors20000: { partners: 20_000, partnersWithConnectors: 20_000, partnersWithMx: 20_000 },
};

function main(): void {
  const name = process.argv[2]!;
  const shape = CHECK_WORLDS[name];
  if (!shape) throw new Error(`unknown world "${name}"; one of ${Object.keys(CHECK_WORLDS).join(", ")}`);
  const input = scaledHybridWorld(shape);
  const before = getHeapStatistics().total_heap_size;
  const start = performance.now();
  const report = runCheck(parseWorld(input, { source: name }));
  const seconds = (performance.now() - start) / 1000;
  // V8 gives committed heap back lazily, so right after the run it is the most the check needed (plus the input).
  const peak = Math.max(before, getHeapStatistics().total_heap_size);
  process.stdout.write(`${JSON.stringify({ seconds, peakHeapMB: Math.round(peak / 2 ** 20), flows: report.summary.flows })}\n`);
}

if (require.main === module) main();
