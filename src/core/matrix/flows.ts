/**
 * The mail-flow matrix of a world: every on-premises sender (each sender domain, the null sender of
 * NDRs, forwarded foreign senders) from every sending server, to one recipient of each class; plus
 * the hybrid tenant's cloud mailboxes and internet senders towards the same classes. Each flow is
 * routed hop by hop, so rules judge what really happens to mail, not configuration in isolation.
 */
import { classicEopMxHost, isEopEndpoint } from "../domains";
import { MxRecord, OnPremises, Tenant } from "../model/types";
import { Route, RouteSimulator, selectSendConnector } from "../routes/route";
import { selectOutboundConnector } from "../delivery/outbound-connector";
import { Engine } from "../simulate";

export type RecipientClass = "own-cloud" | "own-on-premises" | "same-forest-tenant" | "other-forest-tenant" | "internet";
export type SenderKind = "on-premises" | "null-sender" | "forwarded" | "cloud-mailbox" | "internet";

export interface Flow {
  readonly id: string;
  readonly senderKind: SenderKind;
  readonly org: OnPremises | undefined;
  readonly tenant: Tenant;
  readonly server: string | null;
  readonly egressIp: string | null;
  readonly mailFrom: string;
  readonly recipient: string;
  readonly recipientClass: RecipientClass;
  readonly route: Route;
  /** Recipients in other tenants for which this flow stands, because their tenants behave identically. */
  readonly alsoFor: readonly string[];
}

/** How many recipient addresses a flow stands for. */
export function flowWeight(flow: Flow): number {
  return 1 + flow.alsoFor.length;
}

/** An internet sender that nothing in the world describes (TEST-NET-1, RFC 5737). */
const INTERNET_SENDER = { ip: "192.0.2.200", mailFrom: "someone@internet-sender.example" };

interface RecipientSample {
  readonly address: string;
  readonly cls: RecipientClass;
  /** Recipients of other tenants that behave exactly like this one and are not simulated again. */
  readonly alike: readonly string[];
}

function firstCustomDomain(tenant: Tenant): string {
  const custom = tenant.acceptedDomains.find((d) => !d.domain.endsWith(".onmicrosoft.com"));
  return (custom ?? tenant.acceptedDomains[0]!).domain;
}

/** A cloud mailbox of the tenant: a listed recipient, else one at the hybrid routing domain. */
function cloudRecipient(tenant: Tenant, onPremDomains: ReadonlySet<string>): string {
  const listed = tenant.recipients?.find((r) => !onPremDomains.has(r.slice(r.lastIndexOf("@") + 1)));
  if (listed) return listed;
  const routing = tenant.acceptedDomains.find((d) => d.domain.endsWith(".mail.onmicrosoft.com"));
  return `cloud-user@${(routing ?? tenant.acceptedDomains[0]!).domain}`;
}

/**
 * Everything the route of a message to this tenant's recipient can depend on. Tenants with equal
 * signatures receive on-premises mail identically, so one of them is simulated for all: this keeps
 * `check` fast on worlds with thousands of partner tenants without changing any result.
 *
 * Only what routing reads goes in. Connector names are labels: routing never compares them, and the
 * findings that quote one quote the first flow of their group, which is the tenant simulated for the
 * group. Of the MX, routing reads whether the preferred host is Exchange Online (and in which forest it
 * lands) and whether any host is; the host names themselves only reach notes.
 */
function recipientSignature(engine: Engine, org: OnPremises, hybrid: Tenant, tenant: Tenant, address: string, eopHostForest: ReadonlyMap<string, string>): string {
  const domain = address.slice(address.lastIndexOf("@") + 1);
  const accepted = tenant.acceptedDomains.find((d) => d.domain === domain)!;
  return JSON.stringify([
    tenant.forest,
    tenant.inboundConnectors.map(withoutName),
    tenant.outboundConnectors.map(withoutName),
    tenant.organization,
    accepted.type,
    accepted.matchSubDomains,
    engine.index.recipientExists(tenant, address),
    mxAsRouted(engine.world.dns[domain]?.mx, eopHostForest, engine.index.ownerOf(domain)?.tenant.forest ?? hybrid.forest),
    selectOutboundConnector(hybrid, domain, false)?.name ?? null,
    org.servers.map((server) => selectSendConnector(org, server, domain)?.name ?? null),
  ]);
}

