/**
 * `hybrid-mailflow preflight` end to end with the tiny pack: the program runs under mocks, the pack
 * judges its stack, and the command prints like the Pulumi CLI and exits like the other commands.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../support/run-cli";
import { createTinyPack } from "./tiny-pack";

const ROOT = join(__dirname, "../..");
const EXAMPLE = join(ROOT, "examples/onprem-mx-certificate");

const run = runCli;

let pack: string;
let scratch: string;
beforeAll(() => {
  pack = createTinyPack();
  scratch = mkdtempSync(join(tmpdir(), "hmf-preflight-cli-"));
});
afterAll(() => [pack, scratch].forEach((dir) => rmSync(dir, { recursive: true, force: true })));

it("prints violations like the Pulumi CLI and exits 1 on a mandatory one", async () => {
  const r = await run(["preflight", EXAMPLE, "--policy-pack", pack]);
  expect(r.code).toBe(1);
  expect(r.out).toBe(
    [
      "Policy Violations:",
      "    [mandatory]  tiny v1.2.3  max-resources (onprem-mx-certificate-preflight: pulumi:pulumi:Stack)",
      "    Stacks stay small.",
      "    18 resources, more than 3",
      "",
      "1 mandatory, 0 advisory policy violation(s) from tiny v1.2.3 over 18 resources of stack preflight (preview): BLOCKED.",
      "",
    ].join("\n"),
  );
});

it("takes Pulumi's policy pack config and prints one JSON document with --json", async () => {
  const config = join(scratch, "policy-config.json");
  writeFileSync(config, JSON.stringify({ all: "advisory", "max-resources": { max: 5 } }));
  const r = await run(["preflight", EXAMPLE, "--policy-pack", pack, "--policy-pack-config", config, "--mode", "update", "--json"]);
  expect(r.code).toBe(0);
  const json = JSON.parse(r.out);
  expect(json).toMatchObject({
    version: 1,
    program: { dir: EXAMPLE, project: "onprem-mx-certificate", stack: "preflight", mode: "update" },
    policyPack: { dir: pack, name: "tiny", version: "1.2.3" },
    resources: 18,
    summary: { mandatory: 0, advisory: 1 },
    blocking: false,
  });
  expect(json.violations).toEqual([
    {
      policyName: "max-resources",
      policyPackName: "tiny",
      policyPackVersion: "1.2.3",
      enforcementLevel: "advisory",
      severity: "high",
      description: "Stacks stay small.",
      message: "Stacks stay small.\n18 resources, more than 5",
      urn: "urn:pulumi:preflight::onprem-mx-certificate::pulumi:pulumi:Stack::onprem-mx-certificate-preflight",
      resourceType: "pulumi:pulumi:Stack",
      resourceName: "onprem-mx-certificate-preflight",
    },
  ]);
});

it("exits 2 with the program's own error when the program fails", async () => {
  const dir = mkdtempSync(join(scratch, "program-"));
  writeFileSync(join(dir, "Pulumi.yaml"), "name: broken\nruntime: nodejs\n");
  writeFileSync(join(dir, "index.js"), 'throw new Error("the tenant id is missing");\n');
  const r = await run(["preflight", dir, "--policy-pack", pack]);
  expect(r.code).toBe(2);
  expect(r.out).toBe("");
  expect(r.err).toBe(`preflight: running ${dir} under mocks (preview) and asking the policy pack...\nerror: the program in ${dir} failed: the tenant id is missing\n`);
});

it("exits 2 on usage errors", async () => {
  expect((await run(["preflight", EXAMPLE, "--mode", "deploy"])).code).toBe(2);
  expect((await run(["preflight", join(scratch, "missing")])).err).toContain("is not a Pulumi project: there is no Pulumi.yaml in it");
  const badConfig = join(scratch, "bad.json");
  writeFileSync(badConfig, '{"max-resources": "strict"}');
  const r = await run(["preflight", EXAMPLE, "--policy-pack", pack, "--policy-pack-config", badConfig]);
  expect(r).toMatchObject({ code: 2, err: expect.stringContaining('"strict" is not a valid enforcement level') });
});

it("runs from the compiled binary", () => {
  const r = spawnSync(process.execPath, [join(ROOT, "dist/src/cli/main.js"), "preflight", EXAMPLE, "--policy-pack", pack, "--json"], { encoding: "utf8" });
  expect(r.status).toBe(1);
  expect(JSON.parse(r.stdout).summary).toEqual({ mandatory: 1, advisory: 0 });
});

describe("real project layouts", () => {
  function program(files: Record<string, string>): string {
    const dir = mkdtempSync(join(scratch, "program-"));
    writeFileSync(join(dir, "Pulumi.yaml"), "name: layouts\nruntime: nodejs\n");
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return dir;
  }
  const COUNTS = `
import * as pulumi from "@pulumi/pulumi";
const config = new pulumi.Config();
const count = config.getNumber("count") ?? 1;
for (let i = 0; i < count; i++) new pulumi.CustomResource("test:index:Thing", "thing-" + i, {});
console.log("sees " + (process.env.AZURE_CLIENT_SECRET ?? "no secret"));
`;

  it("checks every stack that has a Pulumi.<stack>.yaml and says which result is whose", async () => {
    const dir = program({ "index.ts": COUNTS, "Pulumi.dev.yaml": "config:\n  layouts:count: 1\n", "Pulumi.prod.yaml": "config:\n  layouts:count: 5\n" });
    const r = await run(["preflight", dir, "--policy-pack", pack, "--json"]);
    const json = JSON.parse(r.out);
    expect(json.stacks.map((s: { program: { stack: string } }) => s.program.stack)).toEqual(["dev", "prod"]);
    expect(json.stacks.map((s: { blocking: boolean }) => s.blocking)).toEqual([false, true]);
    expect(json.blocking).toBe(true);
    expect(r.code).toBe(1);
    expect(r.err).toContain("for stack prod");
    const text = await run(["preflight", dir, "--policy-pack", pack]);
    expect(text.out).toMatch(/^Stack dev:\n[\s\S]*\n\nStack prod:\n/);
    expect((await run(["preflight", dir, "--policy-pack", pack, "--stack", "dev"])).code).toBe(0);
  });

  it("honours a node16 tsconfig, which a forced CommonJS module resolution used to refuse (TS5110)", async () => {
    const tsconfig = { compilerOptions: { module: "node16", moduleResolution: "node16", target: "es2022", strict: true } };
    const dir = program({ "index.ts": COUNTS, "tsconfig.json": JSON.stringify(tsconfig) });
    const r = await run(["preflight", dir, "--policy-pack", pack, "--json"]);
    expect(r.err).not.toMatch(/TS5110|TS5107/);
    expect(JSON.parse(r.out).resources).toBeGreaterThan(0);
  });

  it("runs the program without the credential variables of the environment", async () => {
    const dir = program({ "index.ts": COUNTS });
    const before = process.env.AZURE_CLIENT_SECRET;
    process.env.AZURE_CLIENT_SECRET = "canary-secret-b1f3";
    try {
      const r = await run(["preflight", dir, "--policy-pack", pack]);
      expect(r.err).toContain("sees no secret");
      expect(r.err + r.out).not.toContain("canary-secret-b1f3");
    } finally {
      if (before === undefined) delete process.env.AZURE_CLIENT_SECRET;
      else process.env.AZURE_CLIENT_SECRET = before;
    }
  });
});
