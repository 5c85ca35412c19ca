/**
 * An Exchange Online admin gateway on loopback: `POST /adminapi/beta/{tenant}/InvokeCommand`
 * for connectors and accepted domains, stateful per tenant. It answers in the service's shapes
 * (OData envelope, `smtp:domain;1` address spaces, annotations, paging, `ExId|Type|text`
 * errors), refuses what the service refuses, and can lag like directory replication.
 */
import { randomUUID } from "node:crypto";
import ipaddr from "ipaddr.js";
import { CMDLETS, type ParamType } from "./exchange-cmdlets";
import { bearerToken, HttpsEmulator, type EmulatorRequest, type EmulatorTls, type Reply } from "./https-emulator";
import type { TokenValidator } from "./token-emulator";

export type ExchangeObjectKind = "InboundConnector" | "OutboundConnector" | "AcceptedDomain";

export interface ExchangeEmulatorOptions {
  readonly tls: EmulatorTls;
  readonly tokens: TokenValidator;
  /** The token audience this gateway accepts; the commercial cloud's by default. */
  readonly audience?: string;
  /** The most objects one page holds, whatever the client prefers (the service's is 1000). */
  readonly maxPageSize?: number;
}

export interface StoredObject {
  readonly guid: string;
  data: Record<string, unknown>;
  readonly createdAt: number;
  changedAt: number;
  /** Reads do not see it before this time (replication lag after a create). */
  visibleAt: number;
  /** Set-* and Remove-* do not find it before this time. */
  writableAt?: number;
  /** Reads still see it until this time (replication lag after a remove). */
  removedAt?: number;
}

type Bound = Map<string, unknown>;

interface MultiValuedUpdate {
  readonly add: string[];
  readonly remove: string[];
  /** An empty tagged hashtable, as CIPP sends it for an empty list; taken to empty the list (unverified). */
  readonly clear: boolean;
}

class Refusal {
  constructor(readonly reply: Reply) {}
}

export const REQUIRED_ROLE = "Exchange.ManageAsApp";
const MAX_NAME = 64;

export class ExchangeEmulator extends HttpsEmulator {
  /** New objects stay invisible to Get-* (and removed ones visible) this long. */
  replicationLagMs = 0;
  /** New objects answer 404 to Set-* and Remove-* this long (default: as long as to reads); servers need not agree. */
  writeReplicationLagMs?: number;
  private readonly tokens: TokenValidator;
  private readonly audience: string;
  private readonly maxPageSize: number;
  private readonly tenants = new Map<string, Map<ExchangeObjectKind, StoredObject[]>>();
  private readonly tenantAliases = new Map<string, string>();
  private readonly deniedCmdlets = new Set<string>();
  private readonly organizationConfigs = new Map<string, Record<string, unknown>>();

  static async start(options: ExchangeEmulatorOptions): Promise<ExchangeEmulator> {
    const emulator = new ExchangeEmulator(options);
    await emulator.listen();
    return emulator;
  }

  private constructor(options: ExchangeEmulatorOptions) {
    super(options.tls);
    this.tokens = options.tokens;
    this.audience = options.audience ?? "https://outlook.office365.com";
    this.maxPageSize = options.maxPageSize ?? 1000;
  }

  /** Creates a tenant with its initial accepted domain, also usable as `{tenant}` in URLs. */
  addTenant(tenantId: string, initialDomain: string): void {
    this.tenantAliases.set(initialDomain.toLowerCase(), tenantId);
    if (!this.store(tenantId, "AcceptedDomain").some((o) => sameText(o.data.DomainName, initialDomain))) {
      this.addAcceptedDomain(tenantId, initialDomain, { Default: true, InitialDomain: true });
    }
  }

  /** What Microsoft 365 does once a tenant domain is verified: the accepted domain appears (after any lag). */
  addAcceptedDomain(tenantId: string, domainName: string, extra: Record<string, unknown> = {}, delayMs = this.replicationLagMs): StoredObject {
    const now = Date.now();
    const object: StoredObject = {
      guid: randomUUID(),
      createdAt: now,
      changedAt: now,
      visibleAt: now + delayMs,
      data: {
        Name: domainName.toLowerCase(),
        DomainName: domainName.toLowerCase(),
        DomainType: "Authoritative",
        MatchSubDomains: false,
        OutboundOnly: false,
        SendingFromDomainDisabled: false,
        SendingToDomainDisabled: false,
        Default: false,
        InitialDomain: false,
        AddressBookEnabled: true,
        ...extra,
      },
    };
    this.store(tenantId, "AcceptedDomain").push(object);
    return object;
  }

