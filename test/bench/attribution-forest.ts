/**
 * Attribution throughput in one forest, in a process of its own: `node --expose-gc attribution-forest.js
 * <tenants> <zipf|uniform>` prints {"perSecond":…,"attributedShare":…}. Run by `run.ts`, several times
 * per forest size: on this 2-core machine one process's figure varies by up to 1.5× from the next one's
 * (heap layout, JIT timing), and a forest measured after others would carry their heap.
 */
import { performance } from "node:perf_hooks";
import { Engine } from "../../src/core/simulate";
import { TrafficShape, generateForest, generateMessages } from "./generate";

export const MESSAGES = 1_000_000;
/**
 * Messages are generated in chunks: one array of a million messages would measure main-memory
 * bandwidth. Before a chunk is timed the heap is collected, so the timing does not pay for copying the
 * generator's fresh objects (run.ts starts this process with --no-concurrent-sweeping, so that the
 * collection's sweep is over before the clock starts instead of running beside the timed loop on the
 * other core, for longer the larger the forest).
 */
const CHUNK = 100_000;
const ROUNDS = 3;
const collect = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

/** The median of ROUNDS full runs over the million messages. */
export function attributionThroughput(tenants: number, shape: TrafficShape): { perSecond: number; attributedShare: number } {
  const engine = new Engine(generateForest(tenants));
  for (const m of generateMessages(50_000, tenants, 1)) engine.attribute(m); // warm-up for the JIT
  const attributeAll = () => {
    let attributed = 0;
    let seconds = 0;
    for (let offset = 0; offset < MESSAGES; offset += CHUNK) {
      const chunk = generateMessages(CHUNK, tenants, 7, offset, shape);
      collect();
      const start = performance.now();
      for (const m of chunk) if (engine.attribute(m).attribution.tenant !== null) attributed++;
      seconds += (performance.now() - start) / 1000;
    }
    return { attributed, seconds };
  };
  const runs = Array.from({ length: ROUNDS }, attributeAll).sort((a, b) => a.seconds - b.seconds);
  const median = runs[Math.floor(ROUNDS / 2)]!;
  return { perSecond: Math.round(MESSAGES / median.seconds), attributedShare: median.attributed / MESSAGES };
}

function main(): void {
  const tenants = Number(process.argv[2]);
  const shape = process.argv[3] as TrafficShape;
  if (!Number.isInteger(tenants) || tenants < 1 || (shape !== "zipf" && shape !== "uniform")) {
    throw new Error("usage: attribution-forest.js <tenants> <zipf|uniform>");
  }
  process.stdout.write(`${JSON.stringify(attributionThroughput(tenants, shape))}\n`);
}

if (require.main === module) main();
