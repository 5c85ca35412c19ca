/**
 * The config-driven program at the repository root, as a user runs it from a source checkout: a stack
 * described by config alone goes up, shows no change afterwards, and stays manageable (refresh,
 * preview, destroy) after the checkout has moved to another folder, as on a CI agent.
 */
import { cpSync, mkdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { describeWithPulumi, expectExit, pulumi, REPO } from "./support/cli";
import { startSuite, type Suite } from "./support/suite";
import { FAST_POLLS, publishVerificationRecords, resetCallLogs, writeCalls } from "./support/tenant-admin";

/** A checkout after `npm ci`: the project file, the compiled package and its dependencies. */
function checkout(into: string): string {
  mkdirSync(into, { recursive: true });
  for (const entry of ["Pulumi.yaml", "package.json", "dist", "policy-pack"]) cpSync(join(REPO, entry), join(into, entry), { recursive: true });
  symlinkSync(join(REPO, "node_modules"), join(into, "node_modules"), "dir");
  return into;
}

function stackConfig(tenantId: string): Record<string, unknown> {
  return {
    "hybrid-mailflow:tenantId": tenantId,
    "hybrid-mailflow:forest": "EUR",
    "hybrid-mailflow:initialDomain": "contoso.onmicrosoft.com",
    "hybrid-mailflow:onPremises": {
      name: "Contoso on-premises",
      servers: [{ name: "EX01", egressIps: ["198.51.100.10"] }],
      sendConnectors: [
        { name: "Outbound to Office 365", addressSpaces: ["contoso.mail.onmicrosoft.com"], sourceServers: ["EX01"], certificate: { subject: "hybrid.contoso.com" }, cloudServicesMailEnabled: true },
        { name: "Internet", addressSpaces: ["*"], sourceServers: ["EX01"], certificate: { subject: "mail.contoso.com" } },
      ],
      senderDomains: ["contoso.com"],
      mailboxDomains: ["contoso.com"],
    },
    "hybrid-mailflow:domains": [{ domain: "contoso.com", domainType: "InternalRelay" }, { domain: "hybrid.contoso.com" }],
    "hybrid-mailflow:outboundConnector": { smartHosts: ["hybrid.contoso.com"] },
  };
}

describeWithPulumi("the config-driven root program, run from a checkout that later moves", () => {
  let suite: Suite;
  let stopPublishing: () => void;
  beforeAll(async () => {
    suite = await startSuite("root-program", { env: FAST_POLLS });
    stopPublishing = publishVerificationRecords(suite.cloud, ["contoso.com", "hybrid.contoso.com"]);
  });
  afterAll(async () => {
    stopPublishing?.();
    await suite?.close();
  });

  it("goes up from stack config, then survives the checkout moving", async () => {
    const first = checkout(join(suite.root, "agent-1", "hybrid-mailflow"));
    const run = (cwd: string, ...args: string[]) => pulumi(args, { cwd, env: suite.env() });
    expectExit(await run(first, "stack", "init", "dev"), 0);
    // `stack init` wrote the passphrase salt into Pulumi.dev.yaml; the config goes beside it.
    const settings = readFileSync(join(first, "Pulumi.dev.yaml"), "utf8");
    writeFileSync(join(first, "Pulumi.dev.yaml"), `${settings}${stringify({ config: stackConfig(suite.cloud.tenantId) })}`);

    expectExit(await run(first, "up", "--yes"), 0);
    expect(suite.cloud.exchange.objects(suite.cloud.tenantId, "InboundConnector").map((c) => c.Name)).toEqual(["Inbound from Contoso on-premises"]);
    expectExit(await run(first, "preview", "--expect-no-changes"), 0);

    const moved = join(suite.root, "agent-2", "hybrid-mailflow");
    mkdirSync(join(suite.root, "agent-2"));
    renameSync(first, moved);

    // A new agent has no selected stack: pipelines name it.
    const refresh = await run(moved, "refresh", "--yes", "--stack", "dev");
    expectExit(refresh, 0);
    expect(refresh.output).not.toContain("Cannot find module");
    resetCallLogs(suite.cloud);
    expectExit(await run(moved, "up", "--yes", "--skip-preview", "--stack", "dev"), 0);
    expect(writeCalls(suite.cloud)).toEqual([]);
    expectExit(await run(moved, "destroy", "--yes", "--stack", "dev"), 0);
    expect(suite.cloud.exchange.objects(suite.cloud.tenantId, "InboundConnector")).toEqual([]);
  });
});
