/**
 * The samples users copy first must pass the project's own rules: the README's world file through
 * `check`, and the main code sample of docs/exchange-and-graph.md through `preflight` with the policy
 * config its own comment gives.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "./support/run-cli";

const root = join(__dirname, "..");

function codeBlock(markdownFile: string, after: string, language: string): string {
  const text = readFileSync(join(root, markdownFile), "utf8");
  const start = text.indexOf(after);
  expect(start).toBeGreaterThanOrEqual(0);
  const match = new RegExp("```" + language + "\\n([\\s\\S]*?)```").exec(text.slice(start));
  if (!match) throw new Error(`no ${language} block after "${after}" in ${markdownFile}`);
  return match[1]!;
}

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "hmf-docs-"));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

test("the README's world example passes check", async () => {
  const world = join(scratch, "readme-world.yaml");
  writeFileSync(world, codeBlock("README.md", "## The world file", "yaml"));
  const r = await runCli(["check", world]);
  expect(r.err).toBe("");
  expect(r.out).toContain("0 mandatory");
  expect(r.code).toBe(0);
});

test("the main code sample of docs/exchange-and-graph.md passes preflight", async () => {
  const program = codeBlock("docs/exchange-and-graph.md", "# Exchange Online and Microsoft Graph resources", "ts");
  const dir = join(scratch, "graph-sample");
  mkdirSync(dir);
  writeFileSync(join(dir, "index.ts"), program);
  writeFileSync(join(dir, "Pulumi.yaml"), "name: graph-sample\nruntime: nodejs\n");
  // The sample's own comment carries the policy config it needs; use exactly that.
  const config = /^\/\/ (\{ "hybrid-mailflow".*\})$/m.exec(program);
  expect(config).not.toBeNull();
  writeFileSync(join(dir, "policy.json"), config![1]!);
  const r = await runCli(["preflight", dir, "--policy-pack-config", join(dir, "policy.json")]);
  expect(r.out).toContain("0 mandatory");
  expect(r.code).toBe(0);
});