  /** What deleting the tenant domain does to the accepted domain. */
  removeAcceptedDomain(tenantId: string, domainName: string): void {
    const object = this.find(tenantId, "AcceptedDomain", domainName);
    if (object) this.markRemoved(tenantId, "AcceptedDomain", object);
  }

  /** Everything stored now, as the service's own view (ignores replication lag). */
  objects(tenantId: string, kind: ExchangeObjectKind): Array<Record<string, unknown>> {
    return this.store(tenantId, kind).filter((o) => o.removedAt === undefined).map((o) => this.render(kind, o));
  }

  /** An out-of-band change, as an administrator in the admin center would make it. */
  modify(tenantId: string, kind: ExchangeObjectKind, identity: string, changes: Record<string, unknown>): void {
    const object = this.find(tenantId, kind, identity);
    if (!object) throw new Error(`no ${kind} ${identity} in tenant ${tenantId}`);
    Object.assign(object.data, changes);
    object.changedAt = Date.now();
  }

  /** An out-of-band removal. */
  remove(tenantId: string, kind: ExchangeObjectKind, identity: string): void {
    const object = this.find(tenantId, kind, identity);
    if (!object) throw new Error(`no ${kind} ${identity} in tenant ${tenantId}`);
    this.markRemoved(tenantId, kind, object, true);
  }

  /** Settings of the tenant's organization (Set-OrganizationConfig as an administrator would run it). */
  setOrganizationConfig(tenantId: string, changes: Record<string, unknown>): void {
    this.organizationConfigs.set(tenantId.toLowerCase(), { ...this.organizationConfigs.get(tenantId.toLowerCase()), ...changes });
  }

  /** Makes a cmdlet answer as if the app's Exchange role did not cover it. */
  denyCmdlet(cmdlet: string): void {
    this.deniedCmdlets.add(cmdlet.toLowerCase());
  }

  protected describe(_method: string, _url: URL, body: string): string {
    try {
      const name = (JSON.parse(body) as { CmdletInput?: { CmdletName?: unknown } }).CmdletInput?.CmdletName;
      return typeof name === "string" ? name : "unknown";
    } catch {
      return "unknown";
    }
  }

  /** A 2xx answer carrying a non-terminating cmdlet error, which the PowerShell module turns into an error. */
  protected override nonTerminatingBody(text: string): unknown {
    return { "@odata.context": "InvokeCommand", value: [], "@adminapi.errors": [text] };
  }

  protected override transientBody(exceptionType: string): unknown {
    return errorBody("InternalServerError", "Error executing cmdlet", exceptionType, "Active Directory server is not available. Please retry the operation.");
  }

  protected handle(request: EmulatorRequest): Reply {
    try {
      return this.invoke(request);
    } catch (err) {
      if (err instanceof Refusal) return err.reply;
      throw err;
    }
  }