function withoutName<T extends { name: string }>(connector: T): Omit<T, "name"> {
  const { name: _label, ...settings } = connector;
  return settings;
}

/** The MX as `RouteSimulator` and InternalRelay routing read it (the preferred host by a stable sort, as there). */
function mxAsRouted(mx: readonly MxRecord[] | undefined, eopHostForest: ReadonlyMap<string, string>, ownerForest: string): unknown {
  if (mx === undefined) return null;
  if (mx.length === 0) return [];
  const top = [...mx].sort((a, b) => a.preference - b.preference)[0]!;
  // An Exchange Online host no tenant's domain names is taken to land in the domain owner's forest.
  const landing = isEopEndpoint(top.exchange) ? (eopHostForest.get(top.exchange) ?? ownerForest) : "outside Exchange Online";
  return [landing, mx.some((r) => isEopEndpoint(r.exchange))];
}

export interface FlowMatrixOptions {
  /**
   * Simulate one tenant for all that receive alike (the default). Off only in the test that shows
   * grouping changes no finding.
   */
  readonly groupAlikeRecipients?: boolean;
}

interface Recipients {
  /** The tenant's own recipients and one per group of other tenants that receive alike. */
  readonly known: readonly RecipientSample[];
  /** Internet domains, one recipient each. */
  readonly internet: readonly string[];
}

const NONE: readonly string[] = Object.freeze([]);

/** Internet recipients are made as they are needed: a world can list a million internet domains. */
function* eachRecipient(recipients: Recipients): Generator<RecipientSample> {
  yield* recipients.known;
  for (const d of recipients.internet) yield { address: `user@${d}`, cls: "internet", alike: NONE };
}

function recipientSamples(engine: Engine, org: OnPremises, group: boolean): Recipients {
  const hybrid = engine.index.tenantsById.get(org.tenant)!;
  const onPremDomains = new Set(org.mailboxDomains);
  const samples: RecipientSample[] = [{ address: cloudRecipient(hybrid, onPremDomains), cls: "own-cloud", alike: [] }];
  for (const d of org.mailboxDomains) samples.push({ address: `onprem-user@${d}`, cls: "own-on-premises", alike: [] });
  const bySignature = new Map<string, { address: string; cls: RecipientClass; alike: string[] }>();
  const eopHostForest = new Map<string, string>();
  for (const t of engine.world.tenants) for (const d of t.acceptedDomains) eopHostForest.set(classicEopMxHost(d.domain), t.forest);
  for (const t of engine.world.tenants) {
    if (t === hybrid) continue;
    const address = `user@${firstCustomDomain(t)}`;
    const signature = group ? recipientSignature(engine, org, hybrid, t, address, eopHostForest) : t.id;
    const known = bySignature.get(signature);
    if (known) known.alike.push(address);
    else bySignature.set(signature, { address, cls: t.forest === hybrid.forest ? "same-forest-tenant" : "other-forest-tenant", alike: [] });
  }
  for (const sample of bySignature.values()) samples.push(sample);
  const internet = engine.world.internetDomains.filter((d) => !engine.index.ownerOf(d));
  return { known: samples, internet: internet.length > 0 ? internet : ["internet-recipient.example"] };
}

/** Every flow of the matrix in one array: for tests and small worlds; `check` uses `flowMatrix`. */
export function buildFlowMatrix(engine: Engine, options: FlowMatrixOptions = {}): Flow[] {
  return [...flowMatrix(engine, options)];
}

