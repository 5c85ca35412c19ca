/** The config-driven program (root Pulumi.yaml): stack configuration in, one HybridMailFlow out. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { find, installMocks, output, registered, settle } from "./mock-cloud";
import { readProgramConfig, ConfigError } from "../../src/program/config-schema";
import { TOKENS } from "../../src/core/stack/contract";
import { worldFromRegistrations } from "./world-from-stack";
import { parseWorld } from "../../src/core/model/load";
import { runCheck } from "../../src/core/check/run-check";

const ROOT = join(__dirname, "../..");

/** Pulumi.example.yaml as the engine hands it to a program: every value as text, structured ones as JSON. */
function exampleConfig(): Record<string, string> {
  const file = parse(readFileSync(join(ROOT, "Pulumi.example.yaml"), "utf8")) as { config: Record<string, unknown> };
  return Object.fromEntries(Object.entries(file.config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
}

describe("program configuration", () => {
  it("reads Pulumi.example.yaml into HybridMailFlow arguments", () => {
    const args = readProgramConfig(exampleConfig());
    expect(args.tenantId).toBe("7f3c1a52-8d4e-4c1b-9a0e-2b6d5e8f9a10");
    expect(args.domains.map((d) => d.domain)).toEqual(["contoso.com", "hybrid.contoso.com"]);
    expect(args.onPremises.servers).toHaveLength(2);
  });

  it("names the config key of every mistake", () => {
    const config = exampleConfig();
    delete config["hybrid-mailflow:forest"];
    config["hybrid-mailflow:domain"] = "contoso.com";
    const domains = JSON.parse(config["hybrid-mailflow:domains"]!);
    domains[0].mx = "onprem";
    domains[1].zone = "contoso.com";
    config["hybrid-mailflow:domains"] = JSON.stringify(domains);
    const onPremises = JSON.parse(config["hybrid-mailflow:onPremises"]!);
    onPremises.servers[0].egressIps = ["not-an-ip"];
    config["hybrid-mailflow:onPremises"] = JSON.stringify(onPremises);
    let error: unknown;
    try {
      readProgramConfig(config);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const keys = (error as ConfigError).issues.map((i) => i.key);
    expect(keys).toEqual(
      expect.arrayContaining([
        "hybrid-mailflow:forest",
        "hybrid-mailflow:domain",
        "hybrid-mailflow:domains[0].mx",
        "hybrid-mailflow:domains[1]",
        "hybrid-mailflow:onPremises.servers[0].egressIps[0]",
      ]),
    );
    const message = (error as Error).message;
    expect(message).toContain("hybrid-mailflow:forest: is required");
    expect(message).toContain('hybrid-mailflow:domains[1]: unknown field(s) "zone"');
    expect(message).toContain("hybrid-mailflow:domain: unknown key");
    expect(message).toContain("pulumi config set --path");
  });

  it("ignores other namespaces", () => {
    expect(() => readProgramConfig({ ...exampleConfig(), "azure-native:location": "westeurope" })).not.toThrow();
  });
});

describe("program", () => {
  beforeAll(() => installMocks());

  it("deploys Pulumi.example.yaml's hybrid and exports its outputs", async () => {
    pulumi.runtime.setAllConfig(exampleConfig());
    let exports: Record<string, pulumi.Output<unknown>> = {};
    jest.isolateModules(() => {
      exports = require("../../src/program");
    });
    expect(Object.keys(exports).sort()).toEqual(["domainNames", "inboundConnectorName", "outboundConnectorName", "records", "tlsSenderCertificateName"]);
    expect(await output(exports.tlsSenderCertificateName!)).toBe("hybrid.contoso.com");
    await settle();
    expect(find(TOKENS.hybridMailFlow, "hybrid").inputs.forest).toBe("EUR");
    expect(find(":OutboundConnector", "hybrid-to-onprem").inputs.recipientDomains).toEqual(["contoso.com"]);
    expect(registered.filter((r) => r.type === TOKENS.mailDomain)).toHaveLength(2);
    const report = runCheck(parseWorld(worldFromRegistrations(registered)));
    expect(report.findings.filter((f) => f.severity === "mandatory").map((f) => `${f.rule}: ${f.message}`)).toEqual([]);
  });

  it("points the root Pulumi.yaml at the compiled program, without ts-node", () => {
    const project = parse(readFileSync(join(ROOT, "Pulumi.yaml"), "utf8"));
    expect(project).toMatchObject({ name: "hybrid-mailflow", runtime: { name: "nodejs", options: { typescript: false } }, main: "dist/src/program/index.js" });
    const tsconfig = JSON.parse(readFileSync(join(ROOT, "tsconfig.json"), "utf8"));
    expect(tsconfig.include).toContain("src/**/*.ts");
    expect(tsconfig.compilerOptions.outDir).toBe("dist");
  });
});
