/**
 * `hybrid-mailflow preflight` with the real hybrid-mailflow pack: the examples pass, and a program
 * that would deploy a hazard is blocked with the rule, the resource and the fix.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../support/run-cli";

const ROOT = join(__dirname, "../..");

const run = runCli;

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "hmf-preflight-real-"));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

it.each(["onprem-mx-certificate", "cloud-mx-internal-relay", "multi-domain-separate-certificate"])("examples/%s passes", async (example) => {
  const r = await run(["preflight", join(ROOT, "examples", example), "--report-dir", join(scratch, example)]);
  expect(r.out).toContain("No policy violations from hybrid-mailflow v");
  expect(r.code).toBe(0);
  const report = JSON.parse(readFileSync(join(scratch, example, "hybrid-mailflow-report.json"), "utf8"));
  expect(report.blocking).toBe(false);
});

it("blocks a program whose connector certificate name is not an accepted domain (MC1226222)", async () => {
  const program = join(scratch, "broken");
  require("node:fs").mkdirSync(program);
  writeFileSync(join(program, "Pulumi.yaml"), "name: broken\nruntime: nodejs\n");
  writeFileSync(
    join(program, "index.ts"),
    `import * as mailflow from "hybrid-mailflow";
const tenantId = "contoso.onmicrosoft.com";
new mailflow.AcceptedDomain("contoso", { domainName: "contoso.com", tenantId });
new mailflow.InboundConnector("from-onprem", { name: "Inbound from on-premises", connectorType: "OnPremises", tlsSenderCertificateName: "mail.fabrikam.com", tenantId });
`,
  );
  const config = join(scratch, "policy-config.json");
  writeFileSync(config, JSON.stringify({ "hybrid-mailflow": { tenant: { id: "contoso.onmicrosoft.com", forest: "NAM" } } }));
  const r = await run(["preflight", program, "--policy-pack-config", config, "--report-dir", join(scratch, "broken-report")]);
  expect(r.code).toBe(1);
  expect(r.out).toMatch(/\[mandatory\]\s+hybrid-mailflow v\S+\s+HMF005 \(from-onprem: pulumi-nodejs:dynamic\/hybrid-mailflow:InboundConnector\)/);
  expect(r.out).toContain("mail.fabrikam.com is not an accepted domain");
  expect(r.out).toContain("Fix:");
});
