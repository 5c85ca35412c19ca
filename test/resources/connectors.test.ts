import { inboundConnectorProvider } from "../../src/resources/inbound-connector";
import { outboundConnectorProvider } from "../../src/resources/outbound-connector";
import { InvalidInputError, ObjectExistsError, UNKNOWN } from "../../src/resources/provider-support";
import { startEmulatedCloud, type EmulatedCloud } from "../../src/testing/emulated-cloud";
import { CheckFailedError, destroy, newRun, parametersOf, refresh, up, useEnv, type ResourceState } from "./engine";

let cloud: EmulatedCloud;
beforeAll(async () => {
  cloud = await startEmulatedCloud();
});
afterAll(async () => {
  await cloud.close();
});
useEnv(() => ({
  ...cloud.env(),
  HYBRID_MAILFLOW_RETRY_BASE_DELAY_MS: "1",
  HYBRID_MAILFLOW_POLL_INTERVAL_MS: "20",
  HYBRID_MAILFLOW_WAIT_TIMEOUT_SECONDS: "1",
}));
beforeEach(() => {
  newRun();
  cloud.exchange.clearFaults();
  cloud.exchange.replicationLagMs = 0;
  cloud.exchange.writeReplicationLagMs = undefined;
  cloud.exchange.resetLog();
  cloud.tokens.resetLog();
});

/** Collects what check() prints as warnings, quietly. */
function captureWarnings(): string[] {
  const lines: string[] = [];
  jest.spyOn(console, "warn").mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(" ")));
  return lines;
}
afterEach(() => jest.restoreAllMocks());

const writes = () => cloud.exchange.requests.filter((r) => /^(New|Set|Remove)-/.test(r.operation));
const inbound = (name: string) => cloud.exchange.objects(cloud.tenantId, "InboundConnector").filter((o) => o.Name === name);
const outbound = (name: string) => cloud.exchange.objects(cloud.tenantId, "OutboundConnector").filter((o) => o.Name === name);

const onPremInbound = (name: string) => ({
  name,
  connectorType: "OnPremises",
  senderDomains: ["*"],
  tlsSenderCertificateName: "Mail.Contoso.com",
  requireTls: true,
  cloudServicesMailEnabled: true,
  comment: "from the on-premises organization",
});

