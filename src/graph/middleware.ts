/**
 * The middleware chain behind `@microsoft/microsoft-graph-client`: its own
 * `AuthenticationHandler` (bearer token from a `TokenCredential`), then our retry step, then a
 * terminal handler on `node:https`. Node's global fetch ignores an `agent`, so the package's
 * own fetch handler could not trust the extra CAs (HYBRID_MAILFLOW_CA_CERTS, the emulators);
 * sending through the project's transport keeps one TLS agent for every call and tells a
 * request that never left apart from one whose answer was lost.
 */
import type https from "node:https";
import type { TokenCredential } from "@azure/identity";
import { AuthenticationHandler, type Context, type Middleware, type MiddlewareOptions } from "@microsoft/microsoft-graph-client";
import { TokenCredentialAuthenticationProvider } from "@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials";
import { HttpTransportError, headerValue, sendHttp, type HttpRequest, type HttpResponse } from "../identity/http";
import { parseRetryAfterMs, retryDelayMs, type RetryOptions } from "../identity/retry";
import { FAILURE, failure } from "./errors";

/** Per-request option: this POST may be sent again after a lost answer (verify is; create is not). */
export class Resendable implements MiddlewareOptions {}

export interface ChainOptions {
  readonly credential: TokenCredential;
  readonly scope: string;
  readonly agent?: https.Agent;
  readonly retry: RetryOptions;
  readonly timeoutMs: number;
}

export function middlewareChain(options: ChainOptions): Middleware[] {
  const provider = new TokenCredentialAuthenticationProvider(tokenOrFailure(options.credential, options.scope), { scopes: [options.scope] });
  return [new FreshTokenStep(), new AuthenticationHandler(provider), new RetryStep(options.retry), new NodeHttpsHandler(options.agent, options.timeoutMs)];
}

/**
 * A 401 is sent again once, signed anew: the transport has recorded the refused token, so the
 * shared credential signs in afresh (revoked token, changed roles). It sits before the
 * AuthenticationHandler because that step only appends to the Authorization header; the old one
 * is removed first. A second 401 is the answer.
 */
export class FreshTokenStep implements Middleware {
  private next?: Middleware;

  setNext(next: Middleware): void {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    await this.next!.execute(context);
    if (context.response?.status !== 401) return;
    dropAuthorization(context);
    await this.next!.execute(context);
  }
}

function dropAuthorization(context: Context): void {
  const options = context.options;
  if (!options?.headers) return;
  const headers = options.headers as unknown;
  if (headers instanceof Headers) headers.delete("Authorization");
  else if (Array.isArray(headers)) options.headers = (headers as Array<[string, string]>).filter(([name]) => name.toLowerCase() !== "authorization");
  else {
    const record = headers as Record<string, string>;
    for (const name of Object.keys(record)) if (name.toLowerCase() === "authorization") delete record[name];
  }
}

/** Identity errors carry the sign-in service's text (AADSTS codes), never the secret; they are marked so they map to "unauthorized". */
function tokenOrFailure(credential: TokenCredential, scope: string): TokenCredential {
  return {
    async getToken(scopes, getTokenOptions) {
      try {
        const token = await credential.getToken(scopes, getTokenOptions);
        if (!token?.token) throw new Error("the credential returned no token");
        return token;
      } catch (err) {
        throw failure(FAILURE.token, `could not get a token for ${scope}: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
  };
}

const RETRY_STATUS = new Set([429, 502, 503, 504]);

/**
 * Retries throttling (429, honouring Retry-After) and outages (502/503/504) with the project's
 * rules, and resends after a transport failure only when that cannot repeat a write: the request
 * never left, or it is a read, an update with full values, a delete, or a POST marked Resendable.
 * A 504 on a POST that is not Resendable is a lost answer too: the write may have happened.
 */
export class RetryStep implements Middleware {
  private next?: Middleware;

  constructor(private readonly retry: RetryOptions) {}

  setNext(next: Middleware): void {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    const method = (context.options?.method ?? "GET").toUpperCase();
    const resendable = method !== "POST" || context.middlewareControl?.getMiddlewareOptions(Resendable) !== undefined;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.next!.execute(context);
      } catch (err) {
        if (!(err instanceof HttpTransportError)) throw err;
        const again = resendable || !err.maybeProcessed;
        if (again && attempt < this.retry.maxRetries) {
          await this.retry.sleep(retryDelayMs(attempt, this.retry));
          continue;
        }
        if (!again) throw failure(FAILURE.responseLost, `the request was sent but the answer was lost (${err.message}); it may have been applied.`);
        throw failure(FAILURE.transport, `${err.message} (after ${attempt + 1} attempts)`);
      }
      const status = context.response?.status ?? 0;
      if (status === 504 && !resendable) throw failure(FAILURE.responseLost, "the gateway timed out (HTTP 504); the request may have been applied.");
      if (!RETRY_STATUS.has(status) || attempt >= this.retry.maxRetries) return;
      const retryAfter = parseRetryAfterMs(context.response?.headers.get("retry-after") ?? undefined);
      await this.retry.sleep(retryDelayMs(attempt, this.retry, status === 429 ? retryAfter : undefined));
    }
  }
}

/** The end of the chain: one HTTPS exchange through the project's agent, answered as a fetch Response. */
export class NodeHttpsHandler implements Middleware {
  constructor(
    private readonly agent: https.Agent | undefined,
    private readonly timeoutMs: number,
  ) {}

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === "string" ? context.request : (context.request as { url: string }).url;
    const options = context.options ?? {};
    const body = options.body;
    if (body !== undefined && body !== null && typeof body !== "string") throw new Error("Graph request bodies must be JSON text.");
    const response = await sendHttp({
      url,
      method: (options.method ?? "GET").toUpperCase() as HttpRequest["method"],
      headers: { ...plainHeaders(options.headers), "client-request-id": globalThis.crypto.randomUUID() },
      body: body ?? undefined,
      agent: this.agent,
      timeoutMs: this.timeoutMs,
    });
    context.response = toResponse(response);
  }
}

function plainHeaders(headers: unknown): Record<string, string> {
  if (headers === undefined || headers === null) return {};
  if (typeof (headers as Headers).forEach === "function" && !Array.isArray(headers)) {
    const out: Record<string, string> = {};
    (headers as Headers).forEach((value, key) => (out[key] = value));
    return out;
  }
  const entries = Array.isArray(headers) ? (headers as Array<[string, string]>) : Object.entries(headers as Record<string, string>);
  return Object.fromEntries(entries.map(([k, v]) => [k, String(v)]));
}

function toResponse(response: HttpResponse): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(response.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  // A fetch Response cannot carry a body with these statuses.
  const empty = response.status === 204 || response.status === 205 || response.status === 304 || response.text === "";
  if (empty && !headerValue(response.headers, "content-type")) headers.delete("content-type");
  return new Response(empty ? null : response.text, { status: response.status, headers });
}