  private invoke(request: EmulatorRequest): Reply {
    const match = /^\/adminapi\/beta\/([^/]+)\/InvokeCommand$/i.exec(request.url.pathname);
    if (!match || request.method !== "POST") return { status: 404, body: { error: { code: "NotFound", message: `No HTTP resource was found that matches ${request.url.pathname}.` } } };

    const token = bearerToken(request.headers);
    if (!token) return { status: 401, headers: { "WWW-Authenticate": 'Bearer client_id="00000002-0000-0ff1-ce00-000000000000", token_types="app_asserted_user_v1 service_asserted_app_v1"' } };
    const claims = this.tokens.validate(token);
    if (!claims || claims.audience !== this.audience) {
      return { status: 401, body: { error: { code: "Unauthorized", message: "The access token is invalid, expired or issued for another resource." } } };
    }
    const urlTenant = decodeURIComponent(match[1]!);
    const tenantId = this.tenantAliases.get(urlTenant.toLowerCase()) ?? urlTenant;
    if (tenantId.toLowerCase() !== claims.tenantId.toLowerCase()) {
      return { status: 401, body: { error: { code: "Unauthorized", message: `The token was issued for another organization than '${urlTenant}'.` } } };
    }
    if (!claims.roles.includes(REQUIRED_ROLE)) {
      return { status: 401, body: { error: { code: "Unauthorized", message: `Access denied: the application '${claims.clientId}' has no ${REQUIRED_ROLE} permission.` } } };
    }
    // X-AnchorMailbox is not required: some public clients omit it and no refusal without it was ever captured.

    let input: { CmdletName?: unknown; Parameters?: unknown };
    try {
      input = (JSON.parse(request.body) as { CmdletInput?: typeof input }).CmdletInput ?? {};
    } catch {
      return { status: 400, body: { error: { code: "BadRequest", message: "The request body is not valid JSON." } } };
    }
    const cmdlet = Object.keys(CMDLETS).find((c) => sameText(c, input.CmdletName));
    // The gateway answers unknown (or unavailable) cmdlets with a bare 403.
    if (!cmdlet) return { status: 403 };
    if (this.deniedCmdlets.has(cmdlet.toLowerCase())) {
      return { status: 401, body: { error: { code: "Unauthorized", message: `User is not allowed to call ${cmdlet}.` } } };
    }
    const params = bind(cmdlet, input.Parameters);
    const tenant = claims.tenantId;
    if (cmdlet === "Get-OrganizationConfig") return this.organizationConfig(request, tenant);
    const [verb, noun] = cmdlet.split("-") as [string, ExchangeObjectKind];
    switch (verb) {
      case "Get":
        return this.get(request, tenant, noun, params);
      case "New":
        return this.create(tenant, noun, params);
      case "Set":
        return this.set(tenant, noun, params);
      default:
        return this.removeCmdlet(tenant, noun, params);
    }
  }

  private get(request: EmulatorRequest, tenantId: string, kind: ExchangeObjectKind, params: Bound): Reply {
    let visible = this.store(tenantId, kind).filter((o) => isVisible(o));
    if (kind === "OutboundConnector") {
      // Documented as filters: $true returns only test-mode (rule-scoped) connectors.
      const testMode = params.get("IncludeTestModeConnectors") === true;
      visible = visible.filter((o) => (o.data.TestMode === true) === testMode);
      if (params.has("IsTransportRuleScoped")) visible = visible.filter((o) => o.data.IsTransportRuleScoped === params.get("IsTransportRuleScoped"));
    }
    const identity = params.get("Identity") as string | undefined;
    if (identity !== undefined) {
      const found = visible.find((o) => matchesIdentity(kind, o, identity));
      if (!found) throw notFound(kind, identity);
      return { status: 200, body: { "@odata.context": context(request), value: [this.render(kind, found)] } };
    }
    const limit = resultLimit(params.get("ResultSize"));
    const all = visible.slice(0, limit);
    const prefer = /odata\.maxpagesize=(\d+)/.exec(String(request.headers.prefer ?? ""))?.[1];
    const pageSize = Math.max(1, Math.min(this.maxPageSize, prefer ? Number(prefer) : this.maxPageSize));
    const skip = Number(request.url.searchParams.get("$skiptoken") ?? 0);
    const page = all.slice(skip, skip + pageSize);
    const more = skip + pageSize < all.length;
    const warnings = visible.length > limit ? [`There are more results available than are currently displayed. To view them, increase the value for the ResultSize parameter.`] : [];
    return {
      status: 200,
      body: {
        "@odata.context": context(request),
        ...(more ? { "@odata.nextLink": `${this.url}${request.url.pathname}?$skiptoken=${skip + pageSize}` } : {}),
        ...(warnings.length > 0 && !more ? { "@adminapi.warnings": warnings } : {}),
        value: page.map((o) => this.render(kind, o)),
      },
    };
  }

  /** One object per tenant; RejectDirectSend is $false until an administrator turns it on (S18). */
  private organizationConfig(request: EmulatorRequest, tenantId: string): Reply {
    const initial = this.store(tenantId, "AcceptedDomain").find((o) => o.data.InitialDomain === true)?.data.DomainName;
    const name = typeof initial === "string" ? initial : tenantId;
    const config = { Name: name, Identity: name, DisplayName: name.split(".")[0], RejectDirectSend: false, ...this.organizationConfigs.get(tenantId.toLowerCase()) };
    return { status: 200, body: { "@odata.context": context(request), value: [config] } };
  }

