/**
 * A scriptable HTTPS server on loopback for the hardening probes: it can echo what it was sent
 * (as a misbehaving sign-in endpoint or proxy would), stall, throttle, or present a certificate
 * from a CA the client does not trust.
 */
import https from "node:https";
import type { AddressInfo } from "node:net";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { TestCertificates } from "../../src/testing/tls";

export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage["headers"];
  readonly body: string;
}

export type Handler = (request: SeenRequest, res: ServerResponse, origin: string) => void;

export class Loopback {
  readonly seen: SeenRequest[] = [];
  /** TCP connections accepted, including those whose TLS handshake failed. */
  connections = 0;
  handler: Handler;
  private readonly server: https.Server;
  origin = "";

  private constructor(certs: Pick<TestCertificates, "cert" | "key">, handler: Handler) {
    this.handler = handler;
    this.server = https.createServer({ cert: certs.cert, key: certs.key }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const seen = { method: req.method ?? "GET", path: req.url ?? "/", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
        this.seen.push(seen);
        this.handler(seen, res, this.origin);
      });
    });
    this.server.on("connection", () => this.connections++);
  }

  static async start(certs: Pick<TestCertificates, "cert" | "key">, handler: Handler): Promise<Loopback> {
    const server = new Loopback(certs, handler);
    await new Promise<void>((resolve) => server.server.listen(0, "127.0.0.1", resolve));
    server.origin = `https://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
    return server;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** The whole request as text, the way an echoing proxy quotes it. */
export function echoOf(request: SeenRequest): string {
  const headers = Object.entries(request.headers).map(([k, v]) => `${k}: ${String(v)}`).join("\r\n");
  return `${request.method} ${request.path}\r\n${headers}\r\n\r\n${request.body}`;
}

export function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", ...headers });
  res.end(text);
}

/** An Entra ID look-alike whose token endpoint echoes the sign-in request inside its error. */
export const echoingSignIn: Handler = (request, res, origin) => {
  const openId = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration/.exec(request.path);
  if (openId) {
    const base = `${origin}/${openId[1]}`;
    reply(res, 200, {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      jwks_uri: `${base}/discovery/v2.0/keys`,
      issuer: `${base}/v2.0`,
      response_types_supported: ["code"],
      tenant_region_scope: "WW",
      cloud_instance_name: "echo",
    });
    return;
  }
  reply(res, 401, { error: "invalid_client", error_description: `AADSTS7000215: Invalid client secret provided. Request was: ${echoOf(request)}`, error_codes: [7000215] });
};
