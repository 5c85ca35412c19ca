/**
 * Values marked `pulumi.secret()` reach the pack marked, as the engine sends them, and @pulumi/policy
 * unwraps them before any policy runs; they must come out as [secret] in violation messages, the
 * report files and preflight's output. The report writer must not follow links in its folder.
 */
import { existsSync, lstatSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { startPolicyPack, type AnalyzedResource, type PolicyPackProcess } from "../../src/cli/preflight/analyzer-client";
import { preflightAsJson, preflightAsText } from "../../src/cli/format/policy-violations";
import type { PreflightResult } from "../../src/cli/preflight/preflight";
import { TOKENS } from "../../src/core/stack/contract";
import { maskSecrets, secretValuesIn } from "../../src/core/stack/secrets";
import { REPORT_FILE_JSON, REPORT_FILE_MARKDOWN, writeStackReport } from "../../src/policy/report-files";
import type { StackReport } from "../../src/core/report/stack-report";
import { loadWorld } from "../rules/support";
import { worldToStack } from "./world-to-stack";

const ROOT = join(__dirname, "../..");
const SECRET_NAME = "mail.contoso.com";
const secret = (value: unknown) => ({ [specialSigKey]: specialSecretSig, value });

let pack: PolicyPackProcess;
let reports: string;
beforeAll(async () => {
  reports = mkdtempSync(join(tmpdir(), "hmf-secret-reports-"));
  pack = await startPolicyPack(join(ROOT, "policy-pack"), { env: { HYBRID_MAILFLOW_REPORT_DIR: reports, GITHUB_STEP_SUMMARY: undefined } });
});
afterAll(async () => {
  await pack?.close();
  rmSync(reports, { recursive: true, force: true });
});

it("a secret certificate name is [secret] in the violations and both report files", async () => {
  const stack = worldToStack(loadWorld("broken/HMF005-certificate-domain-not-accepted.yaml"));
  const resources = stack.resources.map((r) =>
    r.type === TOKENS.inboundConnector ? { ...r, props: { ...r.props, tlsSenderCertificateName: secret(r.props.tlsSenderCertificateName) } } : r,
  );
  // The probe is real: the value is in the stack, marked secret, and the rule quotes it.
  expect(JSON.stringify(resources)).toContain(SECRET_NAME);
  await pack.configure({ "hybrid-mailflow": stack.settings } as never);
  const result = await pack.analyzeStack(resources as AnalyzedResource[]);
  const hmf005 = result.diagnostics.filter((d) => d.policyName === "HMF005");
  expect(hmf005.length).toBeGreaterThan(0);
  expect(hmf005.some((d) => d.message.includes("[secret]"))).toBe(true);
  // Violations still point at the resource to change.
  expect(hmf005.some((d) => resources.some((r) => r.urn === d.urn))).toBe(true);
  for (const d of result.diagnostics) expect(d.message.toLowerCase()).not.toContain(SECRET_NAME);
  for (const file of [REPORT_FILE_JSON, REPORT_FILE_MARKDOWN]) {
    const text = readFileSync(join(reports, file), "utf8");
    expect(text.toLowerCase()).not.toContain(SECRET_NAME);
    expect(text).toContain("[secret]");
  }
});

describe("preflight's output", () => {
  const result = {
    run: {
      project: { dir: "/p", name: "p" },
      stack: { stack: "dev" },
      mode: "preview",
      resources: [{ urn: "urn:a", type: TOKENS.inboundConnector, name: "c", props: { tlsSenderCertificateName: secret("Mail.Contoso.com") }, inputs: {} }],
    },
    pack: { dir: "/pack", name: "other-pack", version: "1" },
    diagnostics: [{ policyName: "X", policyPackName: "other-pack", policyPackVersion: "1", enforcementLevel: "mandatory", severity: "high", description: "d", message: "mail.contoso.com is wrong", urn: "urn:a" }],
    notApplicable: [],
  } as unknown as PreflightResult;

  it("shows a secret quoted by any pack as [secret], in JSON and text", () => {
    const json = JSON.stringify(preflightAsJson(result));
    expect(json.toLowerCase()).not.toContain(SECRET_NAME);
    expect(json).toContain("[secret] is wrong");
    expect(json).toContain('"urn":"urn:a"');
    expect(preflightAsText(result).toLowerCase()).not.toContain(SECRET_NAME);
  });
});

describe("maskSecrets", () => {
  it("masks every occurrence, without case, longest first, and leaves short values alone", () => {
    const secrets = secretValuesIn({ a: secret(["Contoso-Key-1", "Contoso-Key-10"]), b: secret("on"), c: "plain-value" });
    expect([...secrets].sort()).toEqual(["Contoso-Key-1", "Contoso-Key-10"]);
    expect(maskSecrets({ m: "contoso-key-10 and CONTOSO-KEY-1, plain-value on", urn: "urn:contoso-key-1" }, secrets)).toEqual({ m: "[secret] and [secret], plain-value on", urn: "urn:contoso-key-1" });
  });
});

describe("the report writer", () => {
  const report = { version: 1, tool: { name: "t", version: "1" }, findings: [], suppressed: [], unverified: [], notes: [], summary: {} } as unknown as StackReport;

  it("replaces a symlink planted in its folder instead of writing through it", () => {
    const dir = mkdtempSync(join(tmpdir(), "hmf-links-"));
    try {
      const victim = join(dir, "victim.txt");
      writeFileSync(victim, "keep me");
      symlinkSync(victim, join(dir, REPORT_FILE_JSON));
      symlinkSync(victim, join(dir, REPORT_FILE_MARKDOWN));
      const saved = process.stderr.write;
      let err = "";
      process.stderr.write = ((c: string) => ((err += c), true)) as typeof process.stderr.write;
      try {
        writeStackReport(report, dir, {});
      } finally {
        process.stderr.write = saved;
      }
      expect(err).toBe("");
      expect(readFileSync(victim, "utf8")).toBe("keep me");
      expect(lstatSync(join(dir, REPORT_FILE_JSON)).isSymbolicLink()).toBe(false);
      expect(JSON.parse(readFileSync(join(dir, REPORT_FILE_JSON), "utf8"))).toMatchObject({ version: 1 });
      expect(existsSync(join(dir, REPORT_FILE_MARKDOWN))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
