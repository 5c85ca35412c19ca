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
    await expect(graph.create("dup.example")).rejects.toMatchObject({ kind: "already-exists", status: 400 });
    await expect(graph.update("dup.example", { supportedServices: ["Email"] })).rejects.toMatchObject({ kind: "bad-request" });
    await expect(graph.delete("missing.example")).rejects.toMatchObject({ kind: "not-found", status: 404 });
    const denied = (await client("reader-app", "reader-secret").create("denied.example").catch((e: unknown) => e)) as GraphError;
    expect(denied).toBeInstanceOf(GraphError);
    expect(denied.kind).toBe("forbidden");
    expect(denied.message).toMatch(/Fix: grant the app the Domain\.ReadWrite\.All application permission/);
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

  it("reports bad credentials as unauthorized without the secret", async () => {
    const error = (await client(cloud.clientId, "bad-secret-777").list().catch((e: unknown) => e)) as GraphError;
    expect(error.kind).toBe("unauthorized");
    expect(error.message).toMatch(/AADSTS7000215/);
    expect(error.message).not.toContain("bad-secret-777");
    expect(cloud.graph.count()).toBe(0);
  });
});
