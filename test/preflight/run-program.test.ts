/**
 * The program runner as `preflight` uses it: each example and the config-driven root program run in a
 * child process under the fake cloud, and come back as the stack the engine would hold, with unknowns
 * where a preview cannot know values and the fake tenant's values after an update.
 */
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TOKENS, RECORD_PROPERTY } from "../../src/core/stack/contract";
import { UNKNOWN, unknownPaths } from "../../src/core/stack/unknown";
import { runProgram } from "../../src/cli/preflight/run-program";
import type { PreflightResource } from "../../src/cli/preflight/program-resources";
import { mxOf, verificationValueOf } from "../../src/testing/fake-cloud";

const ROOT = join(__dirname, "../..");
const EXAMPLES = ["cloud-mx-internal-relay", "multi-domain-separate-certificate", "onprem-mx-certificate"];

function only(resources: PreflightResource[], type: string, name?: string): PreflightResource {
  const found = resources.filter((r) => r.type === type && (name === undefined || r.name === name));
  if (found.length !== 1) throw new Error(`${found.length} resources of type ${type}${name ? ` named ${name}` : ""}`);
  return found[0]!;
}

/** The TXT record set at a domain's name (it carries SPF and the MS= verification value); its name is in its inputs. */
const apexTxt = (resources: PreflightResource[], domain: string) =>
  resources.find((r) => {
    const { recordType, relativeRecordSetName: relative, zoneName: zone } = r.inputs;
    return r.type === TOKENS.dnsRecordSet && recordType === "TXT" && (relative === "@" ? zone : `${relative}.${zone}`) === domain;
  });

const programs: string[] = [];
afterAll(() => programs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function program(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "hmf-program-"));
  programs.push(dir);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(dir, file, ".."), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

describe.each(EXAMPLES)("example %s", (example) => {
  const dir = join(ROOT, "examples", example);

  it("describes the stack the engine would hold, with Microsoft 365's values unknown in a preview", async () => {
    const run = await runProgram(dir);
    expect(run.mode).toBe("preview");
    expect(run.stack.stack).toBe("preflight");
    const { resources } = run;
    const types = new Set(resources.map((r) => r.type));
    for (const token of [TOKENS.hybridMailFlow, TOKENS.mailDomain, TOKENS.inboundConnector, TOKENS.outboundConnector, TOKENS.tenantDomain, TOKENS.tenantDomainVerification, TOKENS.acceptedDomain, TOKENS.dnsRecordSet]) {
      expect(types).toContain(token);
    }

    // The root stack parents the component; the engine leaves its type out of children's URNs.
    const stack = only(resources, "pulumi:pulumi:Stack");
    expect(stack.urn).toBe(`urn:pulumi:preflight::${example}::pulumi:pulumi:Stack::${example}-preflight`);
    const hybrid = only(resources, TOKENS.hybridMailFlow);
    expect(hybrid.parentUrn).toBe(stack.urn);
    expect(hybrid.urn).toBe(`urn:pulumi:preflight::${example}::${TOKENS.hybridMailFlow}::${hybrid.name}`);
    const urns = new Set(resources.map((r) => r.urn));
    for (const r of resources.filter((x) => x !== stack)) {
      expect(urns).toContain(r.parentUrn);
      expect(r.urn).not.toContain("pulumi:pulumi:Stack$");
      for (const d of r.dependencies) expect(urns).toContain(d);
    }
    for (const r of resources.filter((x) => x.type === TOKENS.mailDomain || x.type === TOKENS.inboundConnector)) expect(r.parentUrn).toBe(hybrid.urn);

    // Components carry what they passed to registerOutputs; dynamic resources their inputs without __provider.
    expect(hybrid.props[RECORD_PROPERTY]).toMatchObject({ schemaVersion: 1 });
    for (const r of resources) expect(JSON.stringify(r.props)).not.toContain("__provider");

    // Nothing Microsoft 365 computes is known: the MS= value inside the apex TXT record set.
    const tenantDomain = resources.find((r) => r.type === TOKENS.tenantDomain)!;
    expect(tenantDomain.props.verificationTxtRecord).toBeUndefined();
    const txt = apexTxt(resources, tenantDomain.props.domainName as string);
    expect(txt?.props.txtRecords).toBe(UNKNOWN);
    expect(unknownPaths(stack.props).length).toBeGreaterThan(0);
  });

  it("fills in the fake tenant's values in update mode", async () => {
    const { resources } = await runProgram(dir, { mode: "update" });
    for (const r of resources) expect(unknownPaths(r.props)).toEqual([]);
    const tenantDomain = resources.find((r) => r.type === TOKENS.tenantDomain)!;
    const domain = tenantDomain.props.domainName as string;
    expect(tenantDomain.props.verificationTxtRecord).toEqual({ name: "@", text: verificationValueOf(domain), ttl: 3600 });
    expect(JSON.stringify(apexTxt(resources, domain)?.props.txtRecords)).toContain(verificationValueOf(domain));
    const verification = resources.find((r) => r.type === TOKENS.tenantDomainVerification && r.props.domainName === domain)!;
    expect(verification.props).toMatchObject({ isVerified: true, mxRecord: { mailExchange: mxOf(domain) } });
  });
});

