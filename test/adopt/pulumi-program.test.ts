/**
 * `export --pulumi DIR`: the program type-checks against the built package, holds no secret, and
 * declares every object at its live value, so the resources take each one over with no write and
 * the next run finds nothing to change (the real-engine preview is exercised by the e2e suite).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import { planAdoption } from "../../src/core/adopt";
import { readTenant } from "../../src/cli/adopt/read-tenant";
import { acceptedDomainProvider } from "../../src/resources/accepted-domain";
import { inboundConnectorProvider } from "../../src/resources/inbound-connector";
import { outboundConnectorProvider } from "../../src/resources/outbound-connector";
import { tenantDomainProvider } from "../../src/resources/tenant-domain";
import { startEmulatedCloud, type EmulatedCloud } from "../../src/testing/emulated-cloud";
import { runCli } from "../support/run-cli";
import { newRun, up, useEnv } from "../resources/engine";
import { INBOUND_NAME, OUTBOUND_NAME, seedHybridConfigurationWizard } from "./hcw-tenant";

const ROOT = resolve(__dirname, "../..");

let cloud: EmulatedCloud;
let dir: string;
beforeAll(async () => {
  cloud = await startEmulatedCloud({ initialDomain: "firma.onmicrosoft.com" });
  await seedHybridConfigurationWizard(cloud);
  dir = mkdtempSync(join(tmpdir(), "hmf-program-"));
});
afterAll(async () => {
  await cloud.close();
  rmSync(dir, { recursive: true, force: true });
});
useEnv(() => ({ ...cloud.env(), HYBRID_MAILFLOW_RETRY_BASE_DELAY_MS: "1", HYBRID_MAILFLOW_WAIT_TIMEOUT_SECONDS: "1", HYBRID_MAILFLOW_POLL_INTERVAL_MS: "20" }));

const PROVIDERS: Record<string, pulumi.dynamic.ResourceProvider> = {
  InboundConnector: inboundConnectorProvider,
  OutboundConnector: outboundConnectorProvider,
  AcceptedDomain: acceptedDomainProvider,
  TenantDomain: tenantDomainProvider,
};

describe("export --pulumi", () => {
  it("writes a program that type-checks against the built package and holds no secret", async () => {
    const program = join(dir, "program");
    const result = await runCli(["export", "--world", join(dir, "world.yaml"), "--pulumi", program, "--project", "firma-mailflow"]);
    expect(result).toMatchObject({ code: 0 });
    for (const f of ["Pulumi.yaml", "package.json", "index.ts", "tsconfig.json"]) expect(existsSync(join(program, f))).toBe(true);
    const index = readFileSync(join(program, "index.ts"), "utf8");
    expect(index).toContain(`new InboundConnector("inbound-${INBOUND_NAME.toLowerCase().replace(/ /g, "-")}"`);
    expect(index).toContain(`tlsSenderCertificateName: "*.firma.cz"`);
    expect(index).toContain(`new TenantDomain("domain-firma-cz", { ...target, domainName: "firma.cz", adopt: true }, adopted)`);
    expect(index).not.toContain("TenantDomain(\"domain-firma-onmicrosoft-com\"");
    expect(index.match(/adopt: true/g)!.length).toBe(3); // two connectors, one tenant domain
    for (const file of ["Pulumi.yaml", "package.json", "index.ts", "tsconfig.json"]) {
      expect(readFileSync(join(program, file), "utf8")).not.toContain(cloud.clientSecret);
    }
    expect(JSON.parse(readFileSync(join(program, "package.json"), "utf8"))).toMatchObject({ dependencies: { "hybrid-mailflow": "^0.1.0" } });

    // Type-check as a user's machine would after `npm install`: the package and the Pulumi SDK in node_modules.
    if (!existsSync(join(ROOT, "dist/src/index.d.ts"))) throw new Error("build the package first (npm run build)");
    mkdirSync(join(program, "node_modules"));
    symlinkSync(ROOT, join(program, "node_modules/hybrid-mailflow"), "dir");
    symlinkSync(join(ROOT, "node_modules/@pulumi"), join(program, "node_modules/@pulumi"), "dir");
    symlinkSync(join(ROOT, "node_modules/@types"), join(program, "node_modules/@types"), "dir");
    const tsc = join(ROOT, "node_modules/typescript/bin/tsc");
    expect(() => execFileSync(process.execPath, [tsc, "-p", program, "--noEmit"], { encoding: "utf8", stdio: "pipe" })).not.toThrow();
  }, 120_000);

  it("declares every object at its live value: adopting writes nothing and the next run has no change", async () => {
    const read = await readTenant(process.env);
    const plan = planAdoption(read.listing);
    expect(plan.map((r) => r.kind).sort()).toEqual(["AcceptedDomain", "AcceptedDomain", "AcceptedDomain", "InboundConnector", "OutboundConnector", "TenantDomain"]);
    cloud.exchange.resetLog();
    cloud.graph.resetLog();
    newRun();
    const states = [];
    for (const r of plan) {
      const { state, step } = await up(PROVIDERS[r.kind]!, {}, { ...r.args, tenantId: read.tenantId, cloud: read.cloud });
      expect(step).toBe("create");
      if (r.kind !== "AcceptedDomain") expect(state.outs).toMatchObject({ adoptedExisting: true });
      states.push({ r, state });
    }
    const writes = [...cloud.exchange.requests, ...cloud.graph.requests].map((q) => q.operation).filter((op) => /^(New|Set|Remove)-|^(POST|PATCH|DELETE) /.test(op));
    expect(writes).toEqual([]);
    expect(cloud.exchange.objects(cloud.tenantId, "InboundConnector").map((c) => c.Name)).toEqual([INBOUND_NAME]);
    expect(cloud.exchange.objects(cloud.tenantId, "OutboundConnector").map((c) => c.Name)).toEqual([OUTBOUND_NAME]);

    newRun();
    for (const { r, state } of states) {
      const again = await up(PROVIDERS[r.kind]!, state, { ...r.args, tenantId: read.tenantId, cloud: read.cloud });
      expect({ resource: r.logicalName, step: again.step }).toEqual({ resource: r.logicalName, step: "same" });
    }
  });
});
