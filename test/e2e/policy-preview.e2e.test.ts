/**
 * `pulumi preview --policy-pack node_modules/hybrid-mailflow/policy-pack` under the real CLI and engine:
 * a good hybrid passes; broken ones fail with the rule's policy, its message and a failing exit code;
 * the CLI validates the pack's config; the report lands where the docs say; and `preflight` reaches
 * the same verdict as the engine on every one of these programs.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describeWithPulumi, expectExit, run } from "./support/cli";
import { certificateNotAccepted, GOOD_SPF, onPremises, packConfig, tenantSettings } from "./support/policy-configs";
import { GOOD_HYBRID, exchangeObjectsProgram } from "./support/programs";
import { startSuite, type Suite } from "./support/suite";

const PACK = "node_modules/hybrid-mailflow/policy-pack";

/** The policies Pulumi lists as violated, as `level:name`, from lines like "- [mandatory] [severity: high]  HMF002  (…)". */
function violatedPolicies(output: string): string[] {
  return [...output.matchAll(/- \[(mandatory|advisory|remediate)\](?: \[severity: [a-z]+\])?\s+([A-Za-z0-9_.-]+)\s/g)].map((m) => `${m[1]}:${m[2]}`).sort();
}

describeWithPulumi("pulumi preview with the hybrid-mailflow policy pack", () => {
  let suite: Suite;
  beforeAll(async () => {
    suite = await startSuite("preview");
  });
  afterAll(async () => suite?.close());

  async function preview(dir: string, config?: string) {
    const args = ["preview", "--policy-pack", PACK];
    if (config) args.push("--policy-pack-config", config);
    return suite.pulumi(dir, ...args);
  }

  async function preflight(dir: string, config?: string) {
    const args = [join(dir, "node_modules/hybrid-mailflow/dist/src/cli/main.js"), "preflight", ".", "--json"];
    if (config) args.push("--policy-pack-config", config);
    const result = await run("node", args, { cwd: dir, env: suite.env() });
    return { code: result.code, report: JSON.parse(result.stdout) as { violations: Array<{ policyName: string; enforcementLevel: string }> } };
  }

  async function expectPreflightAgrees(dir: string, previewOutput: string, config?: string) {
    const { report } = await preflight(dir, config);
    const fromPreflight = report.violations.map((d) => `${d.enforcementLevel}:${d.policyName}`).sort();
    expect([...new Set(fromPreflight)]).toEqual([...new Set(violatedPolicies(previewOutput))]);
  }

  it("passes a good hybrid and writes the report under the folder pulumi ran in", async () => {
    const dir = await suite.stack({ name: "good-hybrid", program: GOOD_HYBRID });
    const result = await preview(dir);
    expectExit(result, 0);
    expect(violatedPolicies(result.output)).toEqual([]);
    const report = JSON.parse(readFileSync(join(dir, ".hybrid-mailflow", "hybrid-mailflow-report.json"), "utf8"));
    expect(report.blocking).toBe(false);
    await expectPreflightAgrees(dir, result.output);
  });

  it("blocks a renewed on-premises certificate the inbound connector no longer trusts (HMF002)", async () => {
    const dir = await suite.stack({
      name: "renewed-certificate",
      program: exchangeObjectsProgram({
        inbound: { name: "Inbound from on-premises", connectorType: "OnPremises", senderDomains: ["*"], tlsSenderCertificateName: "hybrid.contoso.com", cloudServicesMailEnabled: true },
        acceptedDomains: ["contoso.com", "hybrid.contoso.com"],
      }),
      files: {
        "policy.json": packConfig({
          tenant: tenantSettings(suite.cloud.tenantId),
          onPremises: onPremises(suite.cloud.tenantId, [
            { name: "Outbound to Office 365", addressSpaces: ["*"], smartHosts: ["contoso-com.mail.protection.outlook.com"], sourceServers: ["EX01"], certificate: { subject: "hybrid2026.contoso.com" }, cloudServicesMailEnabled: true },
          ]),
          internetDomains: ["example.net"],
          dns: GOOD_SPF,
        }),
      },
    });
    const result = await preview(dir, "policy.json");
    if (process.env.HMF_E2E_SHOW) process.stdout.write(result.output);
    expect(result.code).not.toBe(0);
    expect(violatedPolicies(result.output)).toContain("mandatory:HMF002");
    expect(result.output).toContain("TenantAttribution");
    expect(result.output).toContain("hybrid2026.contoso.com");
    await expectPreflightAgrees(dir, result.output, "policy.json");
  });

  it("blocks a certificate name that is not an accepted domain (HMF005)", async () => {
    const dir = await suite.stack(certificateNotAccepted("certificate-not-accepted", suite.cloud.tenantId));
    const result = await preview(dir, "policy.json");
    expect(result.code).not.toBe(0);
    expect(violatedPolicies(result.output)).toContain("mandatory:HMF005");
    expect(result.output).toContain("mail.contoso.net");
    await expectPreflightAgrees(dir, result.output, "policy.json");
  });

  it("blocks tenant capture that makes partner mail fail SPF (HMF003)", async () => {
    const dir = await suite.stack({
      name: "tenant-capture",
      program: exchangeObjectsProgram({
        inbound: { name: "Inbound from on-premises", connectorType: "OnPremises", senderDomains: ["*"], tlsSenderCertificateName: "*.contoso.com", cloudServicesMailEnabled: true },
        acceptedDomains: ["contoso.com"],
      }),
      files: {
        "policy.json": packConfig({
          tenant: tenantSettings(suite.cloud.tenantId),
          onPremises: onPremises(suite.cloud.tenantId, [
            { name: "Outbound to Office 365", addressSpaces: ["contoso.mail.onmicrosoft.com"], sourceServers: ["EX01"], certificate: { subject: "mail.contoso.com" }, cloudServicesMailEnabled: true },
            { name: "Internet", addressSpaces: ["*"], sourceServers: ["EX01"], certificate: { subject: "mail.contoso.com" } },
          ]),
          partners: [{ domain: "partner1.example", sameForest: true, tenantId: "PARTNER1" }],
          dns: { "contoso.com": { txt: ["v=spf1 ip4:198.51.100.20 -all"] } },
        }),
      },
    });
    const result = await preview(dir, "policy.json");
    expect(result.code).not.toBe(0);
    expect(violatedPolicies(result.output)).toContain("mandatory:HMF003");
    expect(result.output).toContain("partner1.example");
    await expectPreflightAgrees(dir, result.output, "policy.json");
  });

  it("lets the real CLI reject a config that breaks the pack's schema, before anything runs", async () => {
    const dir = await suite.stack({ name: "bad-config", program: GOOD_HYBRID, files: { "policy.json": packConfig({ partners: "partner1.example" }) } });
    const result = await preview(dir, "policy.json");
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/partners/);
    expect(result.output).not.toMatch(/\[mandatory\]/);
    const fromPreflight = await run("node", [join(dir, "node_modules/hybrid-mailflow/dist/src/cli/main.js"), "preflight", ".", "--policy-pack-config", "policy.json"], { cwd: dir, env: suite.env() });
    expect(fromPreflight.code).toBe(2);
    expect(fromPreflight.output).toMatch(/partners/);
  });

  it("resolves a relative reportDirectory against the folder pulumi ran in, not the pack's", async () => {
    const dir = await suite.stack({ name: "report-dir", program: GOOD_HYBRID, files: { "policy.json": packConfig({ reportDirectory: "reports/mailflow" }) } });
    expectExit(await preview(dir, "policy.json"), 0);
    expect(existsSync(join(dir, "reports", "mailflow", "hybrid-mailflow-report.json"))).toBe(true);
    expect(existsSync(join(suite.workspace, "node_modules", "hybrid-mailflow", "policy-pack", "reports"))).toBe(false);
  });
});
