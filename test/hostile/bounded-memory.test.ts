/**
 * Memory is bounded by running the CLI in a child process under a small V8 heap
 * (--max-old-space-size), never by timing: a run that needs more dies with a heap error.
 */
import { spawn, spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { JSONParser } from "@streamparser/json";
import { ManyServersShape, manyServersWorld } from "../support/many-servers-world";

const root = join(__dirname, "../..");
const main = join(root, "dist/src/cli/main.js");
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "bounded-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 60 servers; the defaults make 6 KB, the probe was 18 KB with about 760,000 flows. */
function sixtyServerWorld(shape: Omit<ManyServersShape, "servers"> = { senders: 8, internetDomains: 40 }): unknown {
  return manyServersWorld({ servers: 60, ...shape });
}

function runWithHeap(heapMb: number, args: string[], stdoutFile: string) {
  const out = openSync(stdoutFile, "w");
  try {
    return spawnSync(process.execPath, [`--max-old-space-size=${heapMb}`, main, ...args], { stdio: ["ignore", out, "pipe"], encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } });
  } finally {
    closeSync(out);
  }
}

it("prints every flow of a 60-server world as JSON within a bounded heap", () => {
  const world = join(dir, "sixty.json");
  writeFileSync(world, JSON.stringify(sixtyServerWorld()));
  const outFile = join(dir, "flows.json");
  // Their JSON is 39 MB; when `check` held the flows they alone took about 95 MB of heap.
  const r = runWithHeap(130, ["check", world, "--json", "--flows"], outFile);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(1);
  const report = JSON.parse(readFileSync(outFile, "utf8")) as { summary: { simulatedFlows: number }; flows: unknown[] };
  expect(report.flows.length).toBe(report.summary.simulatedFlows);
  expect(report.flows.length).toBeGreaterThan(40_000);
});

/**
 * Runs the CLI under a small heap and parses what it prints as it arrives, with a streaming JSON
 * parser: the output is hundreds of megabytes, more than the test should hold either.
 */
function streamedCheck(heapMb: number, args: string[]): Promise<{ status: number | null; stderr: string; summary: { simulatedFlows: number; flows: number; mandatory: number }; findings: number; flows: number; lastFlowId: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${heapMb}`, main, ...args], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NODE_OPTIONS: "" } });
    const parser = new JSONParser({ paths: ["$.summary", "$.findings.*", "$.flows.*.id"], keepStack: false });
    let summary: unknown;
    let findings = 0;
    let flows = 0;
    let lastFlowId = "";
    parser.onValue = ({ value, stack }) => {
      // The stack names the containers above the value: none below the root for `summary`. Of each
      // flow only its id is built, though the parser reads all of it.
      const container = stack[1]?.key;
      if (container === undefined) summary = value;
      else if (container === "findings") findings++;
      else {
        flows++;
        lastFlowId = value as string;
      }
    };
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    child.stdout.on("data", (c: Buffer) => parser.write(c));
    child.on("error", reject);
    child.on("close", (status) => {
      try {
        if (!parser.isEnded) parser.end();
        resolve({ status, stderr, summary: summary as never, findings, flows, lastFlowId });
      } catch (error) {
        reject(new Error(`${String(error)}; stderr: ${stderr.slice(0, 2000)}`));
      }
    });
  });
}

describe("the issue's 18 KB world with 60 servers and about 760,000 flows", () => {
  const world = () => {
    const file = join(dir, "eighteen.json");
    const text = JSON.stringify(
      sixtyServerWorld({ senders: 20, internetDomains: 300, serverName: (i) => `EXCH-MBX-${String(i).padStart(2, "0")}`, internetDomain: (i) => `customer-domain-${i}.example` }),
    );
    writeFileSync(file, text);
    return { file, bytes: text.length };
  };

  it("prints every flow as JSON in a fixed 256 MB heap", async () => {
    const { file, bytes } = world();
    expect(bytes).toBeGreaterThan(16_000);
    expect(bytes).toBeLessThan(20_000);
    const r = await streamedCheck(256, ["check", file, "--json", "--flows"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(1);
    expect(r.summary.simulatedFlows).toBeGreaterThan(700_000);
    expect(r.flows).toBe(r.summary.simulatedFlows);
    expect(r.lastFlowId).toBe(`F${r.summary.simulatedFlows}`);
    expect(r.findings).toBeGreaterThan(0);
  }, 600_000);

  it("checks it in text and writes SARIF in the same heap", () => {
    const { file } = world();
    const sarif = join(dir, "eighteen.sarif");
    const r = runWithHeap(256, ["check", file, "--report", sarif], join(dir, "eighteen.txt"));
    expect(r.stderr).toBe("");
    expect(r.status).toBe(1);
    expect(readFileSync(join(dir, "eighteen.txt"), "utf8")).toMatch(/\n(\d+) flows checked \(\1 simulated\); \d+ mandatory/);
    const log = JSON.parse(readFileSync(sarif, "utf8")) as { runs: { results: unknown[]; properties: { summary: { simulatedFlows: number } } }[] };
    expect(log.runs[0]!.properties.summary.simulatedFlows).toBeGreaterThan(700_000);
    expect(log.runs[0]!.results.length).toBeGreaterThan(0);
  }, 600_000);
});

it("stops reading /dev/zero at the size limit, in a small heap", () => {
  const r = runWithHeap(48, ["check", "/dev/zero"], join(dir, "zero.out"));
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/larger than 16 MB.*HYBRID_MAILFLOW_MAX_INPUT_MB/);
});