it("runs the config-driven root program with the only stack file, Pulumi.example.yaml", async () => {
  const run = await runProgram(ROOT);
  expect(run.stack.stack).toBe("example");
  expect(run.stack.config["hybrid-mailflow:forest"]).toBe("EUR");
  expect(JSON.parse(run.stack.config["hybrid-mailflow:onPremises"]!)).toMatchObject({ name: "Contoso on-premises" });
  const hybrid = only(run.resources, TOKENS.hybridMailFlow, "hybrid");
  expect(hybrid.props[RECORD_PROPERTY]).toMatchObject({ tenantId: "7f3c1a52-8d4e-4c1b-9a0e-2b6d5e8f9a10", forest: "EUR", initialDomain: "contoso.onmicrosoft.com" });
  expect(run.resources.filter((r) => r.type === TOKENS.mailDomain).map((r) => r.props.domainName).sort()).toEqual(["contoso.com", "hybrid.contoso.com"]);
});

describe("a program of its own", () => {
  it("runs JavaScript from Pulumi.yaml's main with namespaced stack config, and skips secrets it cannot decrypt", async () => {
    const dir = program({
      "Pulumi.yaml": "name: js-program\nruntime: nodejs\nmain: src/main.js\nconfig:\n  greeting:\n    type: string\n    default: hello\n",
      "Pulumi.dev.yaml": "config:\n  js-program:domain: contoso.com\n  other:settings: {a: 1}\n  js-program:password:\n    secure: AAABAG==\n",
      "src/main.js": `
        const pulumi = require("@pulumi/pulumi");
        const { TenantDomain } = require("hybrid-mailflow");
        const config = new pulumi.Config();
        const domain = new TenantDomain("d", { domainName: config.require("domain") });
        console.log("greeting:", config.require("greeting"), "password:", config.get("password"));
        module.exports = { txt: domain.verificationTxtRecord, other: new pulumi.Config("other").requireObject("settings"), secret: pulumi.secret("s3cr3t") };`,
    });
    const run = await runProgram(dir, { mode: "update" });
    expect(run.stack).toMatchObject({ stack: "dev", skippedSecrets: ["js-program:password"] });
    expect(run.stdout).toContain("greeting: hello password: undefined");
    const stack = only(run.resources, "pulumi:pulumi:Stack");
    // Secrets reach the pack marked, as the engine sends them; @pulumi/policy unwraps them for the policies.
    expect(stack.props).toEqual({ txt: { name: "@", text: verificationValueOf("contoso.com"), ttl: 3600 }, other: { a: 1 }, secret: { [specialSigKey]: specialSecretSig, value: "s3cr3t" } });
    expect(only(run.resources, TOKENS.tenantDomain).inputs).toMatchObject({ domainName: "contoso.com" });
  });

  it("reports the program's own error when it throws", async () => {
    const dir = program({
      "Pulumi.yaml": "name: throws\nruntime: nodejs\n",
      "index.ts": 'import { MailDomain } from "hybrid-mailflow";\nnew MailDomain("bad", { domain: "not a domain" });\n',
    });
    await expect(runProgram(dir)).rejects.toThrow(/the program in .* failed: invalid arguments:\n.*"not a domain" is not a domain name/);
  });

  it("reports TypeScript syntax errors with file and position", async () => {
    const dir = program({ "Pulumi.yaml": "name: syntax\nruntime: nodejs\n", "index.ts": "const a: number = ;\n" });
    await expect(runProgram(dir)).rejects.toThrow("failed: index.ts(1,19): error TS1109: Expression expected.");
  });

  it("notices a program that ends the process itself", async () => {
    const dir = program({ "Pulumi.yaml": "name: exits\nruntime: nodejs\n", "index.js": "console.error('bye'); process.exit(3);\n" });
    await expect(runProgram(dir)).rejects.toThrow(/called process.exit\(3\) before it finished\n {2}bye/);
  });

  it("refuses a directory that is not a Node.js Pulumi project", async () => {
    await expect(runProgram(program({ "index.js": "" }))).rejects.toThrow("is not a Pulumi project: there is no Pulumi.yaml in it");
    await expect(runProgram(program({ "Pulumi.yaml": "name: py\nruntime: python\n" }))).rejects.toThrow('preflight runs Node.js programs (runtime: nodejs), not runtime "python"');
  });
});

describe("Azure DNS record sets, shaped as azure-native 3.x returns them", () => {
  it("carry no zone, name or type in their outputs; a preview leaves Azure's names unknown and an update fills them in", async () => {
    const preview = await runProgram(join(ROOT, "examples", "onprem-mx-certificate"), { mode: "preview" });
    const update = await runProgram(join(ROOT, "examples", "onprem-mx-certificate"), { mode: "update" });
    for (const run of [preview, update]) {
      for (const r of run.resources.filter((x) => x.type === TOKENS.dnsRecordSet)) {
        expect(Object.keys(r.props)).not.toEqual(expect.arrayContaining(["zoneName"]));
        expect(r.props).not.toHaveProperty("relativeRecordSetName");
        expect(r.props).not.toHaveProperty("recordType");
        expect(r.props).not.toHaveProperty("resourceGroupName");
        expect(r.inputs).toHaveProperty("zoneName");
      }
    }
    const set = update.resources.find((r) => r.type === TOKENS.dnsRecordSet && r.inputs.recordType === "MX")!;
    expect(set.props.id).toMatch(/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/dnszones\/fabrikam\.com\/MX\/@$/);
    expect(set.props).toMatchObject({ name: "@", type: "Microsoft.Network/dnszones/MX", fqdn: "fabrikam.com." });
  });
});
