/**
 * The analyzer client against a real (tiny) policy pack served by @pulumi/policy: the pack is started
 * as the Pulumi CLI starts it, and every RPC the CLI makes is checked for what the pack receives and
 * answers.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startPolicyPack, type AnalyzedResource, type PolicyPackProcess } from "../../src/cli/preflight/analyzer-client";
import { locateRunPolicyPack } from "../../src/cli/preflight/policy-pack-location";
import { UNKNOWN } from "../../src/core/stack/unknown";
import { createTinyPack } from "./tiny-pack";

const urn = (name: string) => `urn:pulumi:dev::tiny::test:index:Thing::${name}`;
const thing = (name: string, props: Record<string, unknown>, extra: Partial<AnalyzedResource> = {}): AnalyzedResource => ({ urn: urn(name), type: "test:index:Thing", name, props, ...extra });

const packs: string[] = [];
function tinyPack(...args: Parameters<typeof createTinyPack>): string {
  const dir = createTinyPack(...args);
  packs.push(dir);
  return dir;
}
afterAll(() => packs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe("a running pack", () => {
  let pack: PolicyPackProcess;
  let dir: string;

  beforeAll(async () => {
    dir = tinyPack();
    pack = await startPolicyPack(dir, {
      stack: { project: "tiny", stack: "dev", dryRun: true, config: { "tiny:region": "eu" } },
      env: { TINY_MARK: "marked" },
    });
  });
  afterAll(() => pack?.close());

  it("listens on the port it printed", () => {
    expect(pack.address).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(pack.pid).toBeGreaterThan(0);
  });

  it("describes itself and its policies", async () => {
    const info = await pack.getAnalyzerInfo();
    expect(info).toMatchObject({ name: "tiny", version: "1.2.3", description: "A tiny pack for tests.", supportsConfig: true });
    expect(info.policies).toEqual([
      { name: "no-open-relay", displayName: "", description: "Connectors must not relay for anyone.", enforcementLevel: "advisory", policyType: "resource", severity: "" },
      {
        name: "max-resources",
        displayName: "",
        description: "Stacks stay small.",
        enforcementLevel: "mandatory",
        configSchema: { properties: { max: { type: "number", default: 3 } }, required: [] },
        policyType: "stack",
        severity: "high",
      },
      { name: "environment", displayName: "", description: "Shows what the pack was started with.", enforcementLevel: "advisory", policyType: "stack", severity: "" },
    ]);
  });

  it("reports stack policy violations with parents and dependencies resolved, and unknowns as advisory", async () => {
    await pack.configure({ environment: "disabled" });
    const result = await pack.analyzeStack([
      thing("a", { prefix: "abc" }),
      thing("b", { prefix: "xyz" }, { parentUrn: urn("a"), dependencies: [urn("a")] }),
      thing("c", { prefix: UNKNOWN }),
      thing("d", {}),
    ]);
    expect(result.diagnostics).toEqual([
      { policyName: "max-resources", policyPackName: "tiny", policyPackVersion: "1.2.3", description: "Stacks stay small.", message: "Stacks stay small.\n4 resources, more than 3", enforcementLevel: "mandatory", urn: "", severity: "high" },
      expect.objectContaining({ message: "Stacks stay small.\nb (child of a, depends on a) has prefix xyz", urn: urn("b"), enforcementLevel: "mandatory" }),
      expect.objectContaining({
        policyName: "max-resources",
        message: "can't run policy 'max-resources' from policy pack 'tiny@v1.2.3' during preview: string value at .prefix can't be known during preview",
        enforcementLevel: "advisory",
      }),
    ]);
  });

  it("applies config like the CLI: schema defaults, \"all\", and named policies over \"all\"", async () => {
    const sent = await pack.configure({ all: "advisory", "no-open-relay": { enforcementLevel: "mandatory" }, "max-resources": { max: 1 } });
    expect(sent).toEqual({
      "no-open-relay": { enforcementLevel: "mandatory", properties: {} },
      "max-resources": { enforcementLevel: "advisory", properties: { max: 1 } },
      environment: { enforcementLevel: "advisory", properties: {} },
      all: { enforcementLevel: "advisory", properties: {} },
    });
    expect((await pack.getAnalyzerInfo()).policies.map((p) => p.enforcementLevel)).toEqual(["mandatory", "advisory", "advisory"]);
    const { diagnostics } = await pack.analyzeStack([thing("a", {}), thing("b", {})]);
    expect(diagnostics.map((d) => [d.policyName, d.enforcementLevel, d.message.split("\n")[1]])).toEqual([
      ["max-resources", "advisory", "2 resources, more than 1"],
      ["environment", "advisory", expect.stringMatching(/^marked \| dev \| \{"tiny:region":"eu"\} \| .*hmf-tiny-pack-/)],
    ]);
  });

  it("runs resource policies through Analyze, naming the resource analysed", async () => {
    await pack.configure({ "no-open-relay": "mandatory" });
    const { diagnostics } = await pack.analyze(thing("relay", { open: true }));
    expect(diagnostics).toEqual([expect.objectContaining({ policyName: "no-open-relay", message: "Connectors must not relay for anyone.\nrelay relays for anyone", enforcementLevel: "mandatory", urn: urn("relay") })]);
    expect((await pack.analyze(thing("closed", { open: false }))).diagnostics).toEqual([]);
  });

  it("rejects config the pack would not accept, before sending it", async () => {
    await expect(pack.configure({ "max-resources": "strict" })).rejects.toThrow('"strict" is not a valid enforcement level');
    await expect(pack.configure({ "max-resources": { max: "three" } })).rejects.toThrow(/the policy pack config is not valid:\n {2}- max-resources: max: .*expected number/);
  });
});

it("uses PulumiPolicy.yaml's version over the pack's", async () => {
  const pack = await startPolicyPack(tinyPack({ policyYaml: "version: 2.0.0\n" }));
  try {
    expect((await pack.getAnalyzerInfo()).version).toBe("2.0.0");
    await pack.configure();
    expect((await pack.analyzeStack([1, 2, 3, 4].map((n) => thing(`r${n}`, {})))).diagnostics[0]).toMatchObject({ policyPackVersion: "2.0.0" });
  } finally {
    await pack.close();
  }
});

describe("errors", () => {
  it("shows the pack's stderr when it exits before serving", async () => {
    await expect(startPolicyPack(tinyPack(), { env: { TINY_CRASH_ON_START: "1" } })).rejects.toThrow(/failed to start: it exited \(exit code \d+\)[\s\S]*tiny pack refuses to start/);
    // Without its own dependencies the pack is refused before it starts, as the CLI's language host refuses it.
    await expect(startPolicyPack(tinyPack({ linkNodeModules: false }))).rejects.toThrow(/dependencies are not installed; try running npm install/);
  });

  it("says which call the pack died in", async () => {
    const pack = await startPolicyPack(tinyPack());
    try {
      await expect(pack.analyzeStack([thing("boom", { crash: true })])).rejects.toThrow(/exited \(exit code 7\) during AnalyzeStack/);
    } finally {
      await pack.close();
    }
  });

  it("gives the CLI's advice when run-policy-pack cannot be found", () => {
    const empty = mkdtempSync(join(tmpdir(), "hmf-empty-"));
    packs.push(empty);
    // Only the pack's own dependencies count, as for the CLI: no fallback to another copy of the SDK.
    expect(() => locateRunPolicyPack(empty)).toThrow(`it looks like the policy pack's dependencies are not installed; try running npm install or yarn install in "${empty}"`);
    expect(locateRunPolicyPack(join(__dirname, "../../policy-pack"))).toMatch(/@pulumi\/pulumi\/cmd\/run-policy-pack\/index\.js$/);
  });

  it("needs a PulumiPolicy.yaml", async () => {
    const empty = mkdtempSync(join(tmpdir(), "hmf-empty-"));
    packs.push(empty);
    await expect(startPolicyPack(empty)).rejects.toThrow(`failed to load Pulumi policy project located at "${empty}": there is no PulumiPolicy.yaml`);
  });
});
