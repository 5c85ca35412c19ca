/**
 * Probes with echoing servers: a sign-in endpoint, the Exchange gateway and Graph (or a proxy in
 * front of them) quote the request they received in their error text. No canary may come out.
 */
import https from "node:https";
import type { AccessToken, TokenCredential } from "@azure/identity";
import { ExchangeAdminClient, ExchangeError } from "../../src/exchange";
import { GraphDomainsClient, GraphError } from "../../src/graph";
import { credentialFromEnvironment } from "../../src/identity/credentials";
import { ConfigurationError, readConnectionSettings } from "../../src/identity/environment";
import { HttpTransportError } from "../../src/identity/http";
import { redact } from "../../src/identity/redact";
import { resetRunBudget } from "../../src/identity/limits";
import { createHttpsAgent } from "../../src/identity/tls";
import { createTestCertificates, type TestCertificates } from "../../src/testing/tls";
import { Loopback, echoOf, echoingSignIn, reply } from "./loopback";

const TENANT = "11111111-2222-3333-4444-555555555555";
const SECRET = "cAnary~Secret+1/x=Q9w";
const JWT = "eyJhbGciOiJSUzI1NiJ9.eyJjYW5hcnkiOiJ0b2tlbi1vbmUifQ.c2lnbmF0dXJlLWNhbmFyeS0x";
const OPAQUE = "opaque-canary-token-7f3a9e";
const ENV_CANARY = "env-canary-arm-secret-55aa";

let certs: TestCertificates;
let agent: https.Agent;
let server: Loopback;

beforeAll(async () => {
  certs = await createTestCertificates();
  agent = createHttpsAgent(certs.caCert);
  server = await Loopback.start(certs, echoingSignIn);
});
afterAll(async () => {
  agent.destroy();
  await server.close();
});
beforeEach(() => {
  resetRunBudget();
  server.seen.length = 0;
});

function staticCredential(token: string): TokenCredential {
  return { getToken: async (): Promise<AccessToken> => ({ token, expiresOnTimestamp: Date.now() + 3_600_000 }) };
}

/** Every way an error reaches a user: message, stack, String(), JSON (Pulumi serialises errors). */
function surfacesOf(error: unknown): string {
  const e = error as Error;
  return [e.message, e.stack ?? "", String(e), JSON.stringify(e), JSON.stringify(Object.entries(e))].join("\n");
}

function expectNoCanary(text: string, canaries: readonly string[]): void {
  for (const canary of canaries) {
    expect(text).not.toContain(canary);
    expect(text).not.toContain(encodeURIComponent(canary));
  }
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail");
}

describe("a sign-in endpoint that echoes the request", () => {
  it("keeps the client secret out of the credential's and the Exchange client's errors", async () => {
    const env = { AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: "app", AZURE_CLIENT_SECRET: SECRET, AZURE_AUTHORITY_HOST: server.origin };
    const { credential } = credentialFromEnvironment(env, { agent });
    const direct = await failure(credential.getToken("https://outlook.office365.com/.default"));
    // The probe is real: the endpoint did receive, and echo, the secret.
    expect(server.seen.some((r) => r.body.includes("client_secret="))).toBe(true);
    expect((direct as Error).message).toMatch(/AADSTS7000215/);
    expectNoCanary(surfacesOf(direct), [SECRET]);

    const exo = new ExchangeAdminClient({ tenantId: TENANT, credential, baseUrl: server.origin, agent, retry: { maxRetries: 0 } });
    const viaClient = await failure(exo.invoke("Get-AcceptedDomain"));
    expect(viaClient).toBeInstanceOf(ExchangeError);
    expect((viaClient as Error).message).toMatch(/could not get a token/);
    expectNoCanary(surfacesOf(viaClient), [SECRET]);
  });
});

describe.each([400, 401, 403, 500, 503])("a gateway that echoes the request with HTTP %i", (status) => {
  beforeEach(() => {
    server.handler = (request, res) =>
      status === 500 ? reply(res, status, echoOf(request), { "Content-Type": "text/plain" }) : reply(res, status, { error: { code: "Echo", message: echoOf(request) } });
  });
  afterAll(() => {
    server.handler = echoingSignIn;
  });

  it.each([JWT, OPAQUE])("keeps the bearer token out of Exchange errors (%#)", async (token) => {
    const exo = new ExchangeAdminClient({ tenantId: TENANT, credential: staticCredential(token), baseUrl: server.origin, agent, retry: { maxRetries: 1, baseDelayMs: 1 } });
    const error = await failure(exo.invoke("Get-InboundConnector"));
    expect(error).toBeInstanceOf(ExchangeError);
    expect(server.seen[0]!.headers.authorization).toBe(`Bearer ${token}`);
    expectNoCanary(surfacesOf(error), [token]);
  });

  it.each([JWT, OPAQUE])("keeps the bearer token out of Graph errors (%#)", async (token) => {
    const graph = new GraphDomainsClient({ credential: staticCredential(token), baseUrl: server.origin, agent, retry: { maxRetries: 1, baseDelayMs: 1 } });
    const error = await failure(graph.list());
    expect(error).toBeInstanceOf(GraphError);
    expectNoCanary(surfacesOf(error), [token]);
  });
});