  private create(tenantId: string, kind: ExchangeObjectKind, params: Bound): Reply {
    const name = String(params.get("Name") ?? "");
    const store = this.store(tenantId, kind);
    if (store.some((o) => o.removedAt === undefined && sameText(o.data.Name, name))) {
      throw refuse(400, "Microsoft.Exchange.Data.Directory.ADObjectAlreadyExistsException", `An object with the name '${name}' already exists.`);
    }
    const data = kind === "InboundConnector" ? inboundDefaults() : outboundDefaults();
    for (const [key, value] of params) if (key !== "Confirm" && key !== "WhatIf") data[key] = applyMulti(undefined, value);
    validate(kind, data);
    const now = Date.now();
    const object: StoredObject = {
      guid: randomUUID(),
      data: normalise(data),
      createdAt: now,
      changedAt: now,
      visibleAt: now + this.replicationLagMs,
      writableAt: now + (this.writeReplicationLagMs ?? this.replicationLagMs),
    };
    store.push(object);
    return { status: 200, body: { "@odata.context": "InvokeCommand", value: [this.render(kind, object)] } };
  }

  private set(tenantId: string, kind: ExchangeObjectKind, params: Bound): Reply {
    const identity = String(params.get("Identity"));
    const object = this.findForWrite(tenantId, kind, identity);
    if (kind === "AcceptedDomain" && params.get("DomainType") === "ExternalRelay") {
      throw invalid("DomainType", "The domain type ExternalRelay isn't supported in Exchange Online.");
    }
    const next = { ...object.data };
    for (const [key, value] of params) {
      if (key === "Identity" || key === "Confirm" || key === "WhatIf") continue;
      next[key] = applyMulti(next[key], value);
    }
    if (params.has("Name")) {
      const name = String(params.get("Name"));
      if (this.store(tenantId, kind).some((o) => o !== object && o.removedAt === undefined && sameText(o.data.Name, name))) {
        throw refuse(400, "Microsoft.Exchange.Data.Directory.ADObjectAlreadyExistsException", `An object with the name '${name}' already exists.`);
      }
    }
    validate(kind, next);
    const normalised = normalise(next);
    const changed = JSON.stringify(normalised) !== JSON.stringify(object.data);
    object.data = normalised;
    if (changed) object.changedAt = Date.now();
    const warnings = changed ? [] : [`The command completed successfully but no settings of '${String(object.data.Name)}' have been modified.`];
    return { status: 200, body: { "@odata.context": "InvokeCommand", value: [], ...(warnings.length ? { "@adminapi.warnings": warnings } : {}) } };
  }

  private removeCmdlet(tenantId: string, kind: ExchangeObjectKind, params: Bound): Reply {
    const identity = String(params.get("Identity"));
    const object = this.findForWrite(tenantId, kind, identity);
    this.markRemoved(tenantId, kind, object);
    return { status: 200, body: { "@odata.context": "InvokeCommand", value: [] } };
  }

  private markRemoved(tenantId: string, kind: ExchangeObjectKind, object: StoredObject, immediately = false): void {
    const lag = immediately ? 0 : this.replicationLagMs;
    if (lag === 0) {
      const store = this.store(tenantId, kind);
      store.splice(store.indexOf(object), 1);
      return;
    }
    object.removedAt = Date.now() + lag;
  }

  /**
   * What Set-* and Remove-* act on. A client measuring the real gateway saw them answer 404 for
   * several seconds after New-*, like Get-*: the new object has not reached the server that serves them.
   */
  private findForWrite(tenantId: string, kind: ExchangeObjectKind, identity: string): StoredObject {
    const object = this.find(tenantId, kind, identity);
    if (!object || (object.writableAt ?? object.visibleAt) > Date.now()) throw notFound(kind, identity);
    return object;
  }

  /** The authoritative copy (the test helpers' view, ignoring replication lag). */
  private find(tenantId: string, kind: ExchangeObjectKind, identity: string): StoredObject | undefined {
    return this.store(tenantId, kind).find((o) => o.removedAt === undefined && matchesIdentity(kind, o, identity));
  }

  private store(tenantId: string, kind: ExchangeObjectKind): StoredObject[] {
    let tenant = this.tenants.get(tenantId.toLowerCase());
    if (!tenant) {
      tenant = new Map();
      this.tenants.set(tenantId.toLowerCase(), tenant);
    }
    const now = Date.now();
    const list = tenant.get(kind) ?? [];
    // Removals whose lag has passed are gone for good.
    const live = list.filter((o) => o.removedAt === undefined || o.removedAt > now);
    tenant.set(kind, live);
    return live;
  }

