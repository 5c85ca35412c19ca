/**
 * The commands that read formats of their own (Exchange exports, partner lists, policy pack config)
 * read as boundedly as `check` does: a file past HYBRID_MAILFLOW_MAX_INPUT_MB is refused with the
 * limit and how to raise it, before it is read whole.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "./support/run-cli";

let dir: string;
let big: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "hmf-limits-"));
  big = join(dir, "big.json");
  writeFileSync(big, `[${'"x",'.repeat(600_000)}"x"]`);
  process.env.HYBRID_MAILFLOW_MAX_INPUT_MB = "1";
});
afterAll(() => {
  delete process.env.HYBRID_MAILFLOW_MAX_INPUT_MB;
  rmSync(dir, { recursive: true, force: true });
});

it.each([
  ["import-onprem", ["import-onprem", "BIG", "--world", "WORLD", "--tenant", "CONTOSO", "--egress", "EX01=203.0.113.10"]],
  ["partners --world", ["partners", "contoso.com", "--world", "BIG"]],
  ["preflight --policy-pack-config", ["preflight", ".", "--policy-pack-config", "BIG"]],
])("%s refuses an input over the limit and names it", async (_name, args) => {
  const r = await runCli(args.map((a) => (a === "BIG" ? big : a === "WORLD" ? join(dir, "world.yaml") : a)));
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/HYBRID_MAILFLOW_MAX_INPUT_MB/);
});
