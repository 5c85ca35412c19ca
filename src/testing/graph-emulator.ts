/**
 * Microsoft Graph's tenant-domain endpoints on loopback (`/v1.0/domains...`), stateful per
 * tenant (the tenant comes from the token, as in Graph). Verification looks for the `MS=`
 * TXT record a test has published; a verified domain reaches a linked Exchange emulator as an
 * accepted domain, after a delay, as in Microsoft 365.
 */
import { randomInt } from "node:crypto";
import { Resolver } from "node:dns/promises";
import { bearerToken, HttpsEmulator, type EmulatorRequest, type EmulatorTls, type Reply } from "./https-emulator";
import type { ExchangeEmulator } from "./exchange-emulator";
import type { TokenValidator } from "./token-emulator";

export interface GraphEmulatorOptions {
  readonly tls: EmulatorTls;
  readonly tokens: TokenValidator;
  readonly audience?: string;
  /** How a domain's TXT records are looked up during verification; defaults to `publishTxt`. */
  readonly resolveTxt?: (name: string) => Promise<string[]>;
  /** The most domains one page of `GET /domains` holds (Graph's own size is undocumented); `$top` asks for fewer. */
  readonly maxPageSize?: number;
}

interface StoredDomain {
  id: string;
  isVerified: boolean;
  isDefault: boolean;
  isInitial: boolean;
  supportedServices: string[];
  verificationCode: string;
  references: number;
  visibleAt: number;
}

type DomainListener = (tenantId: string, domainName: string) => void;

const READ_ROLES = ["Domain.Read.All", "Domain.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"];
const WRITE_ROLES = ["Domain.ReadWrite.All", "Directory.ReadWrite.All"];
/** Graph documents that only these can be added or removed; the others are reported but not taken. */
const SETTABLE_SERVICES = ["Email", "OfficeCommunicationsOnline", "Yammer"];

export class GraphEmulator extends HttpsEmulator {
  /** A new domain stays invisible to reads this long. */
  replicationLagMs = 0;
  /** How long after verification the accepted domain shows up in Exchange. */
  exchangeSyncDelayMs = 0;
  /** The MX target Microsoft 365 hands out; real targets are not derivable from the name alone. */
  mxTargetFor: (domain: string) => string = (domain) => `${domain.replace(/\./g, "-")}.mail.protection.outlook.com`;
  /** Page size of `GET /domains`; tests lower it to make paging visible. */
  maxPageSize: number;
  private readonly tokens: TokenValidator;
  private readonly audience: string;
  private resolveTxt: (name: string) => Promise<string[]>;
  private readonly published = new Map<string, string[]>();
  private readonly tenants = new Map<string, StoredDomain[]>();
  private readonly verifiedListeners: DomainListener[] = [];
  private readonly deletedListeners: DomainListener[] = [];

  static async start(options: GraphEmulatorOptions): Promise<GraphEmulator> {
    const emulator = new GraphEmulator(options);
    await emulator.listen();
    return emulator;
  }

  private constructor(options: GraphEmulatorOptions) {
    super(options.tls);
    this.tokens = options.tokens;
    this.audience = options.audience ?? "https://graph.microsoft.com";
    this.resolveTxt = options.resolveTxt ?? this.publishedTxt;
    this.maxPageSize = options.maxPageSize ?? 1000;
  }

  /** Verifies against the records given to `publishTxt` (the default). */
  usePublishedTxt(): void {
    this.resolveTxt = this.publishedTxt;
  }

  private readonly publishedTxt = async (name: string): Promise<string[]> => this.published.get(name.toLowerCase()) ?? [];

  addTenant(tenantId: string, initialDomain: string): void {
    const domains = this.domains(tenantId);
    if (!domains.some((d) => d.id === initialDomain.toLowerCase())) {
      domains.push({ id: initialDomain.toLowerCase(), isVerified: true, isDefault: true, isInitial: true, supportedServices: ["Email", "OfficeCommunicationsOnline"], verificationCode: "", references: 0, visibleAt: 0 });
    }
  }