  private render(kind: ExchangeObjectKind, object: StoredObject): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(object.data)) {
      out[key] = value;
      if (Array.isArray(value)) out[`${key}@odata.type`] = "#Collection(String)";
    }
    const name = String(object.data.Name);
    return {
      ...out,
      Identity: name,
      Guid: object.guid,
      "Guid@data.type": "System.Guid",
      AdminDisplayName: "",
      DistinguishedName: `CN=${name},CN=${kind}s,CN=Transport Settings,CN=Configuration`,
      WhenCreatedUTC: new Date(object.createdAt).toISOString(),
      "WhenCreatedUTC@data.type": "System.DateTime",
      WhenChangedUTC: new Date(object.changedAt).toISOString(),
      "WhenChangedUTC@data.type": "System.DateTime",
      IsValid: true,
    };
  }
}

function bind(cmdlet: string, raw: unknown): Bound {
  const spec = CMDLETS[cmdlet]!;
  const bound: Bound = new Map();
  if (raw !== undefined && raw !== null && (typeof raw !== "object" || Array.isArray(raw))) {
    throw refuse(400, "System.Management.Automation.ParameterBindingException", "Parameters must be an object.");
  }
  for (const [name, value] of Object.entries((raw ?? {}) as Record<string, unknown>)) {
    const canonical = Object.keys(spec.params).find((p) => sameText(p, name));
    if (!canonical) {
      throw refuse(400, "System.Management.Automation.ParameterBindingException", `A parameter cannot be found that matches parameter name '${name}'.`, name);
    }
    bound.set(canonical, convert(canonical, spec.params[canonical]!, value, cmdlet.startsWith("Set-")));
  }
  for (const required of spec.required) {
    if (!bound.has(required) || bound.get(required) === null) {
      throw refuse(400, "System.Management.Automation.ParameterBindingException", `Cannot process command because of one or more missing mandatory parameters: ${required}.`, required);
    }
  }
  return bound;
}

function convert(name: string, type: ParamType, value: unknown, isSet: boolean): unknown {
  const wrong = (expected: string) =>
    refuse(400, "System.Management.Automation.ParameterBindingException", `Cannot process argument transformation on parameter '${name}'. Cannot convert value "${JSON.stringify(value)}" to type "${expected}".`, name);
  switch (type.kind) {
    case "bool":
      if (typeof value !== "boolean") throw wrong("System.Boolean");
      return value;
    case "string":
    case "datetime":
      if (value === null) return null;
      if (typeof value !== "string") throw wrong("System.String");
      if (type.kind === "datetime" && Number.isNaN(Date.parse(value))) throw wrong("System.DateTime");
      return value;
    case "identity":
      if (typeof value !== "string" || value.trim() === "") throw wrong("IdParameter");
      return value;
    case "resultSize":
      if (value === "Unlimited" || (typeof value === "number" && value > 0)) return value;
      throw wrong("Unlimited or a positive number");
    case "enum": {
      if (value === null && name === "TlsSettings") return null;
      const found = type.values.find((v) => sameText(v, value));
      if (!found) throw refuse(400, "System.Management.Automation.ParameterBindingException", `Cannot bind parameter '${name}'. Cannot convert value "${String(value)}". Specify one of the following enumerator names and try again: ${type.values.join(", ")}`, name);
      return found;
    }
    case "multi":
      // Only shapes public clients are seen sending are taken: a non-empty list, or on Set-* a
      // tagged hashtable (Add/Remove; CIPP sends an empty one to empty a list). No capture shows
      // the service taking null or [] for a multi-valued parameter, so those are refused.
      if (value === null || (Array.isArray(value) && value.length === 0)) {
        throw invalid(name, `Emulator: ${JSON.stringify(value)} for the multi-valued parameter '${name}' is not known to be accepted by Exchange Online; send {"@odata.type":"#Exchange.GenericHashTable","Remove":[...]} to remove entries.`);
      }
      if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value.map((v: string) => v.trim());
      if (isSet && value && typeof value === "object" && (value as Record<string, unknown>)["@odata.type"] === "#Exchange.GenericHashTable") {
        const table = value as Record<string, unknown>;
        const field = (key: string) => table[Object.keys(table).find((k) => k.toLowerCase() === key) ?? ""];
        const list = (v: unknown) => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);
        const add = list(field("add"));
        const remove = list(field("remove"));
        return { add, remove, clear: add.length === 0 && remove.length === 0 } satisfies MultiValuedUpdate;
      }
      throw wrong("Microsoft.Exchange.Data.MultiValuedProperty");
  }
}

