/**
 * What every emulator shares: an HTTPS server on loopback, a log of what it was asked, and
 * faults a test arms in advance (throttling, outages, lost answers) that fire on matching
 * requests, the way the real services misbehave.
 */
import https from "node:https";
import type { AddressInfo } from "node:net";
import type { IncomingMessage, ServerResponse } from "node:http";

export interface EmulatorTls {
  readonly cert: string;
  readonly key: string;
}

export interface EmulatorRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: IncomingMessage["headers"];
  readonly body: string;
  /** What the request does, as the emulator names it: a cmdlet such as "New-InboundConnector", or "POST /domains". */
  readonly operation: string;
}

export interface Reply {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
}

export type Fault =
  /** 429 with Retry-After (seconds, may be fractional); the request is not processed. */
  | { readonly kind: "throttle"; readonly retryAfterSeconds?: number }
  /** 503 or 504 without processing the request. */
  | { readonly kind: "unavailable"; readonly status?: 503 | 504 }
  /** The request IS processed, then the connection is dropped before any answer. */
  | { readonly kind: "lose-response" }
  /** A 500 carrying a transient exception type (Exchange only), without processing. */
  | { readonly kind: "transient-exception"; readonly exceptionType?: string }
  /** A 2xx answer that reports a non-terminating cmdlet error (Exchange only, `@adminapi.errors`), without processing. */
  | { readonly kind: "non-terminating-error"; readonly text?: string };

export interface FaultRule {
  /** Matches the operation exactly (string) or by pattern; omitted matches every request. */
  readonly operation?: string | RegExp;
  readonly fault: Fault;
  /** How many matching requests it hits; default 1. */
  readonly times?: number;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly operation: string;
  readonly status: number | "dropped";
  readonly body: string;
  readonly fault?: Fault["kind"];
}

interface ArmedFault {
  readonly rule: FaultRule;
  remaining: number;
}

export abstract class HttpsEmulator {
  readonly requests: RecordedRequest[] = [];
  private readonly server: https.Server;
  private readonly faults: ArmedFault[] = [];
  private origin = "";

  protected constructor(tls: EmulatorTls) {
    this.server = https.createServer({ cert: tls.cert, key: tls.key }, (req, res) => void this.dispatch(req, res));
  }

  /** `https://127.0.0.1:<port>` once started. */
  get url(): string {
    return this.origin;
  }

  protected async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.origin = `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  inject(rule: FaultRule): void {
    this.faults.push({ rule, remaining: rule.times ?? 1 });
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  /** How many requests matched; counts attempts, so a retried call counts each try. */
  count(operation?: string | RegExp): number {
    return this.requests.filter((r) => matches(operation, r.operation)).length;
  }

  resetLog(): void {
    this.requests.length = 0;
  }

  protected abstract describe(method: string, url: URL, body: string): string;
  protected abstract handle(request: EmulatorRequest): Promise<Reply> | Reply;
  /** The body a non-terminating-error fault answers with. */
  protected nonTerminatingBody(text: string): unknown {
    return { value: [], errors: [text] };
  }

  /** The body a transient-exception fault answers with. */
  protected transientBody(exceptionType: string): unknown {
    return { error: { code: "InternalServerError", message: exceptionType } };
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const url = new URL(req.url ?? "/", this.origin);
    const request: EmulatorRequest = { method: req.method ?? "GET", url, headers: req.headers, body, operation: this.describe(req.method ?? "GET", url, body) };
    const fault = this.takeFault(request.operation);
    const record = (status: number | "dropped") =>
      this.requests.push({ method: request.method, path: url.pathname, operation: request.operation, status, body, ...(fault ? { fault: fault.kind } : {}) });

    if (fault && fault.kind !== "lose-response") {
      const reply = faultReply(fault, (t) => this.transientBody(t), (t) => this.nonTerminatingBody(t));
      record(reply.status);
      send(res, reply);
      return;
    }
    let reply: Reply;
    try {
      reply = await this.handle(request);
    } catch (err) {
      reply = { status: 500, body: { error: { code: "InternalServerError", message: `emulator bug: ${(err as Error).message}` } } };
    }
    if (fault?.kind === "lose-response") {
      record("dropped");
      req.socket.destroy();
      return;
    }
    record(reply.status);
    send(res, reply);
  }

  private takeFault(operation: string): Fault | undefined {
    const armed = this.faults.find((f) => f.remaining > 0 && matches(f.rule.operation, operation));
    if (!armed) return undefined;
    armed.remaining -= 1;
    return armed.rule.fault;
  }
}

function matches(pattern: string | RegExp | undefined, operation: string): boolean {
  if (pattern === undefined) return true;
  return typeof pattern === "string" ? pattern.toLowerCase() === operation.toLowerCase() : pattern.test(operation);
}

function faultReply(fault: Exclude<Fault, { kind: "lose-response" }>, transientBody: (type: string) => unknown, nonTerminatingBody: (text: string) => unknown): Reply {
  switch (fault.kind) {
    case "throttle":
      return {
        status: 429,
        headers: { "Retry-After": String(fault.retryAfterSeconds ?? 1) },
        body: { error: { code: "TooManyRequests", message: "Application is over its resource limit." } },
      };
    case "unavailable":
      return { status: fault.status ?? 503, body: { error: { code: "ServiceUnavailable", message: "The service is temporarily unavailable." } } };
    case "transient-exception":
      return { status: 500, body: transientBody(fault.exceptionType ?? "Microsoft.Exchange.Data.Directory.DCOverloadedException") };
    case "non-terminating-error":
      return { status: 200, body: nonTerminatingBody(fault.text ?? "The operation couldn't be completed for some of the values.") };
  }
}

function send(res: ServerResponse, reply: Reply): void {
  const text = reply.body === undefined ? "" : typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    ...(text ? { "Content-Type": "application/json; charset=utf-8" } : {}),
    "request-id": cryptoRandomId(),
    ...reply.headers,
  });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function cryptoRandomId(): string {
  return globalThis.crypto.randomUUID();
}

/** Reads `Authorization: Bearer <token>`; undefined when missing or malformed. */
export function bearerToken(headers: IncomingMessage["headers"]): string | undefined {
  const value = headers.authorization;
  const match = typeof value === "string" ? /^Bearer\s+(\S+)$/i.exec(value) : null;
  return match?.[1];
}
