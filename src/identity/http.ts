/**
 * One HTTPS request with a JSON body, over Node's own client so the caller decides which CAs
 * to trust (global fetch cannot take an agent without an extra dependency). It tells apart a
 * request that never left (safe to resend) from one whose answer was lost (may have happened).
 */
import https from "node:https";

export interface HttpRequest {
  readonly url: string;
  readonly method: "GET" | "POST" | "PATCH" | "DELETE";
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly agent?: https.Agent;
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
    super(message);
    this.name = "HttpTransportError";
    this.maybeProcessed = maybeProcessed;
    this.code = code;
  }
}

const NEVER_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "CERT_HAS_EXPIRED", "DEPTH_ZERO_SELF_SIGNED_CERT", "SELF_SIGNED_CERT_IN_CHAIN", "UNABLE_TO_VERIFY_LEAF_SIGNATURE", "ERR_TLS_CERT_ALTNAME_INVALID"]);

export function sendHttp(request: HttpRequest): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const url = new URL(request.url);
    if (url.protocol !== "https:") {
      reject(new HttpTransportError(`Refusing to send a token over ${url.protocol} to ${url.host}; use https.`, false));
      return;
    }
    const body = request.body === undefined ? undefined : Buffer.from(request.body, "utf8");
    const req = https.request(
      url,
      {
        method: request.method,
        agent: request.agent,
        headers: { ...request.headers, ...(body ? { "Content-Length": String(body.length) } : {}) },
        timeout: request.timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", (err) => reject(transportError(err, true, url)));
        res.on("aborted", () => reject(new HttpTransportError(`The answer from ${url.host} was cut off.`, true, "ECONNRESET")));
      },
    );
    req.on("timeout", () => req.destroy(Object.assign(new Error(`No answer from ${url.host} within ${request.timeoutMs} ms`), { code: "ETIMEDOUT" })));
    req.on("error", (err) => reject(transportError(err, true, url)));
    req.end(body);
  });
}

function transportError(err: Error & { code?: string }, sent: boolean, url: URL): HttpTransportError {
  const neverSent = err.code !== undefined && NEVER_SENT.has(err.code);
  return new HttpTransportError(`${url.host}: ${err.message}`, sent && !neverSent, err.code);
}

export function headerValue(headers: HttpResponse["headers"], name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