  /** A domain added and verified outside the program (admin center, another tool), with whatever services it has. */
  addDomain(tenantId: string, domainName: string, state: { isVerified?: boolean; supportedServices?: string[]; isDefault?: boolean; visibleAfterMs?: number } = {}): void {
    const domains = this.domains(tenantId);
    if (domains.some((d) => d.id === domainName.toLowerCase())) throw new Error(`domain ${domainName} already in tenant ${tenantId}`);
    domains.push({
      id: domainName.toLowerCase(),
      isVerified: state.isVerified ?? true,
      isDefault: state.isDefault ?? false,
      isInitial: false,
      supportedServices: state.supportedServices ?? ["Email"],
      verificationCode: `MS=ms${randomInt(10_000_000, 99_999_999)}`,
      references: 0,
      visibleAt: Date.now() + (state.visibleAfterMs ?? 0),
    });
  }

  /** Publishes a TXT record in the emulated DNS the verification step reads. */
  publishTxt(name: string, text: string): void {
    const key = name.toLowerCase();
    this.published.set(key, [...(this.published.get(key) ?? []), text]);
  }

  /** Verifies against a real DNS server (e.g. `startDnsServer` from ./dns-server) instead of `publishTxt`. */
  useDnsServer(address: string): void {
    const resolver = new Resolver({ timeout: 2000, tries: 1 });
    resolver.setServers([address]);
    this.resolveTxt = async (name) => {
      try {
        return (await resolver.resolveTxt(name)).map((chunks) => chunks.join(""));
      } catch {
        return [];
      }
    };
  }

  unpublishTxt(name: string): void {
    this.published.delete(name.toLowerCase());
  }

  /** Objects (users, groups) that use the domain; while any exist, DELETE is refused. */
  setReferences(tenantId: string, domainName: string, count: number): void {
    const domain = this.domains(tenantId).find((d) => d.id === domainName.toLowerCase());
    if (!domain) throw new Error(`no domain ${domainName} in tenant ${tenantId}`);
    domain.references = count;
  }

  domain(tenantId: string, domainName: string): Record<string, unknown> | undefined {
    const domain = this.domains(tenantId).find((d) => d.id === domainName.toLowerCase());
    return domain ? render(domain) : undefined;
  }

  /** The MS= value a domain must publish to be verified (what verificationDnsRecords answers), for tests that publish it. */
  verificationText(tenantId: string, domainName: string): string | undefined {
    return this.domains(tenantId).find((d) => d.id === domainName.toLowerCase())?.verificationCode || undefined;
  }

  onVerified(listener: DomainListener): void {
    this.verifiedListeners.push(listener);
  }

  onDeleted(listener: DomainListener): void {
    this.deletedListeners.push(listener);
  }

  protected describe(method: string, url: URL): string {
    const path = url.pathname.replace(/^\/v1\.0/, "").replace(/^\/domains\/[^/]+/, "/domains/{id}");
    return `${method} ${path}`;
  }

