/**
 * One HTTPS request with a JSON body, over Node's own client so the caller decides which CAs
 * to trust (global fetch cannot take an agent without an extra dependency). It tells apart a
 * request that never left (safe to resend) from one whose answer was lost (may have happened),
 * and both from a failure no retry can mend (the server's certificate is not trusted).
 */
import https from "node:https";
import { ENV } from "./environment";
import { LIMIT_ENV, requestDeadlineMs } from "./limits";
import { redact } from "./redact";
import { markTokenRejected } from "./shared-token";

export interface HttpRequest {
  readonly url: string;
  readonly method: "GET" | "POST" | "PATCH" | "DELETE";
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly agent?: https.Agent;
  /** The longest this request may take, first byte to last; lowered by HYBRID_MAILFLOW_REQUEST_TIMEOUT_SECONDS and the run's budget. */
  readonly timeoutMs: number;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text: string;
}

export class HttpTransportError extends Error {
  /** False only when the connection was never made, so the server cannot have seen the request. */
  readonly maybeProcessed: boolean;
  readonly code?: string;

  constructor(message: string, maybeProcessed: boolean, code?: string) {
    super(redact(message));
    this.name = "HttpTransportError";
    this.maybeProcessed = maybeProcessed;
    this.code = code;
  }
}

/**
 * The server's certificate is not trusted: sending again cannot help. Deliberately not an
 * HttpTransportError, so the clients' retry loops pass it straight through.
 */
export class TlsTrustError extends Error {
  readonly code?: string;

  constructor(host: string, detail: string, code?: string) {
    super(
      redact(
        `${host}: the server's TLS certificate is not trusted (${detail}). Nothing was sent. ` +
          `Fix: if a TLS-inspecting proxy or an emulator sits in between, point ${ENV.caCerts} at a PEM file with its CA certificate; otherwise check the system clock and the host name.`,
      ),
    );
    this.name = "TlsTrustError";
    this.code = code;
  }
}

const TLS_TRUST = new Set([
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_REVOKED",
  "CERT_UNTRUSTED",
  "CERT_SIGNATURE_FAILURE",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);
const NEVER_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", ...TLS_TRUST]);

export function sendHttp(request: HttpRequest): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const url = new URL(request.url);
    if (url.protocol !== "https:") {
      reject(new HttpTransportError(`Refusing to send a token over ${url.protocol} to ${url.host}; use https.`, false));
      return;
    }
    let timeoutMs: number;
    try {
      timeoutMs = requestDeadlineMs(request.timeoutMs, `${request.method} ${url.host}${url.pathname}`);
    } catch (err) {
      reject(err);
      return;
    }
    const body = request.body === undefined ? undefined : Buffer.from(request.body, "utf8");
    const req = https.request(
      url,
      {
        method: request.method,
        agent: request.agent,
        headers: { ...request.headers, ...(body ? { "Content-Length": String(body.length) } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          clearTimeout(timer);
          const status = res.statusCode ?? 0;
          // A refused token must not be offered again: the shared credential signs in afresh.
          if (status === 401) markTokenRejected(bearerOf(request.headers));
          resolve({ status, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") });
        });
        res.on("error", (err) => fail(err));
        res.on("aborted", () => fail(Object.assign(new Error("the answer was cut off"), { code: "ECONNRESET" })));
      },
    );
    // A total deadline, not the socket's idle timeout: a server trickling bytes must not hold the run.
    const timer = setTimeout(
      () => req.destroy(Object.assign(new Error(`no complete answer within ${Math.round(timeoutMs / 1000)} s (limit: ${LIMIT_ENV.requestTimeoutSeconds} and the run's budget)`), { code: "ETIMEDOUT" })),
      timeoutMs,
    );
    const fail = (err: Error & { code?: string }) => {
      clearTimeout(timer);
      reject(transportError(err, url));
    };
    req.on("error", fail);
    req.end(body);
  });
}

function transportError(err: Error & { code?: string }, url: URL): Error {
  if (err.code !== undefined && TLS_TRUST.has(err.code)) return new TlsTrustError(url.host, err.message, err.code);
  const neverSent = err.code !== undefined && NEVER_SENT.has(err.code);
  return new HttpTransportError(`${url.host}: ${err.message}`, !neverSent, err.code);
}

function bearerOf(headers: Readonly<Record<string, string>>): string | undefined {
  const value = Object.entries(headers).find(([k]) => k.toLowerCase() === "authorization")?.[1];
  return value?.startsWith("Bearer ") ? value.slice(7) : undefined;
}

export function headerValue(headers: HttpResponse["headers"], name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
