/**
 * Microsoft Graph `/domains` for tenant domains: create, read the verification and service
 * records, verify, update, delete. It shares the Exchange client's transport and retry rules
 * (429 with Retry-After, 503/504 with backoff), and never resends a POST whose answer was lost.
 */
import type https from "node:https";
import type { TokenCredential } from "@azure/identity";
import { cloudOf, defaultScope, type CloudName } from "../identity/clouds";
import { HttpTransportError, headerValue, sendHttp, type HttpResponse } from "../identity/http";
import { parseRetryAfterMs, retryDelayMs, retryOptions, type RetryOptions } from "../identity/retry";
import { GraphError, graphErrorFor } from "./errors";

export interface GraphDomainsClientOptions {
  readonly credential: TokenCredential;
  readonly cloud?: CloudName;
  /** Send requests here instead of the cloud's Graph endpoint; the token audience stays the cloud's. */
  readonly baseUrl?: string;
  readonly agent?: https.Agent;
  readonly retry?: Partial<RetryOptions>;
  readonly timeoutMs?: number;
}

export interface Domain {
  readonly id: string;
  readonly isVerified: boolean;
  readonly isDefault: boolean;
  readonly isInitial: boolean;
  readonly supportedServices: string[];
  readonly authenticationType?: string;
  readonly availabilityStatus?: string | null;
}

export interface DomainDnsRecord {
  readonly recordType: "Txt" | "Mx" | "CName" | "Srv" | string;
  readonly label: string;
  readonly supportedService?: string;
  readonly isOptional: boolean;
  readonly ttl: number;
  readonly text?: string;
  readonly mailExchange?: string;
  readonly preference?: number;
  readonly canonicalName?: string;
}

type Method = "GET" | "POST" | "PATCH" | "DELETE";

export class GraphDomainsClient {
  private readonly credential: TokenCredential;
  private readonly scope: string;
  private readonly base: string;
  private readonly agent?: https.Agent;
  private readonly retry: RetryOptions;
  private readonly timeoutMs: number;

  constructor(options: GraphDomainsClientOptions) {
    const cloud = cloudOf(options.cloud);
    this.credential = options.credential;
    this.scope = defaultScope(cloud.graphUrl);
    this.base = `${(options.baseUrl ?? cloud.graphUrl).replace(/\/+$/, "")}/v1.0`;
    this.agent = options.agent;
    this.retry = retryOptions(options.retry);
    this.timeoutMs = options.timeoutMs ?? 120_000;
  }

  async list(): Promise<Domain[]> {
    return ((await this.send("GET", "/domains")) as { value: Domain[] }).value;
  }

  /** The domain, or undefined when the tenant does not have it. */
  async get(domainName: string): Promise<Domain | undefined> {
    try {
      return (await this.send("GET", `/domains/${encodeURIComponent(domainName)}`)) as Domain;
    } catch (err) {
      if (err instanceof GraphError && err.kind === "not-found") return undefined;
      throw err;
    }
  }

  async create(domainName: string): Promise<Domain> {
    return (await this.send("POST", "/domains", { id: domainName }, false)) as Domain;
  }

  async verificationRecords(domainName: string): Promise<DomainDnsRecord[]> {
    return ((await this.send("GET", `/domains/${encodeURIComponent(domainName)}/verificationDnsRecords`)) as { value: DomainDnsRecord[] }).value;
  }

  async serviceConfigurationRecords(domainName: string): Promise<DomainDnsRecord[]> {
    return ((await this.send("GET", `/domains/${encodeURIComponent(domainName)}/serviceConfigurationRecords`)) as { value: DomainDnsRecord[] }).value;
  }

  /** Verifying twice is harmless, so a lost answer can be resent. */
  async verify(domainName: string): Promise<Domain> {
    return (await this.send("POST", `/domains/${encodeURIComponent(domainName)}/verify`, undefined, true)) as Domain;
  }

  async update(domainName: string, patch: { supportedServices?: string[]; isDefault?: boolean }): Promise<void> {
    await this.send("PATCH", `/domains/${encodeURIComponent(domainName)}`, patch, true);
  }

  async delete(domainName: string): Promise<void> {
    await this.send("DELETE", `/domains/${encodeURIComponent(domainName)}`, undefined, true);
  }

  private async send(method: Method, path: string, body?: unknown, idempotent = method === "GET"): Promise<unknown> {
    const operation = `${method} ${path}`;
    const url = `${this.base}${path}`;
    let refused = 0;
    for (let attempt = 0; ; attempt++) {
      const token = await this.token(operation);
      let response: HttpResponse;
      try {
        response = await sendHttp({
          url,
          method,
          agent: this.agent,
          timeoutMs: this.timeoutMs,
          body: body === undefined ? undefined : JSON.stringify(body),
          headers: {
            Authorization: `Bearer ${token}`,
            Accept: "application/json",
            "client-request-id": globalThis.crypto.randomUUID(),
            ...(body === undefined ? {} : { "Content-Type": "application/json" }),
          },
        });
      } catch (err) {
        if (!(err instanceof HttpTransportError)) throw err;
        const resendable = idempotent || !err.maybeProcessed;
        if (resendable && attempt < this.retry.maxRetries) {
          await this.retry.sleep(retryDelayMs(attempt, this.retry));
          continue;
        }
        throw new GraphError(
          resendable ? `${operation}: ${err.message}` : `${operation}: the request was sent but the answer was lost (${err.message}); it may have been applied.`,
          resendable ? "transient" : "response-lost",
        );
      }
      if (response.status >= 200 && response.status < 300) return response.text.trim() === "" ? {} : JSON.parse(response.text);
      const error = graphErrorFor(operation, response.status, response.text);
      if (response.status === 504 && !idempotent) {
        throw new GraphError(`${error.message}; it may have been applied.`, "response-lost", 504, error.code);
      }
      // A 401 is retried once, with a fresh token (the transport has the refused one discarded).
      const retryable = error.kind === "throttled" || error.kind === "transient" || (error.kind === "unauthorized" && refused++ === 0);
      if (!retryable || attempt >= this.retry.maxRetries) throw error;
      const retryAfter = parseRetryAfterMs(headerValue(response.headers, "retry-after"));
      await this.retry.sleep(retryDelayMs(attempt, this.retry, retryAfter));
    }
  }

  private async token(operation: string): Promise<string> {
    try {
      const token = await this.credential.getToken(this.scope);
      if (!token?.token) throw new Error("the credential returned no token");
      return token.token;
    } catch (err) {
      throw new GraphError(`${operation}: could not get a token for ${this.scope}: ${err instanceof Error ? err.message : String(err)}`, "unauthorized");
    }
  }
}

/** The MX record Microsoft 365 wants for the domain, as Graph reports it (never built by hand). */
export function mxRecordOf(records: readonly DomainDnsRecord[]): DomainDnsRecord | undefined {
  return records.find((r) => r.recordType.toLowerCase() === "mx" && r.supportedService?.toLowerCase() === "email");
}

export function verificationTxtOf(records: readonly DomainDnsRecord[]): DomainDnsRecord | undefined {
  return records.find((r) => r.recordType.toLowerCase() === "txt" && typeof r.text === "string" && r.text.startsWith("MS="));
}
