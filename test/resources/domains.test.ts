import { acceptedDomainProvider } from "../../src/resources/accepted-domain";
import { inboundConnectorProvider } from "../../src/resources/inbound-connector";
import { outboundConnectorProvider } from "../../src/resources/outbound-connector";
import { ObjectExistsError } from "../../src/resources/provider-support";
import { tenantDomainProvider, tenantDomainVerificationProvider } from "../../src/resources/tenant-domain";
import { startDnsServer } from "../../src/testing/dns-server";
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
  for (const emulator of [cloud.exchange, cloud.graph]) {
    emulator.clearFaults();
    emulator.replicationLagMs = 0;
    emulator.resetLog();
  }
  cloud.graph.exchangeSyncDelayMs = 0;
  cloud.graph.maxPageSize = 1000;
});

const acceptedDomain = (name: string) => cloud.exchange.objects(cloud.tenantId, "AcceptedDomain").find((d) => d.DomainName === name);
const exchangeWrites = () => cloud.exchange.requests.filter((r) => /^(New|Set|Remove)-/.test(r.operation));

/** Adds, publishes and verifies a domain the way a program with a DNS provider would. */
async function verifiedDomain(name: string): Promise<{ domain: ResourceState; verification: ResourceState }> {
  const { state: domain } = await up(tenantDomainProvider, {}, { domainName: name });
  const txt = domain.outs!.verificationTxtRecord as { name: string; text: string };
  cloud.graph.publishTxt(txt.name, txt.text);
  const { state: verification } = await up(tenantDomainVerificationProvider, {}, { domainName: name });
  return { domain, verification };
}

