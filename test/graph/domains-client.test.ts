import type https from "node:https";
import { ClientSecretCredential } from "@azure/identity";
import { GraphDomainsClient, GraphError, mxRecordOf, verificationTxtOf } from "../../src/graph";
import { createHttpsAgent } from "../../src/identity/tls";
import { startEmulatedCloud, type EmulatedCloud } from "../../src/testing/emulated-cloud";

let cloud: EmulatedCloud;
let agent: https.Agent;
beforeAll(async () => {
  cloud = await startEmulatedCloud();
  agent = createHttpsAgent(cloud.certificates.caCert);
  cloud.tokens.registerApp({ tenantId: cloud.tenantId, clientId: "reader-app", clientSecret: "reader-secret", roles: { "https://graph.microsoft.com": ["Domain.Read.All"] } });
});
afterAll(async () => {
  agent.destroy();
  await cloud.close();
});
beforeEach(() => {
  cloud.graph.clearFaults();
  cloud.graph.resetLog();
  cloud.graph.maxPageSize = 1000;
});

function client(clientId = cloud.clientId, secret = cloud.clientSecret): GraphDomainsClient {
  const credential = new ClientSecretCredential(cloud.tenantId, clientId, secret, { authorityHost: cloud.tokens.authorityHost, disableInstanceDiscovery: true, agent });
  return new GraphDomainsClient({ credential, baseUrl: cloud.graph.url, agent, retry: { baseDelayMs: 1, maxRetries: 3 } });
}