function applyMulti(current: unknown, value: unknown): unknown {
  if (!value || typeof value !== "object" || Array.isArray(value)) return value;
  const update = value as MultiValuedUpdate;
  if (update.clear) return [];
  const base = Array.isArray(current) ? (current as string[]) : [];
  const removed = new Set(update.remove.map(canonicalEntry));
  const kept = base.filter((v) => !removed.has(canonicalEntry(v)));
  return [...kept, ...update.add.filter((a) => !kept.some((k) => canonicalEntry(k) === canonicalEntry(a)))];
}

function canonicalEntry(value: string): string {
  return value.replace(/^smtp:/i, "").replace(/;\d+$/, "").toLowerCase();
}

function inboundDefaults(): Record<string, unknown> {
  return {
    Enabled: true,
    ConnectorType: "Partner",
    ConnectorSource: "Default",
    Comment: null,
    SenderIPAddresses: [],
    SenderDomains: [],
    TrustedOrganizations: [],
    ClientHostNames: [],
    AssociatedAcceptedDomains: [],
    RequireTls: true,
    RestrictDomainsToIPAddresses: false,
    RestrictDomainsToCertificate: false,
    CloudServicesMailEnabled: false,
    TreatMessagesAsInternal: false,
    TlsSenderCertificateName: null,
    EFTestMode: false,
    ScanAndDropRecipients: [],
    EFSkipLastIP: false,
    EFSkipIPs: [],
    EFSkipMailGateway: [],
    EFUsers: [],
  };
}

function outboundDefaults(): Record<string, unknown> {
  return {
    Enabled: true,
    UseMXRecord: true,
    Comment: null,
    ConnectorType: "Partner",
    ConnectorSource: "Default",
    RecipientDomains: [],
    SmartHosts: [],
    TlsDomain: null,
    TlsSettings: null,
    IsTransportRuleScoped: false,
    RouteAllMessagesViaOnPremises: false,
    CloudServicesMailEnabled: false,
    AllAcceptedDomains: false,
    SenderRewritingEnabled: false,
    TestMode: false,
    MtaStsMode: "Opportunistic",
    SmtpDaneMode: "Opportunistic",
    ValidationRecipients: [],
    IsValidated: false,
    LastValidationTimestamp: null,
  };
}

/** The stored forms the service returns: address spaces as `smtp:domain;1`, lists in its own order. */
function normalise(data: Record<string, unknown>): Record<string, unknown> {
  const out = { ...data };
  if (Array.isArray(out.SenderDomains)) out.SenderDomains = (out.SenderDomains as string[]).map((d) => (/^smtp:/i.test(d) ? d : `smtp:${d};1`));
  for (const [key, value] of Object.entries(out)) {
    if (Array.isArray(value)) out[key] = [...new Set(value as string[])].sort((a, b) => b.toLowerCase().localeCompare(a.toLowerCase()));
  }
  if (typeof out.LastValidationTimestamp === "string") out.LastValidationTimestamp = new Date(out.LastValidationTimestamp).toISOString().replace("Z", "0000");
  return out;
}

const DOMAIN = /^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/i;

