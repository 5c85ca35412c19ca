/**
 * Probes with loopback servers that stall, throttle with a long Retry-After, refuse tokens or
 * present a certificate from a CA the client does not trust. No request may wait longer than its
 * configured limit, no permanent failure is retried, and a refused token is replaced once.
 */
import https from "node:https";
import type { AccessToken, GetTokenOptions, TokenCredential } from "@azure/identity";
import { ExchangeAdminClient, ExchangeError, ExchangeUnauthorizedError } from "../../src/exchange";
import { GraphDomainsClient, GraphError } from "../../src/graph";
import { credentialFromEnvironment } from "../../src/identity/credentials";
import { ConfigurationError, readConnectionSettings } from "../../src/identity/environment";
import { TlsTrustError } from "../../src/identity/http";
import { RunBudgetExceededError, budgetedSleep, resetRunBudget, transportLimits } from "../../src/identity/limits";
import { retryOptions } from "../../src/identity/retry";
import { sharedTokenCredential } from "../../src/identity/shared-token";
import { createHttpsAgent } from "../../src/identity/tls";
import { createTestCertificates, type TestCertificates } from "../../src/testing/tls";
import { Loopback, reply } from "./loopback";

const TENANT = "11111111-2222-3333-4444-555555555555";
const LIMIT_VARS = ["HYBRID_MAILFLOW_REQUEST_TIMEOUT_SECONDS", "HYBRID_MAILFLOW_RUN_BUDGET_SECONDS", "HYBRID_MAILFLOW_MAX_RETRY_AFTER_SECONDS"];

let certs: TestCertificates;
let otherCa: TestCertificates;
let agent: https.Agent;
let server: Loopback;
const stalled: Array<() => void> = [];

beforeAll(async () => {
  certs = await createTestCertificates();
  otherCa = await createTestCertificates();
  agent = createHttpsAgent(certs.caCert);
  server = await Loopback.start(certs, () => undefined);
});
afterAll(async () => {
  agent.destroy();
  await server.close();
});
beforeEach(() => {
  resetRunBudget();
  server.seen.length = 0;
  server.connections = 0;
});
afterEach(() => {
  for (const name of LIMIT_VARS) delete process.env[name];
  for (const release of stalled.splice(0)) release();
});

function credential(token = "token-1"): TokenCredential {
  return { getToken: async (): Promise<AccessToken> => ({ token, expiresOnTimestamp: Date.now() + 3_600_000 }) };
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the call to fail");
}

describe("per-request timeout", () => {
  it("cuts a request that gets no answer at HYBRID_MAILFLOW_REQUEST_TIMEOUT_SECONDS", async () => {
    process.env.HYBRID_MAILFLOW_REQUEST_TIMEOUT_SECONDS = "0.3";
    server.handler = (_r, res) => stalled.push(() => res.destroy());
    // The client's own default (960 s, as the module) would hold the run for 16 minutes.
    const exo = new ExchangeAdminClient({ tenantId: TENANT, credential: credential(), baseUrl: server.origin, agent, retry: { maxRetries: 0 } });
    const error = await failure(exo.invoke("Get-InboundConnector"));
    expect(error).toBeInstanceOf(ExchangeError);
    expect(error.message).toMatch(/HYBRID_MAILFLOW_REQUEST_TIMEOUT_SECONDS/);
  });

  it("cuts a server that trickles its answer byte by byte (the limit is total, not idle)", async () => {
    process.env.HYBRID_MAILFLOW_REQUEST_TIMEOUT_SECONDS = "0.4";
    server.handler = (_r, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      const timer = setInterval(() => res.write(" "), 50);
      stalled.push(() => {
        clearInterval(timer);
        res.destroy();
      });
    };
    const graph = new GraphDomainsClient({ credential: credential(), baseUrl: server.origin, agent, retry: { maxRetries: 0 } });
    const error = await failure(graph.list());
    expect(error).toBeInstanceOf(GraphError);
    expect(error.message).toMatch(/no complete answer/);
  });

  it("rejects a malformed limit naming the variable", () => {
    expect(() => readConnectionSettings({ HYBRID_MAILFLOW_REQUEST_TIMEOUT_SECONDS: "soon" })).toThrow(ConfigurationError);
    expect(() => readConnectionSettings({ HYBRID_MAILFLOW_RUN_BUDGET_SECONDS: "-5" })).toThrow(/HYBRID_MAILFLOW_RUN_BUDGET_SECONDS/);
  });
});