  protected async handle(request: EmulatorRequest): Promise<Reply> {
    const token = bearerToken(request.headers);
    if (!token) return graphError(401, "InvalidAuthenticationToken", "Access token is empty.");
    const claims = this.tokens.validate(token);
    if (!claims || claims.audience !== this.audience) return graphError(401, "InvalidAuthenticationToken", "Access token validation failure. Invalid audience.");
    const writing = request.method !== "GET";
    const allowed = writing ? WRITE_ROLES : READ_ROLES;
    if (!claims.roles.some((r) => allowed.includes(r))) return graphError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");

    const tenant = claims.tenantId;
    const path = request.url.pathname;
    if (path === "/v1.0/domains") {
      if (request.method === "GET") return this.list(request, tenant);
      if (request.method === "POST") return this.create(tenant, request.body);
    }
    const match = /^\/v1\.0\/domains\/([^/]+)(\/[A-Za-z]+)?$/.exec(path);
    if (!match) return graphError(400, "BadRequest", `Resource not found for the segment '${path}'.`);
    const id = decodeURIComponent(match[1]!).toLowerCase();
    const sub = match[2];
    const domain = this.visible(tenant).find((d) => d.id === id);
    if (!domain) return graphError(404, "Request_ResourceNotFound", `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);

    if (!sub && request.method === "GET") return { status: 200, body: render(domain) };
    if (!sub && request.method === "PATCH") return this.update(domain, request.body);
    if (!sub && request.method === "DELETE") return this.remove(tenant, domain);
    if (sub === "/verify" && request.method === "POST") return this.verify(tenant, domain);
    if (sub === "/verificationDnsRecords" && request.method === "GET") return { status: 200, body: { value: verificationRecords(domain) } };
    if (sub === "/serviceConfigurationRecords" && request.method === "GET") return { status: 200, body: { value: this.serviceRecords(domain) } };
    return graphError(405, "Request_BadRequest", `${request.method} is not supported on ${path}.`);
  }

  private create(tenant: string, body: string): Reply {
    let id: unknown;
    try {
      id = (JSON.parse(body) as { id?: unknown }).id;
    } catch {
      return graphError(400, "BadRequest", "Unable to read JSON request payload.");
    }
    if (typeof id !== "string" || !/^(?!-)[a-z0-9-]{1,63}(\.(?!-)[a-z0-9-]{1,63})+$/i.test(id)) {
      return graphError(400, "Request_BadRequest", "Invalid value specified for property 'id' of resource 'Domain'.");
    }
    const domains = this.domains(tenant);
    // The answer captured from Graph for a domain the tenant already has.
    if (domains.some((d) => d.id === id.toLowerCase())) {
      return graphError(400, "Request_BadRequest", "Another object with the same value for property id already exists.", [
        { code: "ObjectConflict", message: "Another object with the same value for property id already exists.", target: "id" },
      ]);
    }
    const domain: StoredDomain = {
      id: id.toLowerCase(),
      isVerified: false,
      isDefault: false,
      isInitial: false,
      supportedServices: [],
      verificationCode: `MS=ms${randomInt(10_000_000, 99_999_999)}`,
      references: 0,
      visibleAt: Date.now() + this.replicationLagMs,
    };
    domains.push(domain);
    return { status: 201, body: render(domain) };
  }

  private update(domain: StoredDomain, body: string): Reply {
    if (!domain.isVerified) return graphError(400, "Request_BadRequest", "Unverified domains cannot be updated.");
    let patch: { supportedServices?: unknown; isDefault?: unknown };
    try {
      patch = JSON.parse(body);
    } catch {
      return graphError(400, "BadRequest", "Unable to read JSON request payload.");
    }
    if (patch.supportedServices !== undefined) {
      if (!Array.isArray(patch.supportedServices) || patch.supportedServices.some((s) => !SETTABLE_SERVICES.includes(String(s)))) {
        return graphError(400, "Request_BadRequest", `Invalid value specified for property 'supportedServices' of resource 'Domain'.`);
      }
      // The list replaces the settable services; the ones Graph cannot add or remove stay.
      const kept = domain.supportedServices.filter((s) => !SETTABLE_SERVICES.includes(s));
      domain.supportedServices = [...kept, ...new Set(patch.supportedServices.map(String))];
    }
    if (patch.isDefault === true) {
      for (const other of this.domains(this.tenantOf(domain))) other.isDefault = false;
      domain.isDefault = true;
    }
    return { status: 204 };
  }

  private remove(tenant: string, domain: StoredDomain): Reply {
    if (domain.isInitial) return graphError(400, "Request_BadRequest", "The initial domain cannot be deleted.");
    if (domain.isDefault) return graphError(400, "Request_BadRequest", "The default domain cannot be deleted. Make another domain the default first.");
    if (domain.references > 0) {
      return graphError(400, "Request_BadRequest", `Domain '${domain.id}' has ${domain.references} objects referencing it. Remove the references (see domainNameReferences) or use forceDelete.`);
    }
    const domains = this.domains(tenant);
    domains.splice(domains.indexOf(domain), 1);
    for (const listener of this.deletedListeners) listener(tenant, domain.id);
    return { status: 204 };
  }

  private async verify(tenant: string, domain: StoredDomain): Promise<Reply> {
    if (domain.isVerified) return graphError(400, "Request_BadRequest", "Domain is already verified.");
    const records = await this.resolveTxt(domain.id);
    if (!records.includes(domain.verificationCode)) {
      // No capture of Graph's text for this case was found; clients must not depend on this wording.
      return graphError(400, "Request_BadRequest", `Emulator: no TXT record ${domain.verificationCode} at ${domain.id}.`);
    }
    domain.isVerified = true;
    domain.supportedServices = ["Email", "OfficeCommunicationsOnline"];
    for (const listener of this.verifiedListeners) listener(tenant, domain.id);
    return { status: 200, body: { ...render(domain), availabilityStatus: "AvailableImmediately" } };
  }

  /** `GET /domains`, a page at a time with `@odata.nextLink`, as Graph pages directory collections. */
  private list(request: EmulatorRequest, tenant: string): Reply {
    const top = Number(request.url.searchParams.get("$top") ?? this.maxPageSize);
    const size = Math.max(1, Math.min(this.maxPageSize, Number.isInteger(top) && top > 0 ? top : this.maxPageSize));
    const skip = Number(request.url.searchParams.get("$skiptoken") ?? 0);
    const all = this.visible(tenant);
    const page = all.slice(skip, skip + size);
    const next = new URL(`${this.url}/v1.0/domains`);
    if (request.url.searchParams.has("$top")) next.searchParams.set("$top", String(size));
    next.searchParams.set("$skiptoken", String(skip + size));
    return {
      status: 200,
      body: {
        "@odata.context": `${this.url}/v1.0/$metadata#domains`,
        ...(skip + size < all.length ? { "@odata.nextLink": next.toString() } : {}),
        value: page.map(render),
      },
    };
  }

  private serviceRecords(domain: StoredDomain): unknown[] {
    const base = { isOptional: false, ttl: 3600, label: domain.id };
    return [
      { "@odata.type": "#microsoft.graph.domainDnsMxRecord", id: `mx-${domain.id}`, recordType: "Mx", supportedService: "Email", ...base, mailExchange: this.mxTargetFor(domain.id), preference: 0 },
      { "@odata.type": "#microsoft.graph.domainDnsTxtRecord", id: `spf-${domain.id}`, recordType: "Txt", supportedService: "Email", ...base, text: "v=spf1 include:spf.protection.outlook.com -all" },
      { "@odata.type": "#microsoft.graph.domainDnsCnameRecord", id: `ad-${domain.id}`, recordType: "CName", supportedService: "Email", ...base, label: `autodiscover.${domain.id}`, canonicalName: "autodiscover.outlook.com" },
    ];
  }

  private visible(tenant: string): StoredDomain[] {
    const now = Date.now();
    return this.domains(tenant).filter((d) => d.visibleAt <= now);
  }

  private domains(tenant: string): StoredDomain[] {
    const key = tenant.toLowerCase();
    let domains = this.tenants.get(key);
    if (!domains) {
      domains = [];
      this.tenants.set(key, domains);
    }
    return domains;
  }

  private tenantOf(domain: StoredDomain): string {
    for (const [tenant, domains] of this.tenants) if (domains.includes(domain)) return tenant;
    throw new Error("domain without tenant");
  }
}

