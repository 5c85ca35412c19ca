/**
 * The policy pack as the Pulumi CLI runs it: spawned through @pulumi/pulumi's run-policy-pack, asked
 * over the real analyzer gRPC protocol. Every rule fires on the stack built from its broken world
 * fixture, the good examples pass silently, unknowns say what could not be verified, and the config
 * (enforcement per rule, shared settings, suppressions) and the report files work end to end.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startPolicyPack, type AnalyzedResource, type PolicyPackProcess } from "../../src/cli/preflight/analyzer-client";
import { runProgram } from "../../src/cli/preflight/run-program";
import { ALL_RULES } from "../../src/core/rules";
import { TOKENS } from "../../src/core/stack/contract";
import { UNKNOWN } from "../../src/core/stack/unknown";
import { loadWorld, WORLDS } from "../rules/support";
import { worldToStack, type TestStack } from "./world-to-stack";

const ROOT = join(__dirname, "../..");
const PACK = join(ROOT, "policy-pack");
const BROKEN = readdirSync(join(WORLDS, "broken")).filter((f) => f.endsWith(".yaml"));

let pack: PolicyPackProcess;
let reports: string;

beforeAll(async () => {
  reports = mkdtempSync(join(tmpdir(), "hmf-pack-reports-"));
  pack = await startPolicyPack(PACK, { env: { HYBRID_MAILFLOW_REPORT_DIR: reports, GITHUB_STEP_SUMMARY: undefined } });
});
afterAll(async () => {
  await pack?.close();
  rmSync(reports, { recursive: true, force: true });
});

async function analyze(stack: TestStack, config: Record<string, unknown> = {}) {
  await pack.configure({ "hybrid-mailflow": stack.settings, ...config } as never);
  return pack.analyzeStack(stack.resources as AnalyzedResource[]);
}

function stackOf(fixture: string): TestStack {
  return worldToStack(loadWorld(fixture));
}

it("describes itself: the settings policy first, then one stack policy per rule at the rule's severity", async () => {
  const info = await pack.getAnalyzerInfo();
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
  expect(info.name).toBe("hybrid-mailflow");
  expect(info.version).toBe(pkg.version);
  expect(JSON.parse(readFileSync(join(PACK, "package.json"), "utf8")).version).toBe(pkg.version);
  expect(info.policies.map((p) => p.name)).toEqual(["hybrid-mailflow", "hybrid-mailflow-inputs", ...ALL_RULES.map((r) => r.id)]);
  for (const rule of ALL_RULES) {
    const policy = info.policies.find((p) => p.name === rule.id)!;
    expect(policy.enforcementLevel).toBe(rule.severity);
    expect(policy.policyType).toBe("stack");
  }
  const settings = info.policies[0]!;
  expect(Object.keys((settings.configSchema as { properties: object }).properties)).toEqual(
    expect.arrayContaining(["tenant", "onPremises", "partners", "internetDomains", "dns", "suppressions", "reportDirectory"]),
  );
});

describe.each(ALL_RULES.map((r) => [r.id, r] as const))("%s fires on its broken stack", (id, rule) => {
  const fixture = BROKEN.find((f) => f.startsWith(`${id}-`));
  it(`${fixture}`, async () => {
    expect(fixture).toBeDefined();
    const stack = stackOf(`broken/${fixture}`);
    const result = await analyze(stack);
    const mine = result.diagnostics.filter((d) => d.policyName === id);
    expect(mine.length).toBeGreaterThan(0);
    for (const d of mine) {
      expect(d.enforcementLevel).toBe(rule.severity);
      expect(d.policyPackName).toBe("hybrid-mailflow");
      expect(d.message).toContain("Fix:");
      expect(d.message).toContain("Sources:");
    }
    // Findings point at the stack resource to change whenever there is one.
    const urns = new Set(stack.resources.map((r) => r.urn));
    expect(mine.some((d) => urns.has(d.urn))).toBe(true);
    expect(result.diagnostics.filter((d) => d.policyName === "hybrid-mailflow")).toEqual([]);
  });
});

describe("the good examples, run under mocks as preflight runs them", () => {
  // Every example that is a Pulumi program (worlds/ and ci/ are not).
  const examples = readdirSync(join(ROOT, "examples")).filter((d) => existsSync(join(ROOT, "examples", d, "Pulumi.yaml")));
  it.each(examples)("%s passes silently in preview and in update mode", async (example) => {
    for (const mode of ["preview", "update"] as const) {
      const run = await runProgram(join(ROOT, "examples", example), { mode });
      // As the engine does: each resource's inputs to the resource policies first, then the stack's outputs.
      await pack.configure({ "hybrid-mailflow": {} } as never);
      for (const r of run.resources) expect((await pack.analyze({ ...r, props: r.inputs })).diagnostics).toEqual([]);
      const result = await pack.analyzeStack(run.resources as AnalyzedResource[]);
      expect(result.diagnostics).toEqual([]);
    }
  });

  it("without the inputs of its DNS record sets (the inputs policy disabled) says what it could not verify, never mandatory", async () => {
    const run = await runProgram(join(ROOT, "examples", "onprem-mx-certificate"), { mode: "preview" });
    const result = await analyze({ resources: run.resources.map((r) => ({ ...r, urn: `${r.urn}-unseen`, ...(r.parentUrn ? { parentUrn: `${r.parentUrn}-unseen` } : {}) })), settings: {} });
    expect(result.diagnostics.length).toBeGreaterThan(0);
    expect(result.diagnostics.every((d) => d.enforcementLevel === "advisory")).toBe(true);
    expect(result.diagnostics[0]!.message).toContain("Could not verify");
  });

  it("the good world fixture has no mandatory violation", async () => {
    const result = await analyze(stackOf("good/contoso-hybrid.yaml"));
    expect(result.diagnostics.filter((d) => d.enforcementLevel === "mandatory")).toEqual([]);
  });
});

describe("preview unknowns", () => {
  it("a certificate name not known yet makes the rules that read connectors say what they could not verify, never mandatory", async () => {
    const stack = stackOf("good/contoso-hybrid.yaml");
    const resources = stack.resources.map((r) =>
      r.type === TOKENS.inboundConnector ? { ...r, props: { ...r.props, tlsSenderCertificateName: UNKNOWN } } : r,
    );
    const result = await analyze({ ...stack, resources });
    expect(result.diagnostics.length).toBeGreaterThan(0);
    for (const d of result.diagnostics) expect(d.enforcementLevel).toBe("advisory");
    const hmf005 = result.diagnostics.find((d) => d.policyName === "HMF005")!;
    expect(hmf005.message).toMatch(/Could not verify this rule during preview: .*inboundConnector:CONTOSO\/.* \(tlsSenderCertificateName\)/);
    // Rules that do not read connectors are not disturbed.
    expect(result.diagnostics.find((d) => d.policyName === "HMF010")).toBeUndefined();
  });

  it("a mandatory finding whose inputs are partly unknown is reported as advisory and says it is not final", async () => {
    const stack = stackOf("broken/HMF010-match-subdomains-authoritative.yaml");
    const resources = stack.resources.map((r) =>
      r.type === TOKENS.acceptedDomain && r.props.matchSubDomains !== true ? { ...r, props: { ...r.props, outboundOnly: UNKNOWN } } : r,
    );
    const result = await analyze({ ...stack, resources });
    const d = result.diagnostics.find((x) => x.policyName === "HMF010")!;
    expect(d.enforcementLevel).toBe("advisory");
    expect(d.message).toContain("Not final");
  });
});

describe("configuration", () => {
  it("sets enforcement per rule and disables rules, as --policy-pack-config does", async () => {
    const stack = stackOf("broken/HMF005-certificate-domain-not-accepted.yaml");
    const advisory = await analyze(stack, { HMF005: "advisory" });
    expect(advisory.diagnostics.filter((d) => d.policyName === "HMF005").map((d) => d.enforcementLevel)).toEqual(expect.arrayContaining(["advisory"]));
    expect(advisory.diagnostics.some((d) => d.policyName === "HMF005" && d.enforcementLevel === "mandatory")).toBe(false);
    const disabled = await analyze(stack, { HMF005: "disabled" });
    expect(disabled.diagnostics.some((d) => d.policyName === "HMF005")).toBe(false);
  });

  it("suppressions in the settings silence a rule, and the report lists them with their reason", async () => {
    const stack = stackOf("broken/HMF013-partner-parameters-on-onpremises.yaml");
    const settings = { ...stack.settings, suppressions: [{ rule: "HMF013", resource: "*", reason: "Kept for the 2027 migration runbook" }] };
    const result = await analyze({ ...stack, settings });
    expect(result.diagnostics.some((d) => d.policyName === "HMF013")).toBe(false);
    const report = JSON.parse(readFileSync(join(reports, "hybrid-mailflow-report.json"), "utf8"));
    expect(report.suppressed.map((s: { rule: string; suppressionReason: string }) => [s.rule, s.suppressionReason])).toContainEqual(["HMF013", "Kept for the 2027 migration runbook"]);
  });

  it("an invalid config is one mandatory violation naming the field and the fix, and no rule runs", async () => {
    const stack = stackOf("broken/HMF005-certificate-domain-not-accepted.yaml");
    const result = await analyze({ ...stack, settings: { partners: [{ domain: "not a domain", sameForest: true }] } });
    expect(result.diagnostics.map((d) => d.policyName)).toEqual(["hybrid-mailflow"]);
    expect(result.diagnostics[0]!.enforcementLevel).toBe("mandatory");
    expect(result.diagnostics[0]!.message).toMatch(/partners\[0\]\.domain: must be a domain name/);
  });

  it("partners in the same forest are checked for tenant capture", async () => {
    const stack = stackOf("good/contoso-hybrid.yaml");
    const settings = { ...stack.settings, partners: [{ domain: "partner-of-contoso.example", sameForest: true }] };
    await analyze({ ...stack, settings });
    const report = JSON.parse(readFileSync(join(reports, "hybrid-mailflow-report.json"), "utf8"));
    expect(report.summary.flows).toBeGreaterThan(0);
    expect(JSON.stringify(report.notes)).toContain("another-tenant.same-forest.example");
  });

  it("a stack without hybrid-mailflow resources is not applicable", async () => {
    const result = await analyze({ resources: [{ urn: "urn:pulumi:s::p::random:index:RandomId::x", type: "random:index:RandomId", name: "x", props: {} }], settings: {} });
    expect(result.diagnostics).toEqual([]);
    expect(result.notApplicable.map((n) => n.policyName)).toEqual(expect.arrayContaining(["hybrid-mailflow", "HMF001"]));
  });
});

it("writes the JSON report and the Markdown summary for pipelines", async () => {
  await analyze(stackOf("broken/HMF001-attr36-ip-connector-null-sender.yaml"));
  const report = JSON.parse(readFileSync(join(reports, "hybrid-mailflow-report.json"), "utf8"));
  expect(report.version).toBe(1);
  expect(report.blocking).toBe(true);
  expect(report.findings.find((f: { rule: string }) => f.rule === "HMF001")).toMatchObject({ severity: "mandatory", verified: true, urn: expect.stringContaining("InboundConnector") });
  const markdown = readFileSync(join(reports, "hybrid-mailflow-report.md"), "utf8");
  expect(markdown).toContain("## hybrid-mailflow: blocked");
  expect(markdown).toContain("| HMF001 ");
});
