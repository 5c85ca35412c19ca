/**
 * The adoption path end to end, as a user runs it: `export` against an emulated tenant seeded with
 * what the Hybrid Configuration Wizard creates, `import-onprem` on an on-premises export, `partners`
 * against a loopback DNS zone, then `check`: the tenant capture of the original incident is found
 * without anyone writing YAML.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { startEmulatedCloud, type EmulatedCloud } from "../../src/testing/emulated-cloud";
import { startDnsServer, type RunningDnsServer } from "../../src/testing/dns-server";
import { runCli } from "../support/run-cli";
import { useEnv } from "../resources/engine";
import { INBOUND_NAME, INCIDENT_ZONE, OUTBOUND_NAME, seedHybridConfigurationWizard } from "./hcw-tenant";

const FIXTURES = join(__dirname, "fixtures");
const READER = { clientId: "0c9d8e7f-reader", clientSecret: "reader-secret-value-not-for-files" };

let cloud: EmulatedCloud;
let dns: RunningDnsServer;
let dir: string;
beforeAll(async () => {
  cloud = await startEmulatedCloud({ initialDomain: "firma.onmicrosoft.com" });
  // The read-only path: Exchange.ManageAsApp and Domain.Read.All, no write permission on Graph.
  cloud.tokens.registerApp({ tenantId: cloud.tenantId, ...READER, roles: { "https://outlook.office365.com": ["Exchange.ManageAsApp"], "https://graph.microsoft.com": ["Domain.Read.All"] } });
  await seedHybridConfigurationWizard(cloud);
  dns = await startDnsServer(INCIDENT_ZONE);
  dir = mkdtempSync(join(tmpdir(), "hmf-adopt-"));
});
afterAll(async () => {
  await Promise.all([cloud.close(), dns.close()]);
  rmSync(dir, { recursive: true, force: true });
});
useEnv(() => ({ ...cloud.env(), AZURE_CLIENT_ID: READER.clientId, AZURE_CLIENT_SECRET: READER.clientSecret, HYBRID_MAILFLOW_RETRY_BASE_DELAY_MS: "1" }));

describe("adopting the incident's hybrid", () => {
  it("export + import-onprem + partners give a world on which check reports the tenant capture", async () => {
    const world = join(dir, "world.yaml");
    cloud.exchange.resetLog();
    const exported = await runCli(["export", "--world", world, "--forest", "EU1"]);
    expect(exported).toMatchObject({ code: 0, err: "" });
    // Read-only and one list call per object type.
    expect(cloud.exchange.requests.map((r) => r.operation).sort()).toEqual(["Get-AcceptedDomain", "Get-InboundConnector", "Get-OrganizationConfig", "Get-OutboundConnector"]);

    const imported = await runCli(["import-onprem", join(FIXTURES, "firma-onprem.json"), "--world", world, "--egress", "EX01=198.51.100.25"]);
    expect(imported.err).toContain('Send connector "Internet" has no TlsCertificateName');
    expect(imported.code).toBe(0);

    const partners = await runCli(["partners", "partner1.cz", "partner2.de", "gmail.example", "--world", world, "--dns-server", dns.address]);
    expect(partners.code).toBe(0);
    expect(partners.out).toMatch(/partner1\.cz: Exchange Online tenant, forest EU1 \(ours/);
    expect(partners.out).toMatch(/partner2\.de: Exchange Online tenant, forest EU1-OTHER-1 \[uncertain\]/);
    expect(partners.out).toMatch(/gmail\.example: internet domain \[uncertain\]/);

    const text = readFileSync(world, "utf8");
    expect(text).toContain("certainty: uncertain");
    expect(text).not.toContain(READER.clientSecret);
    const data = parse(text);
    expect(data.tenants.map((t: { id: string; forest: string }) => `${t.id}@${t.forest}`)).toEqual(["FIRMA@EU1", "partner:partner1.cz@EU1", "partner:partner2.de@EU1-OTHER-1"]);
    expect(data.tenants[0].inboundConnectors[0]).toMatchObject({ name: INBOUND_NAME, connectorType: "OnPremises", tlsSenderCertificateName: "*.firma.cz", cloudServicesMailEnabled: true, senderDomains: ["*"] });
    expect(data.tenants[0].outboundConnectors[0]).toMatchObject({ name: OUTBOUND_NAME, recipientDomains: ["firma.cz"], smartHosts: ["mail.firma.cz"], useMxRecord: false });
    expect(data.onPremises[0]).toMatchObject({
      tenant: "FIRMA",
      servers: [{ name: "EX01", egressIps: ["198.51.100.25"] }],
      senderDomains: ["firma.cz", "firma-legacy.cz"],
    });
    expect(data.onPremises[0].sendConnectors.map((c: { certificate: { subject: string } }) => c.certificate.subject)).toEqual(["mail.firma.cz", "mail.firma.cz"]);
    expect(data.internetDomains).toEqual(["gmail.example"]);

    const check = await runCli(["check", world, "--json", "--live-dns", "--dns-server", dns.address]);
    expect(check.code).toBe(1);
    const report = JSON.parse(check.out);
    const capture = report.findings.find((f: { rule: string }) => f.rule === "HMF003");
    expect(capture).toMatchObject({ resource: "dns:firma.cz", severity: "mandatory" });
    expect(capture.flows.join("\n")).toContain("partner1.cz");
    expect(capture.flows.join("\n")).not.toContain("partner2.de");
    expect(report.findings.find((f: { rule: string }) => f.rule === "HMF004")).toMatchObject({ resource: `inboundConnector:FIRMA/${INBOUND_NAME}` });
  });

  it("export --partners FILE classifies the partners in the same run", async () => {
    const world = join(dir, "with-partners.yaml");
    const list = join(dir, "partners.txt");
    writeFileSync(list, "# partners of Firma\npartner1.cz\npartner2.de, gmail.example\n");
    const result = await runCli(["export", "--world", world, "--forest", "EU1", "--partners", list, "--dns-server", dns.address]);
    expect(result.code).toBe(0);
    expect(result.out).toContain("partner2.de: Exchange Online tenant, forest EU1-OTHER-1");
    expect(parse(readFileSync(world, "utf8")).tenants).toHaveLength(3);
  });

  it("says which variable or permission is missing, and writes nothing", async () => {
    const world = join(dir, "not-written.yaml");
    const saved = process.env.AZURE_TENANT_ID;
    delete process.env.AZURE_TENANT_ID;
    try {
      const noTenant = await runCli(["export", "--world", world]);
      expect(noTenant.code).toBe(2);
      expect(noTenant.err).toContain("AZURE_TENANT_ID: is not set");
    } finally {
      process.env.AZURE_TENANT_ID = saved;
    }
    cloud.exchange.denyCmdlet("Get-OrganizationConfig");
    const denied = await runCli(["export", "--world", world]);
    expect(denied.code).toBe(2);
    expect(denied.err).toMatch(/Get-OrganizationConfig.*Exchange\.ManageAsApp/s);
    expect(() => readFileSync(world)).toThrow();
  });
});
