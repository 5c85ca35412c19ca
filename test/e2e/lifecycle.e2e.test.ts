/**
 * A hybrid's whole life under the real Pulumi CLI and engine, against the emulated tenant over HTTPS:
 * `up` creates it, a second preview shows no change and a second `up` writes nothing, drift shows in
 * `refresh` and the next `up` corrects it, faults during `up` converge on the next run without
 * duplicates, and `destroy` removes the connectors and restores the accepted domains' settings.
 */
import { describeWithPulumi, expectExit } from "./support/cli";
import { HYBRID_WITH_EXISTING_DOMAIN } from "./support/programs";
import { startSuite, type Suite } from "./support/suite";
import { FAST_POLLS, publishVerificationRecords, resetCallLogs, writeCalls } from "./support/tenant-admin";

const DOMAINS = ["contoso.com", "hybrid.contoso.com"];
describeWithPulumi("a hybrid deployed, changed outside Pulumi and destroyed with the real CLI", () => {
  let suite: Suite;
  let dir: string;
  let stopPublishing: () => void;
  const run = (...args: string[]) => suite.pulumi(dir, ...args);
  const connectors = (kind: "InboundConnector" | "OutboundConnector") => suite.cloud.exchange.objects(suite.cloud.tenantId, kind);
  const acceptedDomain = (name: string) => suite.cloud.exchange.objects(suite.cloud.tenantId, "AcceptedDomain").find((d) => d.DomainName === name);

  beforeAll(async () => {
    suite = await startSuite("lifecycle", { env: FAST_POLLS });
    stopPublishing = publishVerificationRecords(suite.cloud, DOMAINS);
    suite.cloud.exchange.addAcceptedDomain(suite.cloud.tenantId, "fabrikam.example", {}, 0);
    dir = await suite.stack({ name: "lifecycle", program: HYBRID_WITH_EXISTING_DOMAIN });
  });
  afterAll(async () => {
    stopPublishing?.();
    await suite?.close();
  });

  const up = () => suite.pulumi(dir, "up", "--yes", "--skip-preview");

  it("up creates the tenant domains, accepted-domain settings and both connectors", async () => {
    const result = await suite.pulumi(dir, "up", "--yes");
    expectExit(result, 0);
    expect(connectors("InboundConnector").map((c) => c.Name)).toEqual(["Inbound from Contoso on-premises"]);
    expect(connectors("InboundConnector")[0]).toMatchObject({ ConnectorType: "OnPremises", TlsSenderCertificateName: "hybrid.contoso.com" });
    expect(connectors("OutboundConnector").map((c) => c.Name)).toEqual(["Outbound to Contoso on-premises"]);
    for (const d of DOMAINS) expect(suite.cloud.graph.domain(suite.cloud.tenantId, d)).toMatchObject({ isVerified: true });
    expect(acceptedDomain("fabrikam.example")).toMatchObject({ DomainType: "InternalRelay" });
  });

  it("then a preview shows no change and another up writes nothing", async () => {
    const preview = await run("preview", "--expect-no-changes");
    expectExit(preview, 0);
    resetCallLogs(suite.cloud);
    expectExit(await up(), 0);
    expect(writeCalls(suite.cloud)).toEqual([]);
  });

  it("drift made in the tenant shows in refresh, and the next up puts the declared settings back", async () => {
    const inbound = connectors("InboundConnector")[0]!;
    suite.cloud.exchange.modify(suite.cloud.tenantId, "InboundConnector", String(inbound.Identity ?? inbound.Name), { TlsSenderCertificateName: "old.contoso.com" });
    const refresh = await run("refresh", "--yes");
    expectExit(refresh, 0);
    expect(refresh.output).toMatch(/~ .*InboundConnector.*update/);
    expectExit(await up(), 0);
    expect(connectors("InboundConnector")[0]).toMatchObject({ TlsSenderCertificateName: "hybrid.contoso.com" });
    expectExit(await run("preview", "--expect-no-changes"), 0);
  });

  it("faults during up (throttling, a lost answer after a write, replication lag) converge without duplicates", async () => {
    // A changed setting makes up write again, this time through faults.
    const inbound = connectors("InboundConnector")[0]!;
    suite.cloud.exchange.modify(suite.cloud.tenantId, "InboundConnector", String(inbound.Identity ?? inbound.Name), { RequireTls: false });
    suite.cloud.exchange.replicationLagMs = 1500;
    suite.cloud.exchange.inject({ operation: "Get-InboundConnector", fault: { kind: "throttle", retryAfterSeconds: 0.2 }, times: 2 });
    suite.cloud.exchange.inject({ operation: "Set-InboundConnector", fault: { kind: "lose-response" } });
    const first = await run("up", "--yes", "--refresh");
    // Whatever the first run made of it, the next one converges and nothing exists twice.
    const second = await up();
    expect([first.code, second.code]).toContain(0);
    expectExit(second, 0);
    suite.cloud.exchange.clearFaults();
    suite.cloud.exchange.replicationLagMs = 0;
    expect(connectors("InboundConnector")).toHaveLength(1);
    expect(connectors("OutboundConnector")).toHaveLength(1);
    expect(connectors("InboundConnector")[0]).toMatchObject({ RequireTls: true });
    expectExit(await run("preview", "--expect-no-changes", "--refresh"), 0);
  });

  it("destroy removes the connectors and domains it made, and gives an existing accepted domain its settings back", async () => {
    const result = await run("destroy", "--yes");
    expectExit(result, 0);
    expect(connectors("InboundConnector")).toEqual([]);
    expect(connectors("OutboundConnector")).toEqual([]);
    for (const d of DOMAINS) expect(suite.cloud.graph.domain(suite.cloud.tenantId, d)).toBeUndefined();
    expect(acceptedDomain("fabrikam.example")).toMatchObject({ DomainType: "Authoritative" });
  });
});
