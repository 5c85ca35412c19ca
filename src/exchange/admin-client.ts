/**
 * The Exchange Online admin gateway (`POST {base}/adminapi/beta/{tenant}/InvokeCommand`), the
 * REST endpoint the ExchangeOnlineManagement module itself uses. It signs every call with an
 * app-only token, follows `@odata.nextLink`, retries what the module retries, and turns errors
 * into typed ones. It never resends a write whose answer was lost: the caller must look first.
 */
import { randomUUID } from "node:crypto";
import type https from "node:https";
import type { TokenCredential } from "@azure/identity";
import { cloudOf, defaultScope, type CloudName } from "../identity/clouds";
import { cmdletErrorsFor, exchangeError, exchangeErrorFor, isTransientExceptionType, parseServiceError } from "./errors";
import { HttpTransportError, headerValue, sendHttp, type HttpResponse } from "../identity/http";
import { encodeParameters, stripAnnotations, type CmdletParameters, type ExoObject } from "./params";
import { parseRetryAfterMs, retryDelayMs, retryOptions, type RetryOptions } from "../identity/retry";

export interface ExchangeAdminClientOptions {
  /** Tenant GUID (preferred) or initial domain such as contoso.onmicrosoft.com. */
  readonly tenantId: string;
  readonly credential: TokenCredential;
  readonly cloud?: CloudName;
  /** Send requests here instead of the cloud's endpoint (emulators, proxies); the token audience stays the cloud's. */
  readonly baseUrl?: string;
  /** Routing hint; app-only calls default to the organization's system mailbox. */
  readonly anchorMailbox?: string;
  readonly agent?: https.Agent;
  readonly retry?: Partial<RetryOptions>;
  /** The module waits 960 s, a minute more than the server's own limit. */
  readonly timeoutMs?: number;
  readonly pageSize?: number;
}

export interface InvokeOptions {
  /**
   * The call can be resent safely after a lost answer (reads, Set with full values, Remove).
   * Defaults to true for Get-* cmdlets only.
   */
  readonly idempotent?: boolean;
}

export interface CmdletResult {
  readonly value: ExoObject[];
  readonly warnings: string[];
}

const SYSTEM_MAILBOX = "SystemMailbox{bb558c35-97f1-4cb9-8ff7-d53741dc928c}";

/**
 * Where a cloud's token audience differs from its gateway host. 21Vianet: Microsoft documents
 * the host outlook.office365.cn, while every public 21Vianet client asks for a token for
 * https://partner.outlook.cn (not confirmed by Microsoft's docs).
 */
const TOKEN_RESOURCE: Partial<Record<CloudName, string>> = { china: "https://partner.outlook.cn" };

/** The `.default` scope the gateway of a cloud wants a token for. */
export function exchangeScope(cloud?: CloudName): string {
  const resolved = cloudOf(cloud);
  return defaultScope(TOKEN_RESOURCE[resolved.name] ?? resolved.exchangeUrl);
}

export class ExchangeAdminClient {
  readonly tenantId: string;
  private readonly credential: TokenCredential;
  private readonly scope: string;
  private readonly endpoint: string;
  private readonly anchorMailbox: string;
  private readonly agent?: https.Agent;
  private readonly retry: RetryOptions;
  private readonly timeoutMs: number;
  private readonly pageSize: number;

  constructor(options: ExchangeAdminClientOptions) {
    if (!options.tenantId?.trim()) throw new Error("ExchangeAdminClient: tenantId is required (the tenant GUID or its onmicrosoft.com domain).");
    const cloud = cloudOf(options.cloud);
    this.tenantId = options.tenantId.trim();
    this.credential = options.credential;
    this.scope = exchangeScope(cloud.name);
    const base = (options.baseUrl ?? cloud.exchangeUrl).replace(/\/+$/, "");
    this.endpoint = `${base}/adminapi/beta/${encodeURIComponent(this.tenantId)}/InvokeCommand`;
    this.anchorMailbox = options.anchorMailbox ?? `APP:${SYSTEM_MAILBOX}@${this.tenantId}`;
    this.agent = options.agent;
    this.retry = retryOptions(options.retry);
    this.timeoutMs = options.timeoutMs ?? 960_000;
    this.pageSize = options.pageSize ?? 1000;
  }