describe("TenantDomain and TenantDomainVerification", () => {
  it("adds a domain, exposes its TXT record, verifies it once published, reads the MX target, and deletes it", async () => {
    const name = "fabrikam.example";
    cloud.graph.mxTargetFor = (d) => `${d.replace(/\./g, "-")}.o-v1.mx.microsoft`;
    const { state: domain } = await up(tenantDomainProvider, {}, { domainName: "Fabrikam.example" });
    expect(domain.id).toBe(name);
    expect(domain.outs).toMatchObject({ domainName: name, isVerified: false, tenantId: cloud.tenantId, adoptedExisting: false });
    const txt = domain.outs!.verificationTxtRecord as { name: string; text: string; ttl: number };
    expect(txt).toEqual({ name, text: expect.stringMatching(/^MS=ms\d{8}$/), ttl: 3600 });

    // Verification before the record is published waits, then fails with the record to publish.
    const early = await up(tenantDomainVerificationProvider, {}, { domainName: name }).catch((e: unknown) => e as Error);
    expect(String(early)).toContain(`did not find the TXT record ${txt.text} at ${name}`);
    expect(cloud.graph.count("POST /domains/{id}/verify")).toBeGreaterThan(1);

    cloud.graph.publishTxt(txt.name, txt.text);
    newRun();
    const { state: verification } = await up(tenantDomainVerificationProvider, {}, { domainName: name, supportedServices: ["Email"] });
    expect(verification.outs).toMatchObject({ isVerified: true, supportedServices: ["Email"], mxRecord: { name, mailExchange: "fabrikam-example.o-v1.mx.microsoft", preference: 0 } });
    expect(cloud.graph.domain(cloud.tenantId, name)).toMatchObject({ isVerified: true, supportedServices: expect.arrayContaining(["Email"]) });

    newRun();
    cloud.graph.resetLog();
    // Verification is TenantDomainVerification's to settle; the tenant domain shows no change for it
    // (the real engine's second preview must be empty), and `refresh` brings its isVerified up to date.
    expect((await up(tenantDomainProvider, domain, { domainName: "Fabrikam.example" })).step).toBe("same");
    expect((await up(tenantDomainVerificationProvider, verification, { domainName: name, supportedServices: ["Email"] })).step).toBe("same");
    expect(cloud.graph.requests.filter((r) => r.method !== "GET")).toEqual([]);
    expect(cloud.graph.count("GET /domains")).toBe(1);

    newRun();
    expect((await refresh(tenantDomainProvider, domain)).outs).toMatchObject({ isVerified: true });
    await destroy(tenantDomainVerificationProvider, verification);
    await destroy(tenantDomainProvider, domain);
    expect(cloud.graph.domain(cloud.tenantId, name)).toBeUndefined();
    newRun();
    expect(await refresh(tenantDomainProvider, domain)).toEqual({});
  });

  it("verifies against a real DNS server once the TXT record is served", async () => {
    const name = "dns-served.example";
    const { state: domain } = await up(tenantDomainProvider, {}, { domainName: name });
    const txt = domain.outs!.verificationTxtRecord as { name: string; text: string };
    const dns = await startDnsServer({ [txt.name]: { txt: [txt.text, "v=spf1 -all"] } });
    try {
      cloud.graph.useDnsServer(dns.address);
      const { state } = await up(tenantDomainVerificationProvider, {}, { domainName: name });
      expect(state.outs).toMatchObject({ isVerified: true });
      expect(dns.queries.some((q) => q.name.toLowerCase() === name && q.type === "TXT")).toBe(true);
    } finally {
      cloud.graph.usePublishedTxt();
      await dns.close();
    }
  });

  it("does not add a domain twice when the answer to the create was lost", async () => {
    const name = "lost-answer.example";
    cloud.graph.replicationLagMs = 100;
    cloud.graph.inject({ operation: "POST /domains", fault: { kind: "lose-response" } });
    cloud.graph.inject({ operation: "GET /domains/{id}", fault: { kind: "throttle", retryAfterSeconds: 0.01 } });
    const { state } = await up(tenantDomainProvider, {}, { domainName: name });
    expect(cloud.graph.count("POST /domains")).toBe(1);
    expect(state.outs).toMatchObject({ domainName: name, isVerified: false });
    expect((state.outs!.verificationTxtRecord as { text: string }).text).toMatch(/^MS=ms/);
  });

  it("leaves a verified domain it did not add alone unless told to adopt it", async () => {
    const name = "already-verified.example";
    await verifiedDomain(name);
    newRun();
    cloud.graph.resetLog();
    const error = await up(tenantDomainProvider, {}, { domainName: name }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ObjectExistsError);
    expect((error as Error).message).toMatch(/already in tenant .* and verified\. It was left alone.*adopt: true/);
    expect(cloud.graph.requests.filter((r) => r.method !== "GET")).toEqual([]);

    const adopted = await up(tenantDomainProvider, {}, { domainName: name, adopt: true });
    expect(adopted.state.outs).toMatchObject({ isVerified: true, adoptedExisting: true });
    expect(cloud.graph.requests.filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("explains a delete the directory refuses because objects still use the domain", async () => {
    const name = "in-use.example";
    const { domain } = await verifiedDomain(name);
    cloud.graph.setReferences(cloud.tenantId, name, 3);
    await expect(destroy(tenantDomainProvider, domain)).rejects.toThrow(/was not deleted: .*3 objects referencing.*Fix: move users, groups and apps off the domain/);
    cloud.graph.setReferences(cloud.tenantId, name, 0);
    await destroy(tenantDomainProvider, domain);
  });

  it("finds a domain past the first page of GET /domains instead of taking it for deleted", async () => {
    const { domain, verification } = await verifiedDomain("page-two.example");
    for (const n of [1, 2, 3]) cloud.graph.addDomain(cloud.tenantId, `filler-${n}.example`);
    cloud.graph.maxPageSize = 2;
    newRun();
    cloud.graph.resetLog();
    expect((await up(tenantDomainProvider, domain, { domainName: "page-two.example" })).step).toBe("same");
    expect((await up(tenantDomainVerificationProvider, verification, { domainName: "page-two.example" })).step).toBe("same");
    expect(cloud.graph.count("GET /domains")).toBeGreaterThan(1);
    expect(cloud.graph.requests.filter((r) => r.method !== "GET")).toEqual([]);
    newRun();
    expect((await refresh(tenantDomainProvider, domain)).id).toBe("page-two.example");
    expect(cloud.graph.domain(cloud.tenantId, "page-two.example")).toBeDefined();
  });

  it("adopting a domain adds Email without stripping Teams or Yammer, and settles when the domain has services Graph cannot set", async () => {
    const name = "teams-and-yammer.example";
    cloud.graph.addDomain(cloud.tenantId, name, { supportedServices: ["OfficeCommunicationsOnline", "Yammer", "Intune"] });
    const { state: domain } = await up(tenantDomainProvider, {}, { domainName: name, adopt: true });
    expect(domain.outs).toMatchObject({ isVerified: true, adoptedExisting: true });
    const { state: verification } = await up(tenantDomainVerificationProvider, {}, { domainName: name, supportedServices: ["Email"] });
    expect((cloud.graph.domain(cloud.tenantId, name)!.supportedServices as string[]).sort()).toEqual(["Email", "Intune", "OfficeCommunicationsOnline", "Yammer"]);
    expect(verification.outs).toMatchObject({ supportedServices: ["Email"] });

    newRun();
    cloud.graph.resetLog();
    expect((await up(tenantDomainVerificationProvider, verification, { domainName: name, supportedServices: ["Email"] })).step).toBe("same");
    expect(cloud.graph.requests.filter((r) => r.method !== "GET")).toEqual([]);
    newRun();
    expect((await refresh(tenantDomainVerificationProvider, verification)).outs).toMatchObject({ supportedServices: ["Email"] });
  });

  it("takes over a pending claim when Graph answers that the domain already exists", async () => {
    const name = "conflict.example";
    // The domain exists but is not readable yet (replication), so the create meets Graph's conflict answer.
    cloud.graph.addDomain(cloud.tenantId, name, { isVerified: false, supportedServices: [], visibleAfterMs: 700 });
    const { state } = await up(tenantDomainProvider, {}, { domainName: name });
    expect(cloud.graph.requests.filter((r) => r.operation === "POST /domains").map((r) => r.status)).toEqual([400]);
    expect(state.outs).toMatchObject({ domainName: name, isVerified: false, adoptedExisting: true });
  });

  it("refuses bad domain input before any call", async () => {
    const error = await up(tenantDomainVerificationProvider, {}, { domainName: "contoso.onmicrosoft.com", supportedServices: ["Intune"] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckFailedError);
    expect((error as CheckFailedError).failures.map((f) => f.property).sort()).toEqual(["domainName", "supportedServices"]);
    expect(cloud.graph.count()).toBe(0);
  });
});

describe("AcceptedDomain", () => {
  it("waits for the verified domain to reach Exchange, applies settings, keeps quiet when nothing changed, corrects drift and restores on delete", async () => {
    const name = "relay.example";
    cloud.graph.exchangeSyncDelayMs = 300;
    await verifiedDomain(name);
    expect(acceptedDomain(name)).toBeDefined();

    const desired = { domainName: name, domainType: "InternalRelay", matchSubDomains: true };
    const started = Date.now();
    const { state } = await up(acceptedDomainProvider, {}, desired);
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    expect(acceptedDomain(name)).toMatchObject({ DomainType: "InternalRelay", MatchSubDomains: true });
    expect(state.outs).toMatchObject({ domainName: name, originalSettings: { domainType: "Authoritative", matchSubDomains: false } });
    expect(parametersOf(exchangeWrites()[0]!.body)).toEqual({ Identity: name, DomainType: "InternalRelay", MatchSubDomains: true });

    newRun();
    cloud.exchange.resetLog();
    expect((await up(acceptedDomainProvider, state, desired)).step).toBe("same");
    expect(cloud.exchange.requests.map((r) => r.operation)).toEqual(["Get-AcceptedDomain"]);

    cloud.exchange.modify(cloud.tenantId, "AcceptedDomain", name, { DomainType: "Authoritative", MatchSubDomains: false });
    newRun();
    const corrected = await up(acceptedDomainProvider, state, desired);
    expect(corrected.step).toBe("update");
    expect(acceptedDomain(name)).toMatchObject({ DomainType: "InternalRelay", MatchSubDomains: true });

    // Stop managing matchSubDomains: it goes back to what it was (which InternalRelay alone allows).
    newRun();
    const narrowed = await up(acceptedDomainProvider, corrected.state, { domainName: name, domainType: "InternalRelay", outboundOnly: true });
    expect(acceptedDomain(name)).toMatchObject({ DomainType: "InternalRelay", MatchSubDomains: false, OutboundOnly: true });
    expect(narrowed.state.outs!.originalSettings).toEqual({ domainType: "Authoritative", outboundOnly: false });

    newRun();
    await destroy(acceptedDomainProvider, narrowed.state);
    expect(acceptedDomain(name)).toMatchObject({ DomainType: "Authoritative", MatchSubDomains: false, OutboundOnly: false });
  });

  it("says how to fix a domain that never appears", async () => {
    const error = await up(acceptedDomainProvider, {}, { domainName: "never-added.example", domainType: "Authoritative" }).catch((e: unknown) => e as Error);
    expect(String(error)).toMatch(/has not appeared in Exchange Online within 1 s\..*Fix: add and verify it/);
    expect(exchangeWrites()).toEqual([]);
  });

  it("refuses MatchSubDomains without InternalRelay, and ExternalRelay, before any call", async () => {
    const error = (await up(acceptedDomainProvider, {}, { domainName: "x.example", matchSubDomains: true }).catch((e: unknown) => e)) as CheckFailedError;
    expect(error.failures).toEqual([{ property: "matchSubDomains", reason: 'can only be enabled on an InternalRelay domain. Fix: Set domainType: "InternalRelay", or remove matchSubDomains.' }]);
    const external = (await up(acceptedDomainProvider, {}, { domainName: "x.example", domainType: "ExternalRelay" }).catch((e: unknown) => e)) as CheckFailedError;
    expect(external.failures[0]!.reason).toMatch(/ExternalRelay exists only in on-premises Exchange/);
    expect(cloud.exchange.count()).toBe(0);
  });
});

describe("a whole mail-flow stack", () => {
  it("runs create, no-change (no write, one read per type), and destroy with throttling on the way", async () => {
    const domainName = "stack.example";
    const { domain, verification } = await verifiedDomain(domainName);
    const stack: Array<{ provider: typeof inboundConnectorProvider; inputs: Record<string, unknown>; state: ResourceState }> = [
      { provider: acceptedDomainProvider, inputs: { domainName, domainType: "InternalRelay" }, state: {} },
      { provider: inboundConnectorProvider, inputs: { name: "Stack inbound", connectorType: "OnPremises", senderDomains: ["*"], senderIPAddresses: ["203.0.113.25"] }, state: {} },
      { provider: outboundConnectorProvider, inputs: { name: "Stack outbound", connectorType: "OnPremises", recipientDomains: [domainName], smartHosts: ["mail.stack.example"], useMxRecord: false }, state: {} },
      { provider: tenantDomainProvider, inputs: { domainName }, state: domain },
      { provider: tenantDomainVerificationProvider, inputs: { domainName }, state: verification },
    ];
    cloud.exchange.inject({ operation: /^Get-/, fault: { kind: "throttle", retryAfterSeconds: 0.01 }, times: 2 });
    for (const r of stack.filter((s) => s.state.id === undefined)) r.state = (await up(r.provider, {}, r.inputs)).state;

    newRun();
    for (const emulator of [cloud.exchange, cloud.graph, cloud.tokens]) emulator.resetLog();
    // The engine works on independent resources concurrently.
    const steps = await Promise.all(stack.map((r) => up(r.provider, r.state, r.inputs).then((result) => result.step)));
    expect(steps).toEqual(["same", "same", "same", "same", "same"]);
    expect(exchangeWrites()).toEqual([]);
    expect(cloud.exchange.requests.map((r) => r.operation).sort()).toEqual(["Get-AcceptedDomain", "Get-InboundConnector", "Get-OutboundConnector"]);
    expect(cloud.graph.requests.map((r) => r.operation)).toEqual(["GET /domains"]);
    // One token per service for the whole run.
    expect(cloud.tokens.count("token")).toBe(2);

    newRun();
    for (const r of [...stack].reverse()) await destroy(r.provider, r.state);
    expect(cloud.graph.domain(cloud.tenantId, domainName)).toBeUndefined();
    expect(acceptedDomain(domainName)).toBeUndefined();
    expect(cloud.exchange.objects(cloud.tenantId, "InboundConnector").filter((c) => c.Name === "Stack inbound")).toEqual([]);
  });
});