describe("InboundConnector lifecycle through the provider", () => {
  it("creates, reads, leaves an unchanged connector alone, updates, corrects drift and deletes", async () => {
    const name = "Inbound from Contoso on-premises";
    const desired = { ...onPremInbound(name), senderDomains: ["Contoso.com", "*.Fabrikam.com"], senderIPAddresses: ["203.0.113.10", "198.51.100.0/24"] };
    let state: ResourceState = {};

    ({ state } = await up(inboundConnectorProvider, state, desired));
    expect(inbound(name)).toHaveLength(1);
    expect(inbound(name)[0]!.SenderDomains).toEqual(expect.arrayContaining(["smtp:Contoso.com;1", "smtp:*.Fabrikam.com;1"]));
    expect(state.id).toBe(inbound(name)[0]!.Guid);
    expect(state.outs).toMatchObject({ guid: state.id, tenantId: cloud.tenantId, cloud: "commercial", adoptedExisting: false });

    newRun();
    cloud.exchange.resetLog();
    const same = await up(inboundConnectorProvider, state, desired);
    expect(same.step).toBe("same");
    expect(writes()).toEqual([]);

    newRun();
    expect((await refresh(inboundConnectorProvider, state)).outs).toEqual(state.outs);

    newRun();
    cloud.exchange.resetLog();
    const changed = { ...desired, comment: "rotated certificate", senderIPAddresses: ["203.0.113.10"] };
    const updated = await up(inboundConnectorProvider, state, changed);
    expect(updated.step).toBe("update");
    expect(writes().map((r) => r.operation)).toEqual(["Set-InboundConnector"]);
    expect(parametersOf(writes()[0]!.body)).toEqual({ Identity: state.id, Comment: "rotated certificate", SenderIPAddresses: ["203.0.113.10"] });
    state = updated.state;

    // Someone changes the connector in the admin center.
    cloud.exchange.modify(cloud.tenantId, "InboundConnector", name, { RequireTls: false, SenderIPAddresses: ["192.0.2.1"] });
    newRun();
    const refreshed = await refresh(inboundConnectorProvider, state);
    expect(refreshed.outs).toMatchObject({ requireTls: false, senderIPAddresses: ["192.0.2.1"], comment: "rotated certificate" });
    newRun();
    cloud.exchange.resetLog();
    const corrected = await up(inboundConnectorProvider, refreshed, changed);
    expect(corrected.step).toBe("update");
    expect(parametersOf(writes()[0]!.body)).toEqual({ Identity: state.id, RequireTls: true, SenderIPAddresses: ["203.0.113.10"] });
    expect(inbound(name)[0]).toMatchObject({ RequireTls: true, SenderIPAddresses: ["203.0.113.10"] });

    newRun();
    await destroy(inboundConnectorProvider, corrected.state);
    expect(inbound(name)).toEqual([]);
    // Deleting again (a retried destroy) is not an error.
    await destroy(inboundConnectorProvider, corrected.state);
  });

  it("detects drift during up without a refresh, and re-creates a connector deleted outside Pulumi", async () => {
    const name = "Inbound drift";
    let { state } = await up(inboundConnectorProvider, {}, onPremInbound(name));
    cloud.exchange.modify(cloud.tenantId, "InboundConnector", name, { Enabled: false });
    newRun();
    ({ state } = await up(inboundConnectorProvider, state, { ...onPremInbound(name), enabled: true }));
    expect(inbound(name)[0]!.Enabled).toBe(true);

    cloud.exchange.remove(cloud.tenantId, "InboundConnector", name);
    newRun();
    const again = await up(inboundConnectorProvider, state, { ...onPremInbound(name), enabled: true });
    expect(again.step).toBe("replace");
    expect(inbound(name)).toHaveLength(1);
    expect(again.state.id).not.toBe(state.id);
    expect(again.state.id).toBe(inbound(name)[0]!.Guid);
  });

  it("replaces the connector when a setting only New-InboundConnector takes changes", async () => {
    const name = "Inbound client hosts";
    const { state } = await up(inboundConnectorProvider, {}, { ...onPremInbound(name), clientHostNames: ["relay1.contoso.com"] });
    newRun();
    const diff = await inboundConnectorProvider.diff!(state.id!, state.outs!, { ...onPremInbound(name), clientHostNames: ["relay2.contoso.com"] });
    expect(diff).toMatchObject({ changes: true, replaces: ["clientHostNames"], deleteBeforeReplace: true });
    const replaced = await up(inboundConnectorProvider, state, { ...onPremInbound(name), clientHostNames: ["relay2.contoso.com"] });
    expect(replaced.step).toBe("replace");
    expect(inbound(name)).toHaveLength(1);
    expect(inbound(name)[0]!.ClientHostNames).toEqual(["relay2.contoso.com"]);
  });

  it("rejects bad input with the field and the fix before any call is made", async () => {
    const warnings = captureWarnings();
    const bad = { name: "x".repeat(70), connectorType: "OnPremises", senderDomains: ["a.*.contoso.com"], senderIPAddresses: ["203.0.0.0/16", "2001:db8::1"], restrictDomainsToIPAddresses: true, treatMessagesAsInternal: true, cloudServicesMailEnabled: true };
    const error = await up(inboundConnectorProvider, {}, bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckFailedError);
    const fields = (error as CheckFailedError).failures.map((f) => f.property);
    expect(fields).toEqual(expect.arrayContaining(["name", "senderDomains", "senderIPAddresses", "treatMessagesAsInternal"]));
    expect((error as Error).message).toMatch(/senderIPAddresses: "203\.0\.0\.0\/16" is wider than \/24.*Fix: Use single IPv4 addresses/);
    // The Partner-only restriction on an OnPremises connector is "not applicable" per the docs: a warning, not a failure.
    expect(fields).not.toContain("restrictDomainsToIPAddresses");
    expect(warnings.join("\n")).toMatch(/restrictDomainsToIPAddresses: is a Partner-only setting.*Fix: Remove restrictDomainsToIPAddresses, or set connectorType: "Partner"/);

    // create() validates again on its own, in case it is reached without check().
    await expect(inboundConnectorProvider.create(bad)).rejects.toBeInstanceOf(InvalidInputError);
    expect(cloud.exchange.count()).toBe(0);
    expect(cloud.tokens.count("token")).toBe(0);
  });

  it("requires senderDomains at preview, since New-InboundConnector does not run without it", async () => {
    const checked = await inboundConnectorProvider.check!({}, { name: "Inbound without senders", connectorType: "Partner", senderIPAddresses: ["203.0.113.9"] });
    expect(checked.failures).toEqual([{ property: "senderDomains", reason: expect.stringMatching(/required: New-InboundConnector .*Fix: List the sender domains/) }]);
    expect(cloud.exchange.count()).toBe(0);
  });

  it("empties a list with the documented Remove hashtable, never null or []", async () => {
    const name = "Inbound emptied list";
    const { state } = await up(inboundConnectorProvider, {}, { ...onPremInbound(name), senderIPAddresses: ["203.0.113.10", "203.0.113.11"], efUsers: [] });
    expect(parametersOf(cloud.exchange.requests.find((r) => r.operation === "New-InboundConnector")!.body)).not.toHaveProperty("EFUsers");
    newRun();
    cloud.exchange.resetLog();
    const updated = await up(inboundConnectorProvider, state, { ...onPremInbound(name), senderIPAddresses: [], efUsers: [] });
    expect(updated.step).toBe("update");
    expect(parametersOf(writes()[0]!.body)).toEqual({
      Identity: state.id,
      SenderIPAddresses: { "@odata.type": "#Exchange.GenericHashTable", Remove: expect.arrayContaining(["203.0.113.10", "203.0.113.11"]) },
    });
    expect(inbound(name)[0]!.SenderIPAddresses).toEqual([]);
    newRun();
    expect((await up(inboundConnectorProvider, updated.state, { ...onPremInbound(name), senderIPAddresses: [], efUsers: [] })).step).toBe("same");
  });

  it("fails an update whose answer carries non-terminating cmdlet errors (@adminapi.errors)", async () => {
    const name = "Inbound partial failure";
    const { state } = await up(inboundConnectorProvider, {}, onPremInbound(name));
    cloud.exchange.inject({ operation: "Set-InboundConnector", fault: { kind: "non-terminating-error", text: "The value of TlsSenderCertificateName couldn't be applied." } });
    newRun();
    const error = await up(inboundConnectorProvider, state, { ...onPremInbound(name), comment: "changed" }).catch((e: unknown) => e as Error);
    expect(String(error)).toMatch(/Set-InboundConnector reported an error in a successful answer: The value of TlsSenderCertificateName couldn't be applied\..*applied in part/);
    expect(inbound(name)[0]!.Comment).toBe("from the on-premises organization");
  });

  it("skips rules about values a preview does not know yet, and reports a change", async () => {
    const preview = { ...onPremInbound("Inbound preview"), tlsSenderCertificateName: UNKNOWN, senderIPAddresses: UNKNOWN };
    const checked = await inboundConnectorProvider.check!({}, preview);
    expect(checked.failures).toEqual([]);
    const { state } = await up(inboundConnectorProvider, {}, onPremInbound("Inbound preview"));
    cloud.exchange.resetLog();
    expect(await inboundConnectorProvider.diff!(state.id!, state.outs!, preview)).toEqual({ changes: true });
    expect(cloud.exchange.count()).toBe(0);
  });

  it("reports an existing connector of the same name with other settings and leaves it untouched", async () => {
    const name = "Inbound taken";
    const { state } = await up(inboundConnectorProvider, {}, onPremInbound(name));
    newRun();
    cloud.exchange.resetLog();
    const error = await up(inboundConnectorProvider, {}, { ...onPremInbound(name), requireTls: false, comment: "someone else's" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ObjectExistsError);
    expect((error as Error).message).toMatch(/already exists .* with different settings: comment, requireTls\. It was left unchanged\. Fix: .*adopt: true/);
    expect(writes()).toEqual([]);
    expect(inbound(name)[0]).toMatchObject({ RequireTls: true, Comment: "from the on-premises organization" });

    newRun();
    const adopted = await up(inboundConnectorProvider, {}, { ...onPremInbound(name), requireTls: false, adopt: true });
    expect(adopted.state.id).toBe(state.id);
    expect(adopted.state.outs).toMatchObject({ adoptedExisting: true });
    expect(inbound(name)[0]!.RequireTls).toBe(false);
  });

  it("stops when AZURE_TENANT_ID now names another tenant than the one the connector lives in", async () => {
    const { state } = await up(inboundConnectorProvider, {}, onPremInbound("Inbound tenant guard"));
    const saved = process.env.AZURE_TENANT_ID;
    process.env.AZURE_TENANT_ID = "99999999-8888-7777-6666-555555555555";
    newRun();
    cloud.exchange.resetLog();
    try {
      await expect(up(inboundConnectorProvider, state, onPremInbound("Inbound tenant guard"))).rejects.toThrow(
        `Inbound connector lives in tenant ${cloud.tenantId}, but AZURE_TENANT_ID now names 99999999-8888-7777-6666-555555555555. Fix:`,
      );
      expect(cloud.exchange.count()).toBe(0);
    } finally {
      process.env.AZURE_TENANT_ID = saved;
    }
  });

  it("fails clearly with bad credentials, without leaking the secret", async () => {
    const saved = process.env.AZURE_CLIENT_SECRET;
    process.env.AZURE_CLIENT_SECRET = "wrong-secret-value-42";
    newRun();
    try {
      const error = await up(inboundConnectorProvider, {}, onPremInbound("Inbound bad credentials")).catch((e: unknown) => e as Error);
      expect(String(error)).toMatch(/could not get a token for https:\/\/outlook\.office365\.com\/\.default: .*AADSTS7000215/);
      expect(String(error)).not.toContain("wrong-secret-value-42");
      expect(String(error)).not.toContain(cloud.clientSecret);
      expect(cloud.exchange.count()).toBe(0);
    } finally {
      process.env.AZURE_CLIENT_SECRET = saved;
    }
  });
});

describe("faults on the way", () => {
  it("rides out throttling and outages during a full lifecycle", async () => {
    const name = "Inbound through throttling";
    cloud.exchange.inject({ operation: "Get-InboundConnector", fault: { kind: "throttle", retryAfterSeconds: 0.01 }, times: 2 });
    cloud.exchange.inject({ operation: "New-InboundConnector", fault: { kind: "throttle", retryAfterSeconds: 0.01 } });
    cloud.exchange.inject({ operation: "New-InboundConnector", fault: { kind: "unavailable", status: 503 } });
    let { state } = await up(inboundConnectorProvider, {}, onPremInbound(name));
    expect(cloud.exchange.requests.filter((r) => r.operation === "New-InboundConnector").map((r) => r.status)).toEqual([429, 503, 200]);
    expect(inbound(name)).toHaveLength(1);

    cloud.exchange.inject({ operation: "Set-InboundConnector", fault: { kind: "transient-exception" } });
    cloud.exchange.inject({ operation: "Set-InboundConnector", fault: { kind: "lose-response" } });
    newRun();
    ({ state } = await up(inboundConnectorProvider, state, { ...onPremInbound(name), comment: "after the storm" }));
    expect(inbound(name)[0]!.Comment).toBe("after the storm");

    cloud.exchange.inject({ operation: "Remove-InboundConnector", fault: { kind: "lose-response" } });
    newRun();
    await destroy(inboundConnectorProvider, state);
    expect(inbound(name)).toEqual([]);
  });

  it("finds a connector whose create answer was lost instead of creating it twice", async () => {
    const name = "Inbound lost answer";
    cloud.exchange.replicationLagMs = 150;
    cloud.exchange.inject({ operation: "New-InboundConnector", fault: { kind: "lose-response" } });
    const { state } = await up(inboundConnectorProvider, {}, onPremInbound(name));
    expect(cloud.exchange.count("New-InboundConnector")).toBe(1);
    expect(inbound(name)).toHaveLength(1);
    expect(state.id).toBe(inbound(name)[0]!.Guid);
  });

  it("converges on the next run when the lost create has not replicated before the wait ended", async () => {
    const name = "Inbound lost and slow";
    cloud.exchange.replicationLagMs = 1500;
    cloud.exchange.inject({ operation: "New-InboundConnector", fault: { kind: "lose-response" } });
    const first = await up(inboundConnectorProvider, {}, onPremInbound(name)).catch((e: unknown) => e as Error);
    expect(String(first)).toMatch(/answer was lost.*Run again: an identical connector found by name is taken over, not duplicated/);

    await new Promise((resolve) => setTimeout(resolve, 1600));
    newRun();
    cloud.exchange.resetLog();
    const second = await up(inboundConnectorProvider, {}, onPremInbound(name));
    expect(cloud.exchange.count("New-InboundConnector")).toBe(0);
    expect(writes()).toEqual([]);
    expect(inbound(name)).toHaveLength(1);
    expect(second.state.id).toBe(inbound(name)[0]!.Guid);
    expect(second.state.outs).toMatchObject({ adoptedExisting: true });
  });

  it("waits out replication lag after a create so the next run reads the connector", async () => {
    const name = "Inbound lagging";
    cloud.exchange.replicationLagMs = 300;
    const started = Date.now();
    const { state } = await up(inboundConnectorProvider, {}, onPremInbound(name));
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    newRun();
    expect((await refresh(inboundConnectorProvider, state)).id).toBe(state.id);
  });
});

describe("OutboundConnector lifecycle through the provider", () => {
  const smartHostConnector = (name: string) => ({
    name,
    connectorType: "OnPremises",
    recipientDomains: ["Contoso.com", "*.contoso.com"],
    smartHosts: ["Mail.Contoso.com"],
    useMxRecord: false,
    tlsSettings: "DomainValidation",
    tlsDomain: "mail.contoso.com",
    routeAllMessagesViaOnPremises: false,
    validationRecipients: ["postmaster@contoso.com"],
    isValidated: true,
    lastValidationTimestamp: "2026-05-06T14:30:00Z",
  });

  it("creates (with Set-only settings right after), renames in place, and deletes", async () => {
    const name = "Outbound to Contoso on-premises";
    let { state } = await up(outboundConnectorProvider, {}, smartHostConnector(name));
    expect(cloud.exchange.requests.filter((r) => /^(New|Set)-/.test(r.operation)).map((r) => r.operation)).toEqual(["New-OutboundConnector", "Set-OutboundConnector"]);
    expect(parametersOf(cloud.exchange.requests.find((r) => r.operation === "New-OutboundConnector")!.body)).not.toHaveProperty("ValidationRecipients");
    expect(outbound(name)[0]).toMatchObject({ ValidationRecipients: ["postmaster@contoso.com"], IsValidated: true, TlsDomain: "mail.contoso.com" });

    newRun();
    cloud.exchange.resetLog();
    expect((await up(outboundConnectorProvider, state, smartHostConnector(name))).step).toBe("same");
    expect(writes()).toEqual([]);

    newRun();
    const renamed = "Outbound to Contoso (renamed)";
    ({ state } = await up(outboundConnectorProvider, state, smartHostConnector(renamed)));
    expect(outbound(name)).toEqual([]);
    expect(outbound(renamed)[0]!.Guid).toBe(state.id);

    newRun();
    await destroy(outboundConnectorProvider, state);
    expect(outbound(renamed)).toEqual([]);
  });

  it("retries the Set right after New while the new connector still answers 404 (replication lag on writes)", async () => {
    const name = "Outbound lagging writes";
    cloud.exchange.replicationLagMs = 600;
    const { state } = await up(outboundConnectorProvider, {}, smartHostConnector(name));
    const sets = cloud.exchange.requests.filter((r) => r.operation === "Set-OutboundConnector").map((r) => r.status);
    expect(sets[0]).toBe(404);
    expect(sets.at(-1)).toBe(200);
    expect(outbound(name)[0]).toMatchObject({ ValidationRecipients: ["postmaster@contoso.com"], IsValidated: true });
    // Removing it in the same run also rides out the lag rather than taking 404 for "already gone".
    cloud.exchange.replicationLagMs = 0;
    await destroy(outboundConnectorProvider, state);
    expect(outbound(name)).toEqual([]);
  });

  it("removes a connector created in this run even while Remove still answers 404", async () => {
    const name = "Outbound removed while lagging";
    cloud.exchange.writeReplicationLagMs = 800;
    const desired = { name, connectorType: "Partner", recipientDomains: ["tailspin.example"] };
    const created = await outboundConnectorProvider.create(desired);
    await destroy(outboundConnectorProvider, { id: created.id, outs: created.outs });
    expect(cloud.exchange.requests.filter((r) => r.operation === "Remove-OutboundConnector").map((r) => r.status)[0]).toBe(404);
    expect(outbound(name)).toEqual([]);
  });

  it("keeps a connector whose Set after New failed under management: tracked by id, or taken over by the next run", async () => {
    const name = "Outbound set failed";
    cloud.exchange.inject({ operation: "Set-OutboundConnector", fault: { kind: "unavailable", status: 503 }, times: 20 });
    const error = (await up(outboundConnectorProvider, {}, smartHostConnector(name)).catch((e: unknown) => e)) as Error & { id?: string; properties?: Record<string, unknown> };
    expect(error.message).toMatch(/was created \(Guid .*\), but applying validationRecipients, isValidated, lastValidationTimestamp failed: .*Run again/);
    expect(error.id).toBe(outbound(name)[0]!.Guid);
    expect(error.properties).toMatchObject({ guid: error.id, validationRecipients: [], isValidated: false });
    cloud.exchange.clearFaults();

    // Pulumi records the id from the error: the next run updates the Set-only settings.
    newRun();
    const next = await up(outboundConnectorProvider, { id: error.id, outs: error.properties }, smartHostConnector(name));
    expect(next.step).toBe("update");
    expect(outbound(name)[0]).toMatchObject({ ValidationRecipients: ["postmaster@contoso.com"], IsValidated: true });

    // Had the record been lost, the next create takes the connector over instead of refusing it.
    const other = "Outbound set failed, record lost";
    cloud.exchange.inject({ operation: "Set-OutboundConnector", fault: { kind: "unavailable", status: 503 }, times: 20 });
    newRun();
    await up(outboundConnectorProvider, {}, smartHostConnector(other)).catch(() => undefined);
    cloud.exchange.clearFaults();
    newRun();
    const adopted = await up(outboundConnectorProvider, {}, smartHostConnector(other));
    expect(adopted.state.outs).toMatchObject({ adoptedExisting: true });
    expect(outbound(other)).toHaveLength(1);
    expect(outbound(other)[0]).toMatchObject({ ValidationRecipients: ["postmaster@contoso.com"], IsValidated: true });
  });

  it("manages a test-mode connector, which plain Get-OutboundConnector does not list", async () => {
    const name = "Outbound in test mode";
    const desired = { name, connectorType: "Partner", recipientDomains: ["tailspin.example"], testMode: true };
    const { state } = await up(outboundConnectorProvider, {}, desired);
    newRun();
    cloud.exchange.resetLog();
    expect((await up(outboundConnectorProvider, state, desired)).step).toBe("same");
    expect(cloud.exchange.requests.map((r) => parametersOf(r.body).IncludeTestModeConnectors)).toEqual([true]);
    newRun();
    await destroy(outboundConnectorProvider, state);
    expect(outbound(name)).toEqual([]);
  });

  it("rejects smart hosts with MX routing, bad TLS domains and OnPremises-only flags on Partner; warns about a TLS domain without domain validation", async () => {
    const warnings = captureWarnings();
    const checked = await outboundConnectorProvider.check!({}, { name: "Outbound bad", connectorType: "Partner", smartHosts: ["relay.example"], tlsDomain: "a.*.example.com", allAcceptedDomains: true });
    expect(checked.failures!.map((f) => f.property).sort()).toEqual(["allAcceptedDomains", "tlsDomain", "useMxRecord"]);
    expect(warnings.join("\n")).toMatch(/Outbound connector "Outbound bad": tlsDomain: is only used when tlsSettings is DomainValidation/);
    expect(cloud.exchange.count()).toBe(0);
  });

  it("creates an outbound connector whose TLS domain is not applicable (TlsSettings not DomainValidation): the service is not known to refuse it", async () => {
    captureWarnings();
    const desired = { name: "Outbound tls domain only", connectorType: "Partner", recipientDomains: ["tailspin.example"], tlsSettings: "CertificateValidation", tlsDomain: "mail.tailspin.example" };
    const { state } = await up(outboundConnectorProvider, {}, desired);
    expect(outbound(desired.name)[0]).toMatchObject({ TlsDomain: "mail.tailspin.example", TlsSettings: "CertificateValidation" });
    newRun();
    await destroy(outboundConnectorProvider, state);
  });
});

describe("one read per type per run", () => {
  it("a no-change update of many connectors makes no write and one list call per type", async () => {
    const resources: Array<{ provider: typeof inboundConnectorProvider; inputs: Record<string, unknown>; state: ResourceState }> = [
      { provider: inboundConnectorProvider, inputs: onPremInbound("Count inbound 1"), state: {} },
      { provider: inboundConnectorProvider, inputs: { name: "Count inbound 2", connectorType: "Partner", senderDomains: ["Fabrikam.com"], senderIPAddresses: ["203.0.113.5"], restrictDomainsToIPAddresses: true }, state: {} },
      { provider: outboundConnectorProvider, inputs: { name: "Count outbound 1", connectorType: "Partner", recipientDomains: ["Fabrikam.com"], tlsSettings: "CertificateValidation" }, state: {} },
      { provider: outboundConnectorProvider, inputs: { name: "Count outbound 2", connectorType: "OnPremises", allAcceptedDomains: true, smartHosts: ["mail.contoso.com"], useMxRecord: false }, state: {} },
    ];
    for (const r of resources) r.state = (await up(r.provider, {}, r.inputs)).state;

    newRun();
    cloud.exchange.resetLog();
    cloud.tokens.resetLog();
    for (const r of resources) expect((await up(r.provider, r.state, r.inputs)).step).toBe("same");
    expect(writes()).toEqual([]);
    expect(cloud.exchange.requests.map((r) => r.operation).sort()).toEqual(["Get-InboundConnector", "Get-OutboundConnector"]);
    expect(cloud.tokens.count("token")).toBe(1);
  });

  it("an update the engine asks for when only the recorded state is stale writes nothing", async () => {
    const inputs = onPremInbound("Stale state");
    const { state } = await up(inboundConnectorProvider, {}, inputs);
    // The service was fixed by hand to match the program, so only Pulumi's record differs.
    const stale = { ...state.outs, comment: "old comment in state" };
    newRun();
    cloud.exchange.resetLog();
    const diff = await inboundConnectorProvider.diff!(state.id!, stale, inputs);
    expect(diff.changes).toBe(true);
    const updated = await inboundConnectorProvider.update!(state.id!, stale, inputs);
    expect(updated.outs).toMatchObject({ comment: inputs.comment });
    expect(writes()).toEqual([]);
    expect(cloud.exchange.requests.map((r) => r.operation)).toEqual(["Get-InboundConnector"]);
  });
});