/** Verified domains appear in Exchange as accepted domains; deleted ones disappear. */
export function linkAcceptedDomains(graph: GraphEmulator, exchange: ExchangeEmulator): void {
  graph.onVerified((tenant, domain) => exchange.addAcceptedDomain(tenant, domain, {}, graph.exchangeSyncDelayMs));
  graph.onDeleted((tenant, domain) => exchange.removeAcceptedDomain(tenant, domain));
}

function render(domain: StoredDomain): Record<string, unknown> {
  return {
    id: domain.id,
    authenticationType: "Managed",
    availabilityStatus: null,
    isAdminManaged: true,
    isDefault: domain.isDefault,
    isInitial: domain.isInitial,
    isRoot: domain.isVerified,
    isVerified: domain.isVerified,
    passwordNotificationWindowInDays: 14,
    passwordValidityPeriodInDays: 2147483647,
    supportedServices: domain.supportedServices,
    state: null,
  };
}

function verificationRecords(domain: StoredDomain): unknown[] {
  const code = domain.verificationCode.replace(/^MS=/, "");
  return [
    { "@odata.type": "#microsoft.graph.domainDnsTxtRecord", id: `txt-${domain.id}`, isOptional: false, label: domain.id, recordType: "Txt", supportedService: "Email", ttl: 3600, text: domain.verificationCode },
    { "@odata.type": "#microsoft.graph.domainDnsMxRecord", id: `mx-${domain.id}`, isOptional: false, label: domain.id, recordType: "Mx", supportedService: "Email", ttl: 3600, mailExchange: `${code}.msv1.invalid`, preference: 32767 },
  ];
}

function graphError(status: number, code: string, message: string, details?: ReadonlyArray<{ code: string; message: string; target: string }>): Reply {
  return {
    status,
    body: {
      error: {
        code,
        message,
        ...(details ? { details } : {}),
        innerError: { date: new Date().toISOString(), "request-id": globalThis.crypto.randomUUID(), "client-request-id": globalThis.crypto.randomUUID() },
      },
    },
  };
}
