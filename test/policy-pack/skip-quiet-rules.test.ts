/**
 * The shipped pack passes over rule policies with nothing to report (src/policy/skip-quiet-rules.ts).
 * Over the real SDK and gRPC it must answer exactly as a pack that calls every rule on every
 * AnalyzeStack, across a sequence of calls whose findings change from one call to the next.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy/policy";
import { startPolicyPack, type AnalyzeResult, type AnalyzedResource, type PolicyPackProcess } from "../../src/cli/preflight/analyzer-client";
import { ALL_RULES } from "../../src/core/rules";
import { TOKENS } from "../../src/core/stack/contract";
import { UNKNOWN } from "../../src/core/stack/unknown";
import { resetAnalysisCache } from "../../src/policy/analysis";
import { hybridMailflowPolicies } from "../../src/policy/pack";
import { WORLDS, loadWorld } from "../rules/support";
import { worldToStack, type TestStack } from "./world-to-stack";

const ROOT = join(__dirname, "../..");
const BROKEN = ALL_RULES.map((r) => r.id);

function stackOf(fixture: string): TestStack {
  return worldToStack(loadWorld(fixture));
}

function brokenFixture(ruleId: string): string {
  const file = readdirSync(join(WORLDS, "broken")).find((f) => f.startsWith(`${ruleId}-`));
  if (!file) throw new Error(`no broken fixture for ${ruleId}`);
  return `broken/${file}`;
}

/** A call: the stack and the config it is analysed with. */
interface Call {
  readonly label: string;
  readonly stack: TestStack;
  readonly config?: Record<string, unknown>;
}

function calls(): Call[] {
  const good = stackOf("good/contoso-hybrid.yaml");
  const unknownCertificate: TestStack = {
    ...good,
    resources: good.resources.map((r) => (r.type === TOKENS.inboundConnector ? { ...r, props: { ...r.props, tlsSenderCertificateName: UNKNOWN } } : r)),
  };
  const hmf010 = stackOf(brokenFixture("HMF010"));
  const hmf010PartlyUnknown: TestStack = {
    ...hmf010,
    resources: hmf010.resources.map((r) => (r.type === TOKENS.acceptedDomain && r.props.matchSubDomains !== true ? { ...r, props: { ...r.props, outboundOnly: UNKNOWN } } : r)),
  };
  const hmf005 = stackOf(brokenFixture("HMF005"));
  return [
    { label: "good", stack: good },
    ...BROKEN.flatMap((id) => [
      { label: id, stack: stackOf(brokenFixture(id)) },
      // The good stack again after each broken one: a rule quiet now was loud a call ago.
      { label: `good after ${id}`, stack: good },
    ]),
    { label: "unknown certificate", stack: unknownCertificate },
    { label: "HMF010 partly unknown", stack: hmf010PartlyUnknown },
    { label: "HMF005 suppressed", stack: hmf005, config: { "hybrid-mailflow": { ...hmf005.settings, suppressions: [{ rule: "HMF005", resource: "*", reason: "accepted risk" }] } } },
    { label: "HMF005 mandatory, HMF004 disabled", stack: hmf005, config: { HMF005: "mandatory", HMF004: "disabled" } },
    { label: "invalid settings", stack: hmf005, config: { "hybrid-mailflow": { partners: [{ domain: "not a domain", sameForest: true }] } } },
    { label: "no hybrid-mailflow resources", stack: { resources: [{ urn: "urn:pulumi:test::mailflow::random:index:RandomId::x", type: "random:index:RandomId", name: "x", props: {} }], settings: {} } },
    { label: "good at the end", stack: good },
  ];
}

/** What the CLI receives, without the pack's version (the two packs' package.json may differ in it). */
function comparable(result: AnalyzeResult) {
  const diagnostics = result.diagnostics.map(({ policyPackVersion: _version, ...d }) => d);
  const sort = <T>(xs: T[]) => xs.map((x) => JSON.stringify(x)).sort();
  return { diagnostics: sort(diagnostics), notApplicable: sort([...result.notApplicable]) };
}

