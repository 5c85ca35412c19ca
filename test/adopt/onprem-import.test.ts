/**
 * `import-onprem` on the shapes Exchange Management Shell output takes: objects (AddressSpaces as
 * { Address, Type, Cost }, ADObjectIds, SmtpX509Identifier, CertificateDomains objects, /Date()/),
 * one-element collections unwrapped, UTF-16 LE with BOM as Windows PowerShell 5.1 writes.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { decodeExportText, onPremisesFromExport, readOnPremExport } from "../../src/core/adopt";
import { PassThrough } from "node:stream";
import { ONPREM_EXPORT_FORMAT } from "../../src/core/adopt";
import { runImportOnPremCommand } from "../../src/cli/commands/import-onprem";
import { InputError } from "../../src/core/model/errors";
import { runCli } from "../support/run-cli";

const FIXTURES = join(__dirname, "fixtures");
const TENANT_WORLD = ["tenants:", "  - id: FIRMA", "    forest: EU1", "    acceptedDomains: [{ domain: firma.cz }, { domain: firma.onmicrosoft.com, default: true }]", "    inboundConnectors:", "      - { name: Inbound from HCW, connectorType: OnPremises, tlsSenderCertificateName: '*.firma.cz' }", ""].join("\n");

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "hmf-onprem-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function utf16WithBom(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
}

describe("import-onprem", () => {
  it("reads plain Get-SendConnector / Get-ExchangeCertificate | ConvertTo-Json output, UTF-16 with BOM", async () => {
    const world = join(dir, "world.yaml");
    writeFileSync(world, `# our hybrid\n${TENANT_WORLD}`);
    const connectors = join(dir, "sendconnectors.json");
    writeFileSync(connectors, utf16WithBom(readFileSync(join(FIXTURES, "ems-send-connectors.json"), "utf8")));
    const result = await runCli(["import-onprem", connectors, join(FIXTURES, "ems-certificates.json"), "--world", world, "--egress", "ex01=198.51.100.25,198.51.100.26"]);
    expect(result.code).toBe(0);
    expect(result.err).toContain("non-SMTP address spaces X400:c=cz;a= ;p=firma left out");
    expect(result.err).toContain("senderDomains are taken from tenant FIRMA's accepted domains (firma.cz)");
    const text = readFileSync(world, "utf8");
    expect(text.startsWith("# our hybrid")).toBe(true);
    const org = parse(text).onPremises[0];
    expect(org).toMatchObject({ tenant: "FIRMA", senderDomains: ["firma.cz"], servers: [{ name: "EX01", egressIps: ["198.51.100.25", "198.51.100.26"] }] });
    expect(org.sendConnectors).toEqual([
      expect.objectContaining({ name: "Outbound to Office 365 - 7f3c2b1a-5d4e-4f60-9a8b-0c1d2e3f4a5b", addressSpaces: ["firma.mail.onmicrosoft.com"], sourceServers: ["EX01"], cloudServicesMailEnabled: true, requireTls: true, certificate: { subject: "mail.firma.cz", san: ["mail.firma.cz", "autodiscover.firma.cz"] } }),
      // The renewed certificate (2027) wins over the expired one with the same issuer and subject.
      expect.objectContaining({ name: "Internet", addressSpaces: ["*"], sourceServers: ["EX01"], certificate: { subject: "mail.firma.cz", san: ["mail.firma.cz", "autodiscover.firma.cz"] } }),
    ]);
  });

  it("asks for egress addresses Exchange does not store, and says where to find them", async () => {
    const world = join(dir, "world.yaml");
    writeFileSync(world, TENANT_WORLD);
    const result = await runCli(["import-onprem", join(FIXTURES, "firma-onprem.json"), "--world", world]);
    expect(result.code).toBe(2);
    expect(result.err).toContain("--egress EX01=<IPv4>");
    expect(result.err).toContain("Received header");
    expect(readFileSync(world, "utf8")).toBe(TENANT_WORLD);

    const bad = await runCli(["import-onprem", join(FIXTURES, "firma-onprem.json"), "--world", world, "--egress", "EX01=2001:db8::1"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--egress "EX01=2001:db8::1"');
  });

  it("asks on a terminal until it gets IPv4 addresses", async () => {
    const world = join(dir, "world.yaml");
    writeFileSync(world, TENANT_WORLD);
    const input = new PassThrough();
    const output = new PassThrough();
    let shown = "";
    output.on("data", (chunk) => (shown += String(chunk)));
    const quiet = jest.spyOn(process.stdout, "write").mockImplementation(() => true);
    const quietErr = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      const run = runImportOnPremCommand([join(FIXTURES, "firma-onprem.json")], { world }, { input, output });
      input.write("mail.firma.cz\n");
      setTimeout(() => input.write("198.51.100.25\n"), 50);
      expect(await run).toBe(0);
    } finally {
      quiet.mockRestore();
      quietErr.mockRestore();
    }
    expect(shown).toContain("Public IPv4 address(es) EX01 sends mail from");
    expect(shown).toContain("that is not a list of IPv4 addresses");
    expect(parse(readFileSync(world, "utf8")).onPremises[0].servers).toEqual([{ name: "EX01", egressIps: ["198.51.100.25"] }]);
  });

  it("reads what the shipped script writes", () => {
    const script = readFileSync(join(__dirname, "../../scripts/Export-HybridMailflowOnPrem.ps1"), "utf8");
    expect(script).toContain(`format               = '${ONPREM_EXPORT_FORMAT}'`);
    // Every property the script writes for a send connector is one the reader looks at (or knowingly ignores).
    const block = /\$sendConnectors = @\(Get-SendConnector \| ForEach-Object \{([\s\S]*?)\n\}\)/.exec(script)![1]!;
    const written = [...block.matchAll(/^\s+(\w+)\s+=/gm)].map((m) => m[1]);
    expect(written.sort()).toEqual(["AddressSpaces", "CloudServicesMailEnabled", "DNSRoutingEnabled", "Enabled", "Fqdn", "Name", "RequireTLS", "SmartHosts", "SourceTransportServers", "TlsAuthLevel", "TlsCertificateName", "TlsDomain"]);
    const fixture = JSON.parse(readFileSync(join(FIXTURES, "firma-onprem.json"), "utf8"));
    expect(Object.keys(fixture.sendConnectors[0]).sort()).toEqual(written.sort());
  });

  it("names the file and the object it cannot read", async () => {
    const world = join(dir, "world.yaml");
    writeFileSync(world, TENANT_WORLD);
    const notJson = join(dir, "list.txt");
    writeFileSync(notJson, "Identity  AddressSpaces  Enabled\n--------  -------------  -------\nInternet  {SMTP:*;1}     True\n");
    const table = await runCli(["import-onprem", notJson, "--world", world, "--egress", "EX01=198.51.100.25"]);
    expect(table.code).toBe(2);
    expect(table.err).toContain(`${notJson} is not valid`);
    expect(table.err).toContain("ConvertTo-Json -Depth 5");

    const other = join(dir, "mailboxes.json");
    writeFileSync(other, JSON.stringify([{ DisplayName: "Jan", PrimarySmtpAddress: "jan@firma.cz" }]));
    const wrong = await runCli(["import-onprem", other, "--world", world, "--egress", "EX01=198.51.100.25"]);
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain("[0]: is not a send connector, certificate, accepted domain or server");
  });
});

describe("the on-premises conversion", () => {
  it("decodes UTF-8 with and without BOM and UTF-16 LE", () => {
    const text = '{"a":"ř"}';
    expect(decodeExportText(Buffer.from(text, "utf8"))).toBe(text);
    expect(decodeExportText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")]))).toBe(text);
    expect(decodeExportText(utf16WithBom(text))).toBe(text);
    expect(decodeExportText(Buffer.from(text, "utf16le"))).toBe(text);
  });

  it("reports an expired named certificate and one missing from the export", () => {
    const exported = readOnPremExport([
      {
        source: "a.json",
        data: [
          { Name: "Outbound to Office 365", AddressSpaces: "SMTP:firma.mail.onmicrosoft.com;1", SourceTransportServers: "CN=EX02,CN=Servers,CN=Exchange Administrative Group (FYDIBOHF23SPDLT)", TlsCertificateName: "<I>CN=CA<S>CN=hybrid.firma.cz", CloudServicesMailEnabled: true, RequireTLS: true },
          { Name: "Partner", AddressSpaces: ["smtp:partner.example;1", "X400:c=CZ;a= ;p=Firma;1"], SourceTransportServers: ["EX02"], TlsCertificateName: "<I>CN=Other CA<S>CN=gone.firma.cz" },
          { DomainName: "firma.cz", DomainType: 0, Default: true },
        ],
      },
      { source: "b.json", data: { Thumbprint: "AB", Subject: "CN=hybrid.firma.cz", Issuer: "CN=CA", CertificateDomains: "hybrid.firma.cz", NotAfter: "/Date(1700000000000)/" } },
    ]);
    const { onPremises, notes } = onPremisesFromExport(exported, { tenant: "FIRMA", egress: new Map([["ex02", ["198.51.100.9"]]]), now: new Date("2026-11-30T00:00:00Z") });
    expect(onPremises.servers).toEqual([{ name: "EX02", egressIps: ["198.51.100.9"] }]);
    expect(onPremises.sendConnectors!.map((c) => c.certificate)).toEqual([{ subject: "hybrid.firma.cz", san: ["hybrid.firma.cz"] }, { subject: "gone.firma.cz", san: [] }]);
    expect(notes.join("\n")).toContain("expired on 2023-11-14");
    expect(notes.join("\n")).toContain('Send connector "Partner": non-SMTP address spaces X400:c=cz;a= ;p=firma left out');
    expect(notes.join("\n")).toContain("names certificate CN=gone.firma.cz, which is not in the export");
  });

  it("refuses a TlsCertificateName that is not <I>issuer<S>subject, naming it", () => {
    expect(() => readOnPremExport([{ source: "c.json", data: { Name: "X", AddressSpaces: ["SMTP:*;1"], TlsCertificateName: "mail.firma.cz" } }])).toThrow(InputError);
    expect(() => readOnPremExport([{ source: "c.json", data: { Name: "X", AddressSpaces: ["SMTP:*;1"], TlsCertificateName: "mail.firma.cz" } }])).toThrow(/TlsCertificateName: "mail.firma.cz" is not a certificate name of the form <I>issuer<S>subject/);
  });
});
