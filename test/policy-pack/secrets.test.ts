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

it("a 2-character secret connector name is [secret] in the violations and both report files", async () => {
  const stack = worldToStack(loadWorld("broken/HMF005-certificate-domain-not-accepted.yaml"));
  const resources = stack.resources.map((r) => (r.type === TOKENS.inboundConnector ? { ...r, props: { ...r.props, name: secret("C1") } } : r));
  await pack.configure({ "hybrid-mailflow": stack.settings } as never);
  const result = await pack.analyzeStack(resources as AnalyzedResource[]);
  const hmf005 = result.diagnostics.filter((d) => d.policyName === "HMF005");
  // The probe is real: the finding names the connector, whose name is the secret.
  expect(hmf005.some((d) => d.message.includes("inboundConnector:CONTOSO/[secret]"))).toBe(true);
  const asValue = /\/C1\b|["'`]C1["'`]|[=:]\s*C1\b/i;
  for (const d of result.diagnostics) expect(d.message).not.toMatch(asValue);
  const json = readFileSync(join(reports, REPORT_FILE_JSON), "utf8");
  expect(json).not.toMatch(asValue);
  const strings: string[] = [];
  JSON.parse(json, (_key, value: unknown) => (typeof value === "string" && strings.push(value), value));
  expect(strings.filter((v) => v.toLowerCase() === "c1")).toEqual([]);
  expect(strings).toContain("inboundConnector:CONTOSO/[secret]");
  const markdown = readFileSync(join(reports, REPORT_FILE_MARKDOWN), "utf8");
  expect(markdown).not.toMatch(asValue);
  expect(markdown).toContain("inboundConnector:CONTOSO/[secret]");
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

  it("shows a 2-character secret as [secret] where a pack quotes it as a value, in JSON and text", () => {
    const short = {
      ...result,
      run: { ...result.run, resources: [{ ...result.run.resources[0]!, props: { name: secret("k9") } }] },
      diagnostics: [{ ...result.diagnostics[0]!, message: 'inboundConnector:CONTOSO/k9: connector "k9" has name=k9' }],
    } as unknown as PreflightResult;
    const json = JSON.stringify(preflightAsJson(short));
    expect(json).toContain('inboundConnector:CONTOSO/[secret]: connector \\"[secret]\\" has name=[secret]');
    expect(json).not.toMatch(/\bk9\b/);
    expect(preflightAsText(short)).not.toMatch(/\bk9\b/);
  });

  it("shows a secret quoted by any pack as [secret], in JSON and text", () => {
    const json = JSON.stringify(preflightAsJson(result));
    expect(json.toLowerCase()).not.toContain(SECRET_NAME);
    expect(json).toContain("[secret] is wrong");
    expect(json).toContain('"urn":"urn:a"');
    expect(preflightAsText(result).toLowerCase()).not.toContain(SECRET_NAME);
  });
});

describe("maskSecrets", () => {
  it("masks every occurrence of a secret of 4 or more characters, without case, longest first", () => {
    const secrets = secretValuesIn({ a: secret(["Contoso-Key-1", "Contoso-Key-10"]), c: "plain-value" });
    expect([...secrets].sort()).toEqual(["Contoso-Key-1", "Contoso-Key-10"]);
    expect(maskSecrets({ m: "contoso-key-10 and CONTOSO-KEY-1, plain-value", urn: "urn:contoso-key-1" }, secrets)).toEqual({ m: "[secret] and [secret], plain-value", urn: "urn:contoso-key-1" });
  });

  it("masks a shorter secret where it stands as a value, and leaves it inside words and prose", () => {
    const secrets = secretValuesIn({ b: secret("on"), n: secret(7), blank: secret(" "), c: "plain" });
    expect([...secrets].sort()).toEqual(["7", "on"]);
    const masked = maskSecrets(
      {
        whole: "ON",
        list: ["on", "only"],
        quoted: 'set "on" and \'7\' and `on`',
        parameters: "Enabled: on; retries=7, Mode=ON.",
        reference: "inboundConnector:CONTOSO/on: wrong",
        line: "first\n  on\nlast",
        prose: "turned on at 17:00 with 7x more",
        on: "a key equal to the secret is a field name",
        urn: "urn:pulumi:dev::p::t::on",
        count: 7,
      },
      secrets,
    );
    expect(masked).toEqual({
      whole: "[secret]",
      list: ["[secret]", "only"],
      quoted: 'set "[secret]" and \'[secret]\' and `[secret]`',
      parameters: "Enabled: [secret]; retries=[secret], Mode=[secret].",
      reference: "inboundConnector:CONTOSO/[secret]: wrong",
      line: "first\n  [secret]\nlast",
      prose: "turned on at 17:00 with 7x more",
      on: "a key equal to the secret is a field name",
      urn: "urn:pulumi:dev::p::t::on",
      count: 7,
    });
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