describe("run budget", () => {
  it("stops retrying when the run's budget is spent", async () => {
    process.env.HYBRID_MAILFLOW_RUN_BUDGET_SECONDS = "0.4";
    server.handler = (_r, res) => stalled.push(() => res.destroy());
    const exo = new ExchangeAdminClient({ tenantId: TENANT, credential: credential(), baseUrl: server.origin, agent, retry: { maxRetries: 5, baseDelayMs: 1 } });
    const error = await failure(exo.invoke("Get-AcceptedDomain"));
    expect(error).toBeInstanceOf(RunBudgetExceededError);
    expect(error.message).toMatch(/HYBRID_MAILFLOW_RUN_BUDGET_SECONDS/);
    expect(server.seen.length).toBe(1);
  });

  it("refuses a wait that would outlast the budget instead of sleeping through it", async () => {
    process.env.HYBRID_MAILFLOW_RUN_BUDGET_SECONDS = "5";
    await expect(budgetedSleep(300_000)).rejects.toBeInstanceOf(RunBudgetExceededError);
  });
});

describe("Retry-After", () => {
  it("is capped by default, not honoured for 300 s on every retry", async () => {
    server.handler = (_r, res) => (server.seen.length <= 3 ? reply(res, 429, { error: { code: "TooManyRequests", message: "slow down" } }, { "Retry-After": "300" }) : reply(res, 200, { value: [] }));
    const waits: number[] = [];
    const exo = new ExchangeAdminClient({ tenantId: TENANT, credential: credential(), baseUrl: server.origin, agent, retry: { sleep: async (ms) => void waits.push(ms) } });
    await exo.invoke("Get-AcceptedDomain");
    expect(waits).toHaveLength(3);
    for (const ms of waits) expect(ms).toBeLessThanOrEqual(transportLimits().maxRetryAfterMs);
    expect(transportLimits().maxRetryAfterMs).toBeLessThan(300_000);
  });

  it("is capped at HYBRID_MAILFLOW_MAX_RETRY_AFTER_SECONDS", async () => {
    process.env.HYBRID_MAILFLOW_MAX_RETRY_AFTER_SECONDS = "2";
    expect(retryOptions().maxDelayMs).toBe(2000);
    server.handler = (_r, res) => (server.seen.length <= 1 ? reply(res, 429, { error: { code: "TooManyRequests", message: "slow down" } }, { "Retry-After": "300" }) : reply(res, 200, { value: [] }));
    const waits: number[] = [];
    const graph = new GraphDomainsClient({ credential: credential(), baseUrl: server.origin, agent, retry: { sleep: async (ms) => void waits.push(ms) } });
    await graph.list();
    expect(waits).toEqual([2000]);
  });
});

describe("permanent failures are not retried", () => {
  it("a server certificate from an untrusted CA fails at once, naming HYBRID_MAILFLOW_CA_CERTS", async () => {
    const wrongCa = await Loopback.start(otherCa, (_r, res) => reply(res, 200, { value: [] }));
    try {
      const exo = new ExchangeAdminClient({ tenantId: TENANT, credential: credential(), baseUrl: wrongCa.origin, agent, retry: { maxRetries: 5, baseDelayMs: 1 } });
      const error = await failure(exo.invoke("Get-AcceptedDomain"));
      expect(error).toBeInstanceOf(TlsTrustError);
      expect(error.message).toMatch(/HYBRID_MAILFLOW_CA_CERTS/);
      expect(wrongCa.connections).toBe(1);
      const graph = new GraphDomainsClient({ credential: credential(), baseUrl: wrongCa.origin, agent, retry: { maxRetries: 5, baseDelayMs: 1 } });
      // The Graph client raises its own GraphError for every failure (one constructor); the cause is kept in the text.
      const graphError = await failure(graph.list());
      expect(graphError).toBeInstanceOf(GraphError);
      expect(graphError.message).toMatch(/TLS certificate is not trusted/);
      expect(graphError.message).toMatch(/HYBRID_MAILFLOW_CA_CERTS/);
      expect(wrongCa.connections).toBe(2);
    } finally {
      await wrongCa.close();
    }
  });

  it.each([400, 403, 404, 409])("HTTP %i is answered once", async (status) => {
    server.handler = (_r, res) => reply(res, status, { error: { code: "Nope", message: "no" } });
    const graph = new GraphDomainsClient({ credential: credential(), baseUrl: server.origin, agent, retry: { maxRetries: 5, baseDelayMs: 1 } });
    await expect(graph.create("contoso.example")).rejects.toBeInstanceOf(GraphError);
    expect(server.seen).toHaveLength(1);
    server.seen.length = 0;
    const exo = new ExchangeAdminClient({ tenantId: TENANT, credential: credential(), baseUrl: server.origin, agent, retry: { maxRetries: 5, baseDelayMs: 1 } });
    await expect(exo.invoke("Get-AcceptedDomain")).rejects.toBeInstanceOf(ExchangeError);
    expect(server.seen).toHaveLength(1);
  });
});

