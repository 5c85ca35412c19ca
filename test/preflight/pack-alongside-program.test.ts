/**
 * `runPreflight` starts the policy pack while the program runs (their start-ups overlap), and keeps
 * what it reports as when one ran after the other: the program's failure first, and no pack left behind.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runPreflight } from "../../src/cli/preflight/preflight";
import { createTinyPack } from "./tiny-pack";

const ROOT = join(__dirname, "../..");

let pack: string;
let scratch: string;
beforeAll(() => {
  pack = createTinyPack();
  scratch = mkdtempSync(join(tmpdir(), "hmf-preflight-overlap-"));
});
afterAll(() => [pack, scratch].forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function program(index: string): string {
  const dir = mkdtempSync(join(scratch, "program-"));
  writeFileSync(join(dir, "Pulumi.yaml"), "name: overlap\nruntime: nodejs\n");
  writeFileSync(join(dir, "index.js"), index);
  return dir;
}

/** Processes whose command line names `dir` (the pack is started with its directory as last argument). */
function processesNaming(dir: string): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").includes(dir);
      } catch {
        return false;
      }
    })
    .map(Number);
}

function withEnv<T>(name: string, value: string, run: () => Promise<T>): Promise<T> {
  const before = process.env[name];
  process.env[name] = value;
  return run().finally(() => {
    if (before === undefined) delete process.env[name];
    else process.env[name] = before;
  });
}

it("starts the pack before the program has finished", async () => {
  // The program waits until the pack has loaded: run one after the other, it would wait in vain.
  const started = join(scratch, "pack-started");
  const dir = program(`
const fs = require("fs");
const pulumi = require("@pulumi/pulumi");
module.exports = async () => {
  const until = Date.now() + 30000;
  while (!fs.existsSync(process.env.TINY_STARTED_FILE)) {
    if (Date.now() > until) throw new Error("the policy pack was not started while the program ran");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  new pulumi.CustomResource("test:index:Thing", "thing", {});
};
`);
  const result = await withEnv("TINY_STARTED_FILE", started, () => runPreflight(dir, { policyPackDir: pack }));
  expect(existsSync(started)).toBe(true);
  expect(result.run.resources.map((r) => r.type)).toEqual(["pulumi:pulumi:Stack", "test:index:Thing"]);
  expect(result.diagnostics).toEqual([]);
  expect(processesNaming(pack)).toEqual([]);
}, 120_000);

it("reports the program's failure rather than the pack's, and leaves no pack running", async () => {
  const dir = program('throw new Error("the tenant id is missing");\n');
  const crashing = withEnv("TINY_CRASH_ON_START", "1", () => runPreflight(dir, { policyPackDir: pack }));
  await expect(crashing).rejects.toThrow(`the program in ${dir} failed: the tenant id is missing`);
  await expect(runPreflight(dir, { policyPackDir: join(scratch, "no-such-pack") })).rejects.toThrow(`the program in ${dir} failed: the tenant id is missing`);
  await expect(runPreflight(dir, { policyPackDir: pack })).rejects.toThrow(`the program in ${dir} failed: the tenant id is missing`);
  expect(processesNaming(pack)).toEqual([]);
}, 120_000);

it("reports the pack's failure when the program ran", async () => {
  const dir = program('new (require("@pulumi/pulumi").CustomResource)("test:index:Thing", "thing", {});\n');
  const crashing = withEnv("TINY_CRASH_ON_START", "1", () => runPreflight(dir, { policyPackDir: pack }));
  await expect(crashing).rejects.toThrow(/policy pack ".*" failed to start: it exited \(exit code \d+\)[\s\S]*tiny pack refuses to start/);
  expect(processesNaming(pack)).toEqual([]);
}, 120_000);

it("leaves no pack behind when the CLI ends while the pack is starting", async () => {
  const module = join(ROOT, "dist/src/cli/preflight/policy-pack-process.js");
  const script = `require(${JSON.stringify(module)}).spawnPolicyPack(${JSON.stringify(pack)}).port.catch(() => {}); setTimeout(() => process.exit(0), 300);`;
  expect(spawnSync(process.execPath, ["-e", script]).status).toBe(0);
  // An orphaned pack would still be starting (it takes a second or more) and then serve forever.
  for (let i = 0; i < 20 && processesNaming(pack).length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 100));
  expect(processesNaming(pack)).toEqual([]);
}, 60_000);