function validate(kind: ExchangeObjectKind, d: Record<string, unknown>): void {
  const list = (key: string) => (Array.isArray(d[key]) ? (d[key] as string[]) : []);
  if (kind !== "AcceptedDomain" && String(d.Name ?? "").length > MAX_NAME) throw invalid("Name", `The length of the property is too long. The maximum length is ${MAX_NAME} and the length of the value provided is ${String(d.Name).length}.`);
  if (kind === "InboundConnector") {
    for (const domain of list("SenderDomains")) {
      const bare = canonicalEntry(domain);
      if (bare !== "*" && !DOMAIN.test(bare.startsWith("*.") ? bare.slice(2) : bare)) throw invalid("SenderDomains", `'${domain}' is not a valid SMTP domain for the SenderDomains parameter.`);
    }
    for (const ip of list("SenderIPAddresses")) {
      const [address, prefix] = ip.split("/");
      const ok = ipaddr.IPv4.isValidFourPartDecimal(address ?? "") && (prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) >= 24 && Number(prefix) <= 32));
      if (!ok) throw invalid("SenderIPAddresses", `'${ip}' isn't valid for SenderIPAddresses: use an IPv4 address or a CIDR range from /24 to /32.`);
    }
    // RestrictDomainsTo* on an OnPremises connector: the docs say "not applicable", and no source shows a refusal, so it is stored.
    if (d.TreatMessagesAsInternal === true && (d.ConnectorType !== "OnPremises" || d.CloudServicesMailEnabled === true)) {
      throw invalid("TreatMessagesAsInternal", "TreatMessagesAsInternal can only be set on OnPremises connectors that don't have CloudServicesMailEnabled set.");
    }
  }
  if (kind === "OutboundConnector") {
    if (d.UseMXRecord === false && list("SmartHosts").length === 0) throw invalid("SmartHosts", "SmartHosts must be specified when UseMXRecord is $false.");
    for (const param of ["AllAcceptedDomains", "RouteAllMessagesViaOnPremises", "SenderRewritingEnabled"]) {
      if (d[param] === true && d.ConnectorType !== "OnPremises") throw invalid(param, `${param} can only be set on OnPremises connectors.`);
    }
    // TlsDomain without DomainValidation: "not applicable" per the docs, not known to be refused; stored as given.
    for (const domain of list("RecipientDomains")) {
      const bare = canonicalEntry(domain);
      if (bare !== "*" && !DOMAIN.test(bare.startsWith("*.") ? bare.slice(2) : bare)) throw invalid("RecipientDomains", `'${domain}' is not a valid SMTP domain for the RecipientDomains parameter.`);
    }
  }
  if (kind === "AcceptedDomain" && d.MatchSubDomains === true && d.DomainType !== "InternalRelay") {
    throw invalid("MatchSubDomains", "MatchSubDomains can only be enabled on an InternalRelay domain.");
  }
}

function matchesIdentity(kind: ExchangeObjectKind, object: StoredObject, identity: string): boolean {
  return sameText(object.guid, identity) || sameText(object.data.Name, identity) || (kind === "AcceptedDomain" && sameText(object.data.DomainName, identity));
}

function isVisible(object: StoredObject): boolean {
  const now = Date.now();
  return object.visibleAt <= now && (object.removedAt === undefined || object.removedAt > now);
}

function resultLimit(value: unknown): number {
  return value === "Unlimited" ? Number.MAX_SAFE_INTEGER : typeof value === "number" ? value : 1000;
}

function sameText(a: unknown, b: unknown): boolean {
  return typeof a === "string" && typeof b === "string" && a.toLowerCase() === b.toLowerCase();
}

function context(request: EmulatorRequest): string {
  return `${request.url.origin}/adminapi/beta/$metadata#InvokeCommand`;
}

/** The gateway's envelope; without an exception type the detail is the bare text (no type is claimed that no capture shows). */
function errorBody(code: string, message: string, exceptionType: string | undefined, text: string, target = ""): unknown {
  const errorId = `Ex${randomUUID().slice(0, 6).toUpperCase()}`;
  return {
    error: {
      code,
      message,
      details: [{ code: "Client", target, message: exceptionType ? `${errorId}|${exceptionType}|${text}` : text }],
      innererror: { message: text, type: "Microsoft.Exchange.Admin.OData.Core.ODataServiceException", internalexception: { message: text } },
    },
  };
}

function refuse(status: number, exceptionType: string, text: string, target = ""): Refusal {
  return new Refusal({ status, headers: { "x-ExceptionType": exceptionType.split(".").pop()! }, body: errorBody(status === 404 ? "NotFound" : "BadRequest", text, exceptionType, text, target) });
}

/**
 * A value the service refuses where no capture shows the exception type: 400 BadRequest naming
 * the parameter (what a live client measured for invalid parameters), text marked as the emulator's.
 */
function invalid(param: string, text: string): Refusal {
  return new Refusal({ status: 400, body: errorBody("BadRequest", text, undefined, text, param) });
}

function notFound(kind: ExchangeObjectKind, identity: string): Refusal {
  return refuse(404, "Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException", `The operation couldn't be performed because object '${identity}' couldn't be found on '${kind}'.`);
}