describe("values of credential variables", () => {
  const saved = process.env.ARM_CLIENT_SECRET;
  beforeAll(() => {
    process.env.ARM_CLIENT_SECRET = ENV_CANARY;
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.ARM_CLIENT_SECRET;
    else process.env.ARM_CLIENT_SECRET = saved;
  });

  it("are masked wherever a service quotes them", async () => {
    server.handler = (_request, res) => reply(res, 400, { error: { code: "BadRequest", message: `The value '${ENV_CANARY}' is not valid.` } });
    try {
      const graph = new GraphDomainsClient({ credential: staticCredential(OPAQUE), baseUrl: server.origin, agent, retry: { maxRetries: 0 } });
      const error = await failure(graph.get("contoso.example"));
      expect((error as Error).message).toContain("[redacted]");
      expectNoCanary(surfacesOf(error), [ENV_CANARY]);
    } finally {
      server.handler = echoingSignIn;
    }
  });

  it("are masked in configuration errors that quote a value", () => {
    const error = (() => {
      try {
        readConnectionSettings({ HYBRID_MAILFLOW_EXCHANGE_URL: ENV_CANARY });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigurationError);
    expectNoCanary(surfacesOf(error), [ENV_CANARY]);
  });
});

describe("a credential shorter than 6 characters", () => {
  const SHORT = "k+9";
  const saved = process.env.ARM_CLIENT_SECRET;
  beforeAll(() => {
    process.env.ARM_CLIENT_SECRET = SHORT;
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.ARM_CLIENT_SECRET;
    else process.env.ARM_CLIENT_SECRET = saved;
  });
  afterEach(() => {
    server.handler = echoingSignIn;
  });
  /** The canary as a value: quoted, a parameter's value, or URL-encoded; inside other words it may occur by chance. */
  const asValue = /["'`]k(\+|%2B)9["'`]|=\s*k(\+|%2B)9\b|:\s+k(\+|%2B)9\b/i;

  it("is masked where Graph quotes it as a value", async () => {
    server.handler = (_request, res) => reply(res, 400, { error: { code: "BadRequest", message: `The value '${SHORT}' is not valid; id=${encodeURIComponent(SHORT)}.` } });
    const graph = new GraphDomainsClient({ credential: staticCredential(OPAQUE), baseUrl: server.origin, agent, retry: { maxRetries: 0 } });
    const error = await failure(graph.get("contoso.example"));
    expect((error as Error).message).toContain("The value '[redacted]' is not valid; id=[redacted].");
    expect(surfacesOf(error)).not.toMatch(asValue);
  });

  it("is masked where Exchange quotes it as a value", async () => {
    server.handler = (_request, res) => reply(res, 400, { error: { code: "BadRequest", message: `Cannot bind parameter 'Name' to the value "${SHORT}".` } });
    const exo = new ExchangeAdminClient({ tenantId: TENANT, credential: staticCredential(OPAQUE), baseUrl: server.origin, agent, retry: { maxRetries: 0 } });
    const error = await failure(exo.invoke("Get-InboundConnector"));
    expect(error).toBeInstanceOf(ExchangeError);
    expect((error as Error).message).toContain('the value "[redacted]"');
    expect(surfacesOf(error)).not.toMatch(asValue);
  });

  it("is masked in configuration errors that quote a value", () => {
    const error = (() => {
      try {
        readConnectionSettings({ HYBRID_MAILFLOW_EXCHANGE_URL: SHORT });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(surfacesOf(error)).not.toMatch(asValue);
  });

  it("is masked by redact as a whole value, quoted or as a parameter, and left inside words", () => {
    const env = { AZURE_CLIENT_SECRET: "Q7" };
    expect(redact("Q7", [], env)).toBe("[redacted]");
    expect(redact("got 'Q7' and \"Q7\"", [], env)).toBe("got '[redacted]' and \"[redacted]\"");
    expect(redact("a=Q7&b=1; X-Key: Q7\r\nbody:\nQ7\n", [], env)).toBe("a=[redacted]&b=1; X-Key: [redacted]\r\nbody:\n[redacted]\n");
    expect(redact("HQ7 Q7x Q7 in prose", [], env)).toBe("HQ7 Q7x Q7 in prose");
    expect(redact("value 'ab'", ["ab"], {})).toBe("value '[redacted]'");
  });
});

describe("redact", () => {
  it.each([
    ["Authorization: Bearer abc.def-ghi", "abc.def-ghi"],
    ["authorization: Basic dXNlcjpwYXNzd29yZA==", "dXNlcjpwYXNzd29yZA"],
    ['{"Authorization":"Bearer zzz-canary"}', "zzz-canary"],
    ["Cookie: ESTSAUTH=cookie-canary-1; x=2", "cookie-canary-1"],
    ["set-cookie: fpc=cookie-canary-2; path=/", "cookie-canary-2"],
    ["client_id=a&client_secret=form-canary-3&scope=x", "form-canary-3"],
    ["client_assertion=assert-canary-4&grant_type=client_credentials", "assert-canary-4"],
    ['{"access_token":"json-canary-5","token_type":"Bearer"}', "json-canary-5"],
    [`token was ${JWT} here`, "eyJjYW5hcnkiOiJ0b2tlbi1vbmUifQ"],
    ["-----BEGIN PRIVATE KEY-----\nMIIpem-canary-6\n-----END PRIVATE KEY-----", "MIIpem-canary-6"],
  ])("masks %j", (text, canary) => {
    expect(redact(text, [], {})).not.toContain(canary);
  });

  it("keeps the words a user needs", () => {
    const text = "New-InboundConnector failed: The parameter 'TlsSenderCertificateName' is not valid (HTTP 400, ParameterBindingException)";
    expect(redact(text, [], {})).toBe(text);
  });

  it("masks extra secrets and their URL-encoded form", () => {
    expect(redact(`a ${SECRET} b ${encodeURIComponent(SECRET)}`, [SECRET], {})).toBe("a [redacted] b [redacted]");
  });

  it("is applied to transport errors", () => {
    expect(new HttpTransportError(`proxy said: Authorization: Bearer ${OPAQUE}`, true).message).not.toContain(OPAQUE);
  });
});