describe("a refused token", () => {
  /** A sign-in that issues a new token each time and records whether it was asked to skip its cache. */
  function issuing(): TokenCredential & { calls: Array<GetTokenOptions | undefined> } {
    const calls: Array<GetTokenOptions | undefined> = [];
    return {
      calls,
      getToken: async (_scopes, options): Promise<AccessToken> => {
        calls.push(options);
        return { token: `token-${calls.length}`, expiresOnTimestamp: Date.now() + 3_600_000 };
      },
    };
  }

  it.each(["exchange", "graph"])("is replaced by a fresh one after a 401 (%s)", async (service) => {
    const revoked = `revoked-${service}`;
    const signIn = issuing();
    // The first token of this test is revoked by the service; later ones are fine.
    server.handler = (r, res) => (r.headers.authorization === "Bearer token-1" ? reply(res, 401, { error: { code: "InvalidAuthenticationToken", message: revoked } }) : reply(res, 200, { value: [] }));
    const shared = sharedTokenCredential(signIn);
    if (service === "exchange") await new ExchangeAdminClient({ tenantId: TENANT, credential: shared, baseUrl: server.origin, agent, retry: { baseDelayMs: 1 } }).invoke("Get-AcceptedDomain");
    else await new GraphDomainsClient({ credential: shared, baseUrl: server.origin, agent, retry: { baseDelayMs: 1 } }).list();
    expect(server.seen.map((r) => r.headers.authorization)).toEqual(["Bearer token-1", "Bearer token-2"]);
    // The second sign-in carries a claims challenge, which makes MSAL skip its own cache.
    expect(signIn.calls[1]?.claims).toMatch(/"nbf"/);
  });

  it("is retried once only, then explained", async () => {
    server.handler = (_r, res) => reply(res, 401, { error: { code: "Unauthorized", message: "The token is not valid" } });
    const exo = new ExchangeAdminClient({ tenantId: TENANT, credential: sharedTokenCredential(issuing()), baseUrl: server.origin, agent, retry: { maxRetries: 5, baseDelayMs: 1 } });
    const error = await failure(exo.invoke("Get-AcceptedDomain"));
    expect(error).toBeInstanceOf(ExchangeUnauthorizedError);
    expect(error.message).toMatch(/freshly issued/);
    expect(server.seen).toHaveLength(2);
    server.seen.length = 0;
    const graph = new GraphDomainsClient({ credential: sharedTokenCredential(issuing()), baseUrl: server.origin, agent, retry: { maxRetries: 5, baseDelayMs: 1 } });
    await expect(graph.list()).rejects.toMatchObject({ kind: "unauthorized" });
    expect(server.seen).toHaveLength(2);
  });
});

describe("sign-in", () => {
  it("is bounded by HYBRID_MAILFLOW_REQUEST_TIMEOUT_SECONDS too", async () => {
    process.env.HYBRID_MAILFLOW_REQUEST_TIMEOUT_SECONDS = "0.5";
    server.handler = (_r, res) => stalled.push(() => res.destroy());
    const { credential } = credentialFromEnvironment({ AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: "app", AZURE_CLIENT_SECRET: "stalled-secret", AZURE_AUTHORITY_HOST: server.origin }, { agent });
    const error = await failure(credential.getToken("https://outlook.office365.com/.default"));
    expect(error.message).toMatch(/HYBRID_MAILFLOW_REQUEST_TIMEOUT_SECONDS/);
    expect(error.message).not.toContain("stalled-secret");
  });
});