describe("GraphDomainsClient against the Graph emulator", () => {
  it("walks the documented domain lifecycle", async () => {
    const graph = client();
    const created = await graph.create("northwind.example");
    expect(created).toMatchObject({ id: "northwind.example", isVerified: false });
    const txt = verificationTxtOf(await graph.verificationRecords("northwind.example"))!;
    await expect(graph.verify("northwind.example")).rejects.toMatchObject({ kind: "verification-failed" });
    cloud.graph.publishTxt("northwind.example", txt.text!);
    expect(await graph.verify("northwind.example")).toMatchObject({ isVerified: true, availabilityStatus: "AvailableImmediately" });
    await graph.update("northwind.example", { supportedServices: ["Email", "Yammer"] });
    expect((await graph.get("northwind.example"))!.supportedServices).toEqual(["Email", "Yammer"]);
    expect(mxRecordOf(await graph.serviceConfigurationRecords("northwind.example"))).toMatchObject({ mailExchange: "northwind-example.mail.protection.outlook.com", preference: 0 });
    expect((await graph.list()).map((d) => d.id)).toEqual(expect.arrayContaining([cloud.initialDomain, "northwind.example"]));
    await graph.delete("northwind.example");
    expect(await graph.get("northwind.example")).toBeUndefined();
  });

  it("types the errors Graph returns", async () => {
    const graph = client();
    await graph.create("dup.example");
    // Recognised by details[0].code ObjectConflict (the captured answer), not by the message.
    await expect(graph.create("dup.example")).rejects.toMatchObject({ kind: "already-exists", status: 400, code: "Request_BadRequest", detailCodes: ["ObjectConflict"] });
    await expect(graph.update("dup.example", { supportedServices: ["Email"] })).rejects.toMatchObject({ kind: "bad-request" });
    await expect(graph.delete("missing.example")).rejects.toMatchObject({ kind: "not-found", status: 404 });
    const denied = (await client("reader-app", "reader-secret").create("denied.example").catch((e: unknown) => e)) as GraphError;
    expect(denied).toBeInstanceOf(GraphError);
    expect(denied.kind).toBe("forbidden");
    expect(denied.message).toMatch(/Fix: grant the app the Domain\.ReadWrite\.All application permission/);
  });

  it("follows @odata.nextLink: a domain past the first page is listed", async () => {
    const graph = client();
    for (const n of [1, 2, 3, 4]) await graph.create(`paged-${n}.example`);
    cloud.graph.maxPageSize = 2;
    cloud.graph.resetLog();
    const all = await graph.listDomains();
    const expected = (await Promise.all([cloud.initialDomain, "paged-1.example", "paged-4.example"].map((d) => graph.get(d)))).map((d) => d!.id);
    expect(all.map((d) => d.id)).toEqual(expect.arrayContaining(expected));
    expect(new Set(all.map((d) => d.id)).size).toBe(all.length);
    expect(cloud.graph.count("GET /domains")).toBe(Math.ceil(all.length / 2));
    expect(cloud.graph.count("GET /domains")).toBeGreaterThan(1);
    expect((await graph.list()).length).toBe(all.length);
  });

  it("judges a refused verification by the domain's state: a verify whose answer was lost is resent and settles", async () => {
    const graph = client();
    await graph.create("lost-verify.example");
    cloud.graph.publishTxt("lost-verify.example", verificationTxtOf(await graph.verificationRecords("lost-verify.example"))!.text!);
    cloud.graph.inject({ operation: "POST /domains/{id}/verify", fault: { kind: "lose-response" } });
    // The first verify succeeds but its answer is lost; the resend is refused (already verified), and the client reads the domain.
    expect(await graph.verify("lost-verify.example")).toMatchObject({ id: "lost-verify.example", isVerified: true });
    expect(cloud.graph.requests.filter((r) => r.operation === "POST /domains/{id}/verify").map((r) => r.status)).toEqual(["dropped", 400]);
  });

  it("replaces the settable services on PATCH, keeps the others, and refuses services Graph cannot set", async () => {
    const graph = client();
    cloud.graph.addDomain(cloud.tenantId, "teams.example", { supportedServices: ["Email", "OfficeCommunicationsOnline", "Yammer", "Intune"] });
    await graph.update("teams.example", { supportedServices: ["Email"] });
    expect((await graph.get("teams.example"))!.supportedServices.sort()).toEqual(["Email", "Intune"]);
    await expect(graph.update("teams.example", { supportedServices: ["Email", "Intune"] })).rejects.toMatchObject({ kind: "bad-request", status: 400 });
  });

  it("retries 429 with Retry-After and 503, and resends a lost read", async () => {
    cloud.graph.inject({ operation: "GET /domains", fault: { kind: "throttle", retryAfterSeconds: 0.05 } });
    cloud.graph.inject({ operation: "GET /domains", fault: { kind: "unavailable", status: 503 } });
    cloud.graph.inject({ operation: "GET /domains", fault: { kind: "lose-response" } });
    await client().list();
    expect(cloud.graph.requests.map((r) => r.status)).toEqual([429, 503, "dropped", 200]);
  });

  it("does not resend a create whose answer was lost", async () => {
    cloud.graph.inject({ operation: "POST /domains", fault: { kind: "lose-response" } });
    await expect(client().create("once.example")).rejects.toMatchObject({ kind: "response-lost" });
    expect(cloud.graph.count("POST /domains")).toBe(1);
    expect(cloud.graph.domain(cloud.tenantId, "once.example")).toBeDefined();
  });

  it("treats a gateway timeout on a create as a lost answer, and retries it on a read", async () => {
    cloud.graph.inject({ operation: "POST /domains", fault: { kind: "unavailable", status: 504 } });
    await expect(client().create("timeout.example")).rejects.toMatchObject({ kind: "response-lost" });
    expect(cloud.graph.count("POST /domains")).toBe(1);
    cloud.graph.inject({ operation: "GET /domains/{id}", fault: { kind: "unavailable", status: 504 }, times: 2 });
    expect(await client().get("timeout.example")).toBeUndefined();
    expect(cloud.graph.requests.filter((r) => r.operation === "GET /domains/{id}").map((r) => r.status)).toEqual([504, 504, 404]);
  });

  it("gives up with a throttled error when throttling outlasts the retries", async () => {
    cloud.graph.inject({ operation: "GET /domains", fault: { kind: "throttle", retryAfterSeconds: 0.001 }, times: 10 });
    await expect(client().listDomains()).rejects.toMatchObject({ kind: "throttled", status: 429 });
    expect(cloud.graph.count("GET /domains")).toBe(4);
  });

  it("reports bad credentials as unauthorized without the secret", async () => {
    const error = (await client(cloud.clientId, "bad-secret-777").list().catch((e: unknown) => e)) as GraphError;
    expect(error.kind).toBe("unauthorized");
    expect(error.message).toMatch(/AADSTS7000215/);
    expect(error.message).not.toContain("bad-secret-777");
    expect(cloud.graph.count()).toBe(0);
  });
});

describe("GraphDomainsClient in another cloud", () => {
  it("asks for a token of the cloud's Graph and signs requests to an overridden host", async () => {
    const gov = await startEmulatedCloud({ exchangeAudience: "https://outlook.office365.us", graphAudience: "https://graph.microsoft.us" });
    const govAgent = createHttpsAgent(gov.certificates.caCert);
    try {
      const credential = new ClientSecretCredential(gov.tenantId, gov.clientId, gov.clientSecret, { authorityHost: gov.tokens.authorityHost, disableInstanceDiscovery: true, agent: govAgent });
      const graph = new GraphDomainsClient({ credential, cloud: "gcchigh", baseUrl: gov.graph.url, agent: govAgent, retry: { maxRetries: 0 } });
      expect((await graph.listDomains()).map((d) => d.id)).toEqual([gov.initialDomain]);
      const commercial = new GraphDomainsClient({ credential, baseUrl: gov.graph.url, agent: govAgent, retry: { maxRetries: 0 } });
      await expect(commercial.listDomains()).rejects.toMatchObject({ kind: "unauthorized" });
    } finally {
      govAgent.destroy();
      await gov.close();
    }
  });
});