  /** Runs one cmdlet and returns every object of every page, annotations removed. */
  async invoke(cmdlet: string, parameters: CmdletParameters = {}, options: InvokeOptions = {}): Promise<CmdletResult> {
    const idempotent = options.idempotent ?? /^Get-/i.test(cmdlet);
    const body = JSON.stringify({ CmdletInput: { CmdletName: cmdlet, Parameters: encodeParameters(parameters) } });
    const value: ExoObject[] = [];
    const warnings: string[] = [];
    const visited = new Set<string>();
    let url: string | undefined = this.endpoint;
    while (url !== undefined) {
      visited.add(url);
      const { page, requestId } = await this.post(cmdlet, url, body, idempotent);
      const errors = page["@adminapi.errors"];
      if (Array.isArray(errors) && errors.length > 0) throw cmdletErrorsFor(cmdlet, errors, requestId);
      const items = Array.isArray(page.value) ? page.value : [];
      value.push(...items.map(stripAnnotations));
      if (Array.isArray(page["@adminapi.warnings"])) warnings.push(...(page["@adminapi.warnings"] as unknown[]).map(String));
      url = this.nextPage(cmdlet, page["@odata.nextLink"], visited);
    }
    return { value, warnings };
  }

  /** A nextLink is followed only on the same origin: the bearer token must not leave it. */
  private nextPage(cmdlet: string, link: unknown, visited: ReadonlySet<string>): string | undefined {
    if (typeof link !== "string" || link === "") return undefined;
    const next = new URL(link, this.endpoint);
    if (next.origin !== new URL(this.endpoint).origin) {
      throw exchangeError("unknown", `${cmdlet}: the next page is on another host (${next.host}); refusing to send the token there.`, { cmdlet });
    }
    if (visited.has(next.toString())) {
      throw exchangeError("unknown", `${cmdlet}: the service returned the same next page twice; stopping to avoid a loop.`, { cmdlet });
    }
    return next.toString();
  }

  private async post(cmdlet: string, url: string, body: string, idempotent: boolean): Promise<{ page: Record<string, unknown>; requestId: string }> {
    let refused = 0;
    for (let attempt = 0; ; attempt++) {
      const token = await this.token(cmdlet);
      const requestId = randomUUID();
      let response: HttpResponse;
      try {
        response = await sendHttp({
          url,
          method: "POST",
          agent: this.agent,
          timeoutMs: this.timeoutMs,
          body,
          headers: {
            Authorization: `Bearer ${token}`,
            "Content-Type": "application/json; charset=utf-8",
            Accept: "application/json",
            "X-AnchorMailbox": this.anchorMailbox,
            "X-ResponseFormat": "json",
            "X-CmdletName": cmdlet,
            Prefer: `odata.maxpagesize=${this.pageSize}`,
            "client-request-id": requestId,
          },
        });
      } catch (err) {
        if (!(err instanceof HttpTransportError)) throw err;
        const resendable = idempotent || !err.maybeProcessed;
        if (resendable && attempt < this.retry.maxRetries) {
          await this.retry.sleep(retryDelayMs(attempt, this.retry));
          continue;
        }
        const details = { cmdlet, requestId };
        if (!resendable) {
          throw exchangeError("response-lost", `${cmdlet}: the request was sent but the answer was lost (${err.message}); it may have been applied.`, details);
        }
        throw exchangeError("transient", `${cmdlet}: ${err.message} (after ${attempt + 1} attempts)`, details);
      }
      const answeredId = headerValue(response.headers, "request-id") ?? requestId;
      if (response.status >= 200 && response.status < 300) return { page: parseBody(cmdlet, response.text), requestId: answeredId };

      const parsed = parseServiceError(response.text, headerValue(response.headers, "x-exceptiontype"));
      const error = exchangeErrorFor(cmdlet, response.status, parsed, answeredId);
      // A gateway timeout on a write leaves it unknown whether the backend applied it.
      if (response.status === 504 && !idempotent) {
        throw exchangeError("response-lost", `${error.message}; it may have been applied.`, { cmdlet, status: 504, requestId });
      }
      // A 401 is retried once, with a fresh token (the transport has the refused one discarded).
      const retryable = response.status === 429 || (response.status === 401 && refused++ === 0) || response.status === 503 || response.status === 504 || isTransientExceptionType(parsed.exceptionType);
      if (!retryable || attempt >= this.retry.maxRetries) throw error;
      const retryAfter = response.status === 429 ? parseRetryAfterMs(headerValue(response.headers, "retry-after")) : undefined;
      await this.retry.sleep(retryDelayMs(attempt, this.retry, retryAfter));
    }
  }

  private async token(cmdlet: string): Promise<string> {
    try {
      const token = await this.credential.getToken(this.scope);
      if (!token?.token) throw new Error("the credential returned no token");
      return token.token;
    } catch (err) {
      // Identity errors carry the sign-in service's text (AADSTS codes), never the secret.
      const reason = err instanceof Error ? err.message : String(err);
      throw exchangeError("unauthorized", `${cmdlet}: could not get a token for ${this.scope}: ${reason}`, { cmdlet });
    }
  }
}

function parseBody(cmdlet: string, text: string): Record<string, unknown> {
  if (text.trim() === "") return {};
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : {};
  } catch {
    throw exchangeError("unknown", `${cmdlet}: the service answered 2xx with a body that is not JSON.`, { cmdlet });
  }
}