/**
 * The flows of the matrix one at a time, each simulated when asked for. A world of a few kilobytes
 * can have millions of flows (servers × addresses × senders × recipients), so nothing here keeps them.
 */
export function* flowMatrix(engine: Engine, options: FlowMatrixOptions = {}): Generator<Flow> {
  const routes = new RouteSimulator(engine);
  let n = 0;
  const id = () => `F${++n}`;
  for (const org of engine.world.onPremises) {
    const tenant = engine.index.tenantsById.get(org.tenant)!;
    const recipients = recipientSamples(engine, org, options.groupAlikeRecipients ?? true);
    const senders: Array<{ mailFrom: string; kind: SenderKind }> = [
      ...org.senderDomains.map((d) => ({ mailFrom: `onprem-user@${d}`, kind: "on-premises" as const })),
      ...(org.sendsNullSender ? [{ mailFrom: "", kind: "null-sender" as const }] : []),
      ...org.forwardedSenderDomains.map((d) => ({ mailFrom: `someone@${d}`, kind: "forwarded" as const })),
    ];
    const onPremDomains = new Set(org.mailboxDomains);
    for (const server of org.servers) {
      for (const egressIp of server.egressIps) {
        for (const sender of senders) {
          for (const r of eachRecipient(recipients)) {
            // Mail between on-premises mailboxes never leaves the organization.
            if (r.cls === "own-on-premises") continue;
            const route = routes.fromOnPremises({ org, server, egressIp, mailFrom: sender.mailFrom, recipient: r.address });
            yield { id: id(), senderKind: sender.kind, org, tenant, server: server.name, egressIp, mailFrom: sender.mailFrom, recipient: r.address, recipientClass: r.cls, route, alsoFor: r.alike };
          }
        }
      }
    }
    // Cloud mailboxes usually share the organization's main domain with on-premises; a domain accepted
    // only to name a certificate (FAQ 6(b)) is never a mailbox domain.
    const cloudSenderDomain =
      tenant.acceptedDomains.find((d) => org.senderDomains.includes(d.domain)) ??
      tenant.acceptedDomains.find((d) => !d.domain.endsWith(".onmicrosoft.com") && !onPremDomains.has(d.domain)) ??
      tenant.acceptedDomains[0]!;
    const cloudFrom = `cloud-user@${cloudSenderDomain.domain}`;
    for (const r of eachRecipient(recipients)) {
      if (r.cls === "own-cloud") continue;
      const route = routes.fromMailbox(tenant, cloudFrom, r.address);
      yield { id: id(), senderKind: "cloud-mailbox", org, tenant, server: null, egressIp: null, mailFrom: cloudFrom, recipient: r.address, recipientClass: r.cls, route, alsoFor: r.alike };
    }
    // The tenant's own recipients are all known ones.
    for (const r of recipients.known) {
      if (r.cls !== "own-cloud" && r.cls !== "own-on-premises") continue;
      const route = routes.fromInternet(INTERNET_SENDER.ip, INTERNET_SENDER.mailFrom, r.address);
      yield { id: id(), senderKind: "internet", org, tenant, server: null, egressIp: INTERNET_SENDER.ip, mailFrom: INTERNET_SENDER.mailFrom, recipient: r.address, recipientClass: r.cls, route, alsoFor: r.alike };
    }
  }
}

export function describeFlow(flow: Flow): string {
  const from = flow.mailFrom === "" ? "<>" : flow.mailFrom;
  const origin = flow.server ? `${flow.server} (${flow.egressIp})` : flow.senderKind === "cloud-mailbox" ? `cloud mailbox of ${flow.tenant.id}` : `internet sender (${flow.egressIp})`;
  const others = flow.alsoFor.length > 0 ? ` (and ${flow.alsoFor.length} other tenant(s) that receive alike)` : "";
  return `${origin} ${from} -> ${flow.recipient}${others}`;
}
