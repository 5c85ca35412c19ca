/**
 * The canary probe over the provider's surfaces: what a deployment prints (stdout, stderr), the
 * outputs Pulumi stores in state, and the errors it shows, with the real sign-in library, both
 * against the emulated cloud and against a sign-in endpoint that echoes the request.
 */
import { inboundConnectorProvider } from "../../src/resources/inbound-connector";
import { resetRunBudget } from "../../src/identity/limits";
import { startEmulatedCloud, type EmulatedCloud } from "../../src/testing/emulated-cloud";
import { Loopback, echoingSignIn } from "../identity/loopback";
import { newRun, refresh, up, useEnv, type ResourceState } from "./engine";

let cloud: EmulatedCloud;
let echo: Loopback;
const printed: string[] = [];
let restore: Array<() => void> = [];

beforeAll(async () => {
  cloud = await startEmulatedCloud();
  echo = await Loopback.start(cloud.certificates, echoingSignIn);
});
afterAll(async () => {
  await Promise.all([cloud.close(), echo.close()]);
});
useEnv(() => ({ ...cloud.env(), HYBRID_MAILFLOW_RETRY_BASE_DELAY_MS: "1", HYBRID_MAILFLOW_POLL_INTERVAL_MS: "20", HYBRID_MAILFLOW_WAIT_TIMEOUT_SECONDS: "1" }));
beforeEach(() => {
  newRun();
  resetRunBudget();
  printed.length = 0;
  // Everything the provider process prints reaches Pulumi's log.
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      printed.push(String(chunk));
      return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
    restore.push(() => (stream.write = write));
  }
  for (const level of ["log", "info", "warn", "error", "debug"] as const) {
    const original = console[level];
    console[level] = (...args: unknown[]) => void printed.push(args.map(String).join(" "));
    restore.push(() => (console[level] = original));
  }
});
afterEach(() => {
  for (const r of restore.splice(0)) r();
});

/** Access tokens the emulator issues look like `emu.<base64url>`. */
const TOKEN_SHAPE = /emu\.[A-Za-z0-9_-]{20,}/;

function expectClean(text: string): void {
  expect(text).not.toContain(cloud.clientSecret);
  expect(text).not.toMatch(TOKEN_SHAPE);
  expect(text).not.toMatch(/Bearer\s+[A-Za-z0-9]/);
}

const desired = (name: string) => ({ name, connectorType: "OnPremises", senderDomains: ["*"], tlsSenderCertificateName: "mail.contoso.com", requireTls: true });

it("keeps the secret and tokens out of outputs, state and what the provider prints", async () => {
  let state: ResourceState = {};
  ({ state } = await up(inboundConnectorProvider, state, desired("Canary inbound")));
  state = await refresh(inboundConnectorProvider, state);
  ({ state } = await up(inboundConnectorProvider, state, { ...desired("Canary inbound"), requireTls: false }));
  expectClean(JSON.stringify(state));
  expectClean(printed.join("\n"));
});

it("signs in afresh when the tenant revokes the token mid-run, and goes on", async () => {
  let state: ResourceState = {};
  ({ state } = await up(inboundConnectorProvider, state, desired("Revoked inbound")));
  ({ state } = await up(inboundConnectorProvider, state, { ...desired("Revoked inbound"), requireTls: false }));
  const signIns = cloud.tokens.requests.filter((r) => r.operation === "token").length;
  cloud.tokens.revokeAll();
  ({ state } = await up(inboundConnectorProvider, state, { ...desired("Revoked inbound"), requireTls: true }));
  expect(state.outs).toMatchObject({ requireTls: true });
  // MSAL's own cache would have handed back the revoked token; the claims challenge gets a new one.
  expect(cloud.tokens.requests.filter((r) => r.operation === "token").length).toBe(signIns + 1);
});

describe("with a sign-in endpoint that echoes the request", () => {
  const saved = { host: "" };
  beforeEach(() => {
    saved.host = process.env.AZURE_AUTHORITY_HOST!;
    process.env.AZURE_AUTHORITY_HOST = echo.origin;
  });
  afterEach(() => {
    process.env.AZURE_AUTHORITY_HOST = saved.host;
  });

  it("fails without the secret in the error or the log", async () => {
    let error: unknown;
    try {
      await up(inboundConnectorProvider, {}, desired("Echoed inbound"));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Error);
    expect(echo.seen.some((r) => r.body.includes("client_secret="))).toBe(true);
    const e = error as Error;
    expectClean([e.message, e.stack, JSON.stringify(e)].join("\n"));
    expect(e.message).not.toContain(encodeURIComponent(cloud.clientSecret));
    expectClean(printed.join("\n"));
  });
});
