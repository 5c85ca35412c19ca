/**
 * Microsoft Graph `/domains` for tenant domains, through `@microsoft/microsoft-graph-client`:
 * create, list (every page), read the verification and service records, verify, update, delete.
 * The package has had no release since November 2023 (3.0.7); it is used with a custom
 * middleware chain (see ./middleware) and no hand-written Graph HTTP code remains here.
 * A POST whose answer was lost is never resent blindly: the caller must look first.
 */
import type https from "node:https";
import type { TokenCredential } from "@azure/identity";
import { Client, PageIterator, type PageCollection } from "@microsoft/microsoft-graph-client";
import { cloudOf, defaultScope, type CloudName } from "../identity/clouds";
import { retryOptions, type RetryOptions } from "../identity/retry";
import { GraphError, notVerifiedError, toGraphError } from "./errors";
import { middlewareChain, Resendable } from "./middleware";

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

/** The services Graph lets a client add to or remove from a domain; the others it reports but does not take. */
export const SETTABLE_SERVICES = ["Email", "OfficeCommunicationsOnline", "Yammer"] as const;

export class GraphDomainsClient {
  private readonly client: Client;

  constructor(options: GraphDomainsClientOptions) {
    const cloud = cloudOf(options.cloud);
    const base = (options.baseUrl ?? cloud.graphUrl).replace(/\/+$/, "");
    // The package's AuthenticationHandler only signs requests to Graph's own hosts or to customHosts.
    const customHosts = options.baseUrl !== undefined ? new Set([new URL(base).hostname.toLowerCase()]) : undefined;
    this.client = Client.initWithMiddleware({
      middleware: middlewareChain({
        credential: options.credential,
        scope: defaultScope(cloud.graphUrl),
        agent: options.agent,
        retry: retryOptions(options.retry),
        timeoutMs: options.timeoutMs ?? 120_000,
      }),
      baseUrl: `${base}/`,
      defaultVersion: "v1.0",
      ...(customHosts ? { customHosts } : {}),
    });
  }

  /** Every domain of the tenant, following `@odata.nextLink` to the last page. */
  async listDomains(): Promise<Domain[]> {
    return this.call("GET /domains", async () => {
      const first = (await this.client.api("/domains").get()) as PageCollection;
      const domains: Domain[] = [];
      const pages = new PageIterator(this.client, first, (domain: Domain) => {
        domains.push(domain);
        return true;
      });
      await pages.iterate();
      return domains;
    });
  }

  /** Same as `listDomains` (kept for callers written before paging was followed). */
  list(): Promise<Domain[]> {
    return this.listDomains();
  }

  /** The domain, or undefined when the tenant does not have it. */
  async get(domainName: string): Promise<Domain | undefined> {
    try {
      return await this.call(`GET /domains/${domainName}`, () => this.client.api(domainPath(domainName)).get());
    } catch (err) {
      if (err instanceof GraphError && err.kind === "not-found") return undefined;
      throw err;
    }
  }

  /** Never resent after a lost answer: the error is `response-lost` and the caller looks the domain up. */
  async create(domainName: string): Promise<Domain> {
    return this.call("POST /domains", () => this.client.api("/domains").post({ id: domainName }));
  }

  async verificationRecords(domainName: string): Promise<DomainDnsRecord[]> {
    return this.call(`GET /domains/${domainName}/verificationDnsRecords`, async () => (await this.client.api(`${domainPath(domainName)}/verificationDnsRecords`).get()).value);
  }

  async serviceConfigurationRecords(domainName: string): Promise<DomainDnsRecord[]> {
    return this.call(`GET /domains/${domainName}/serviceConfigurationRecords`, async () => (await this.client.api(`${domainPath(domainName)}/serviceConfigurationRecords`).get()).value);
  }

  /**
   * Verifying twice is harmless, so a lost answer can be resent. A refusal (400) is judged by
   * the domain's state, not by the wording, which Microsoft does not document: if the domain is
   * verified after all (an earlier attempt whose answer was lost) it is returned; otherwise the
   * error is `verification-failed` and the caller may try again once DNS has caught up.
   */
  async verify(domainName: string): Promise<Domain> {
    const operation = `POST /domains/${domainName}/verify`;
    try {
      return await this.call(operation, () => this.client.api(`${domainPath(domainName)}/verify`).middlewareOptions([new Resendable()]).post(undefined));
    } catch (err) {
      if (!(err instanceof GraphError) || err.status !== 400) throw err;
      const domain = await this.get(domainName);
      if (domain?.isVerified) return domain;
      throw notVerifiedError(err);
    }
  }

  /**
   * PATCH replaces the whole `supportedServices` list, and only the settable services may be
   * in it; callers pass the complete settable list they want, not a change.
   */
  async update(domainName: string, patch: { supportedServices?: string[]; isDefault?: boolean }): Promise<void> {
    await this.call(`PATCH /domains/${domainName}`, () => this.client.api(domainPath(domainName)).patch(patch));
  }

  async delete(domainName: string): Promise<void> {
    await this.call(`DELETE /domains/${domainName}`, () => this.client.api(domainPath(domainName)).delete());
  }

  private async call<T>(operation: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (err) {
      throw toGraphError(operation, err);
    }
  }
}

function domainPath(domainName: string): string {
  return `/domains/${encodeURIComponent(domainName)}`;
}

/** The MX record Microsoft 365 wants for the domain, as Graph reports it (never built by hand). */
export function mxRecordOf(records: readonly DomainDnsRecord[]): DomainDnsRecord | undefined {
  return records.find((r) => r.recordType.toLowerCase() === "mx" && r.supportedService?.toLowerCase() === "email");
}

export function verificationTxtOf(records: readonly DomainDnsRecord[]): DomainDnsRecord | undefined {
  return records.find((r) => r.recordType.toLowerCase() === "txt" && typeof r.text === "string" && r.text.startsWith("MS="));
}
