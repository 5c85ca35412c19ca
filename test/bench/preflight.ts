/**
 * `preflight` as a user runs it: the built CLI in a fresh process on an example program, from start to
 * exit (the program under mocks, the policy pack's start-up and its verdict). Wall time, because the
 * program and the pack run side by side: CPU time would hide what the overlap saves or costs.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

const EXAMPLE = "examples/onprem-mx-certificate";
const RUNS = 5;

function runOnce(root: string, reportDir: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [join(root, "dist/src/cli/main.js"), "preflight", join(root, EXAMPLE), "--report-dir", reportDir], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      const seconds = (performance.now() - started) / 1000;
      // The example has no mandatory violation: any other exit means the run measured something else.
      if (code === 0) resolve(seconds);
      else reject(new Error(`preflight ${EXAMPLE} exited with ${code}:\n${output}`));
    });
  });
}

/** The median wall time of RUNS runs, one after the other. */
export async function measurePreflight(root: string): Promise<{ preflightSeconds: number }> {
  const reportDir = mkdtempSync(join(tmpdir(), "hmf-bench-preflight-"));
  try {
    const seconds: number[] = [];
    for (let i = 0; i < RUNS; i++) seconds.push(await runOnce(root, reportDir));
    seconds.sort((a, b) => a - b);
    return { preflightSeconds: Number(seconds[Math.floor(RUNS / 2)]!.toFixed(2)) };
  } finally {
    rmSync(reportDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  void measurePreflight(join(__dirname, "../../..")).then((r) => process.stdout.write(`${JSON.stringify(r)}\n`));
}