describe("passing over quiet rules", () => {
  let shipped: PolicyPackProcess;
  let everyRule: PolicyPackProcess;
  let reports: string;

  beforeAll(async () => {
    reports = mkdtempSync(join(tmpdir(), "hmf-quiet-"));
    const env = { HYBRID_MAILFLOW_REPORT_DIR: reports, GITHUB_STEP_SUMMARY: undefined };
    [shipped, everyRule] = await Promise.all([startPolicyPack(join(ROOT, "policy-pack"), { env }), startPolicyPack(join(__dirname, "every-rule-pack"), { env })]);
  });
  afterAll(async () => {
    await Promise.all([shipped?.close(), everyRule?.close()]);
    rmSync(reports, { recursive: true, force: true });
  });

  it("gives the same violations and not-applicable policies as calling every rule, call after call", async () => {
    const sequence = calls();
    let mandatoryCalls = 0;
    for (const call of sequence) {
      const results: AnalyzeResult[] = [];
      for (const pack of [shipped, everyRule]) {
        await pack.configure({ "hybrid-mailflow": call.stack.settings, ...call.config } as never);
        results.push(await pack.analyzeStack(call.stack.resources as AnalyzedResource[]));
      }
      expect({ call: call.label, ...comparable(results[0]!) }).toEqual({ call: call.label, ...comparable(results[1]!) });
      if (results[0]!.diagnostics.some((d) => d.enforcementLevel === "mandatory")) mandatoryCalls++;
    }
    // The comparison means something only if rules fired, and if the other pack really called them all.
    expect(mandatoryCalls).toBeGreaterThan(BROKEN.length / 2);
    for (const rule of ALL_RULES) expect(everyRule.stderr).toContain(`called ${rule.id}\n`);
  }, 120_000);
});

describe("withdrawing and restoring the rules' validateStack", () => {
  afterEach(() => resetAnalysisCache());

  function policyResources(stack: TestStack): PolicyResource[] {
    return stack.resources.map((r) => ({ urn: r.urn, type: r.type, name: r.name, props: r.props, ...(r.parentUrn ? { parent: { urn: r.parentUrn } } : {}) }) as unknown as PolicyResource);
  }

  async function settingsRun(stack: TestStack) {
    const policies = hybridMailflowPolicies() as StackValidationPolicy[];
    const settings = policies[0]!;
    const args = { resources: policyResources(stack), getConfig: () => stack.settings, stackTags: new Map(), notApplicable: () => undefined };
    await settings.validateStack(args as never, () => undefined);
    return policies.filter((p) => ALL_RULES.some((r) => r.id === p.name));
  }

  it("withdraws exactly the rules without findings, until the event loop turns", async () => {
    const rules = await settingsRun(stackOf(brokenFixture("HMF005")));
    const present = rules.filter((p) => typeof p.validateStack === "function").map((p) => p.name);
    expect(present).toContain("HMF005");
    expect(present.length).toBeLessThan(rules.length);
    await new Promise((resolve) => setImmediate(resolve));
    expect(rules.every((p) => typeof p.validateStack === "function")).toBe(true);
  });

  it("withdraws every rule when the settings are invalid, as none of them would report", async () => {
    const stack = stackOf(brokenFixture("HMF005"));
    const rules = await settingsRun({ ...stack, settings: { partners: [{ domain: "not a domain", sameForest: true }] } });
    expect(rules.filter((p) => typeof p.validateStack === "function")).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(rules.every((p) => typeof p.validateStack === "function")).toBe(true);
  });

  it("keeps every rule when the stack is not one of ours, since each must say it is not applicable", async () => {
    const rules = await settingsRun({ resources: [{ urn: "urn:pulumi:t::p::random:index:RandomId::x", type: "random:index:RandomId", name: "x", props: {} }], settings: {} });
    expect(rules.every((p) => typeof p.validateStack === "function")).toBe(true);
  });
});
