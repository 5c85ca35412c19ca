/**
 * Lookup structures over a validated world, built once, so that attributing a message costs a few
 * map look-ups instead of a scan over every connector of every tenant in the forest.
 */
import { isAtOrBelow, wildcardBase } from "../domains";
import { DomainTable } from "./domain-table";
import { Ipv4Range, maskOf, parseIpv4Range } from "../net/ipv4";
import { AcceptedDomain, InboundConnector, Tenant, World } from "./types";
import type { Attribution } from "../result";

/** A connector that attributes a message as Originating, and how. */
export interface ConnectorMatch {
  readonly tenant: Tenant;
  readonly connector: InboundConnector;
  readonly by: "certificate" | "mailfrom";
  /** Shared and frozen: the same object for every message this connector attributes. */
  readonly verdict: AttributionVerdict;
  /** The Originating test's whole answer when this match is all there is to say, shared likewise. */
  readonly alone: OriginatingResult;
}

/** The Originating test's answer (attribution-model.md §1.1). */
export interface OriginatingResult {
  readonly match: ConnectorMatch | undefined;
  /** OnPremises connectors that matched by certificate or IP but whose tenant accepts neither domain: the ATTR36 case. */
  readonly matchedWithoutAcceptedDomain: readonly ConnectorRef[];
  /** Disabled connectors that would have matched. */
  readonly disabled: readonly ConnectorRef[];
}

/** An attribution with its certainty, as `Engine.attribute` returns it; shared, frozen instances. */
export interface AttributionVerdict {
  readonly attribution: Readonly<Attribution>;
  readonly certainty: "documented" | "uncertain";
}

/** A documented verdict, frozen so that sharing it between messages is safe. */
export function documentedVerdict(attribution: Attribution): AttributionVerdict {
  return Object.freeze({ attribution: Object.freeze(attribution), certainty: "documented" as const });
}

/** The same attribution when a gap lies on the way to it (a fresh object: share it only where it is built once). */
export function uncertainVerdict(attribution: Readonly<Attribution>): AttributionVerdict {
  return Object.freeze({ attribution, certainty: "uncertain" as const });
}

/**
 * An inbound connector with what it yields when it attributes a message. Each match (with its verdict)
 * is built on first use, not with the index: most connectors attribute one way only, or never, and
 * building both for every connector made the index of a 50,000-tenant forest twice as large (151 MB,
 * now 79 MB).
 */
export class ConnectorRef {
  private certificateMatch: ConnectorMatch | undefined = undefined;
  private mailFromMatch: ConnectorMatch | undefined = undefined;

  constructor(
    readonly tenant: Tenant,
    readonly connector: InboundConnector,
  ) {}

  /** Shared and frozen: attribution hands it out instead of allocating. */
  get byCertificate(): ConnectorMatch {
    return (this.certificateMatch ??= connectorMatch(this.tenant, this.connector, "certificate"));
  }

  get byMailFrom(): ConnectorMatch {
    return (this.mailFromMatch ??= connectorMatch(this.tenant, this.connector, "mailfrom"));
  }
}

export function connectorRef(tenant: Tenant, connector: InboundConnector): ConnectorRef {
  return new ConnectorRef(tenant, connector);
}

function connectorMatch(tenant: Tenant, connector: InboundConnector, by: "certificate" | "mailfrom"): ConnectorMatch {
  const verdict = documentedVerdict({ tenant: tenant.id, direction: "Originating", by, connector: connector.name });
  // `alone` is in the literal so that it is stored in the object itself, not in a property array beside it.
  const match = { tenant, connector, by, verdict, alone: undefined } as unknown as { -readonly [K in keyof ConnectorMatch]: ConnectorMatch[K] };
  match.alone = Object.freeze({ match, matchedWithoutAcceptedDomain: NO_REFS, disabled: NO_REFS });
  return Object.freeze(match);
}

/**
 * The OnPremises connectors (enabled or not) whose SenderIPAddresses contain one address. When a gateway
 * address is shared by many tenants, the IP step would walk every one of their connectors to find the
 * tenant of the MAIL FROM domain (about 100 per address in the 50,000-tenant bench forest, a cache miss
 * or two each), so such answers also keep each tenant's first connector.
 */
export interface IpCandidates {
  /** In index order, each connector once; shared, do not modify. */
  readonly refs: readonly ConnectorRef[];
  /**
   * What the first connector of each tenant in `refs` yields by MAIL FROM, by the tenant's ordinal
   * (DomainOwnership.tenantOrdinal), set only when there are more than a few connectors and none is
   * disabled: then the first connector of the MAIL FROM's tenant is the one the in-order walk would pick.
   * Keyed by number so that a look-up need not read the tenant object for its identity.
   */
  readonly firstByTenant: ReadonlyMap<number, ConnectorMatch> | undefined;
}

/** Up to this many connectors, walking them beats a map look-up. */
const WALK_LIMIT = 4;

function sameRefs(a: readonly ConnectorRef[], b: readonly ConnectorRef[]): boolean {
  return a.length === b.length && a.every((r, i) => r === b[i]);
}

interface IpEntry {
  readonly range: Ipv4Range;
  /** The range's network mask, kept beside it so a look-up reads one object. */
  readonly mask: number;
  readonly ref: ConnectorRef;
  /** The answer `[ref]`, built once: the usual answer is one connector, which then costs no allocation. */
  readonly alone: IpCandidates;
}

const NO_REFS: readonly ConnectorRef[] = Object.freeze([]);
const NO_CANDIDATES: IpCandidates = Object.freeze({ refs: NO_REFS, firstByTenant: undefined });

export interface DomainOwnership {
  readonly tenant: Tenant;
  readonly accepted: AcceptedDomain;
  /** The domain is covered only because a parent accepted domain has MatchSubDomains. */
  readonly viaMatchSubDomains: boolean;
  /** Incoming to this tenant by recipient, built once. */
  readonly incoming: AttributionVerdict;
  /** The tenant's position in the world, a small number that stands for it in look-ups. */
  readonly tenantOrdinal: number;
  /** The tenant's forest, copied here so attributing by recipient need not read the tenant too. */
  readonly forest: string;
}

/**
 * The OnPremises inbound connectors of one EOP forest, by certificate name and by sender IP: the only
 * ones the Originating test searches across tenants (Partner connectors are looked at per tenant).
 */
export class ForestIndex {
  readonly certExact = new Map<string, ConnectorRef[]>();
  readonly certWildcard = new Map<string, ConnectorRef[]>();
  /** Ranges of /24 or longer, keyed by their /24 (address >>> 8). */
  private readonly ipBuckets = new Map<number, IpEntry[]>();
  /**
   * Answers per address of a /24 that several connectors share, filled as addresses are seen: the
   * answer then lists several connectors, and building that list anew for every message cost more
   * than the rest of the IP step.
   */
  private readonly sharedAnswers = new Map<number, (IpCandidates | undefined)[]>();
  /**
   * The distinct answers of each such /24: every address of a shared /28 has the same connectors, and one
   * per-tenant index for all of them keeps the memory these answers take (and miss in cache) small.
   */
  private readonly distinctAnswers = new Map<number, IpCandidates[]>();
  private readonly ordinals = new Map<Tenant, number>();
  /** Ranges wider than /24 (Exchange Online refuses them, but a world may still describe them). */
  private readonly ipWide: IpEntry[] = [];
  readonly tenants: Tenant[] = [];
  /** Certificate look-ups by presented names: a forest sees the same servers over and over. */
  readonly certificateMemo = new Map<string, unknown>();
  /** The certificate step's outcome by presented names (filled by the attribution module). */
  readonly certificateStepMemo = new Map<string, unknown>();
  /** The verdict a certificate decides on its own, by presented names (filled by the attribution module). */
  readonly certificateVerdictMemo = new Map<string, unknown>();

  /** `ordinal` is the tenant's position in the world (see DomainOwnership.tenantOrdinal). */
  add(tenant: Tenant, ordinal: number): void {
    this.tenants.push(tenant);
    this.ordinals.set(tenant, ordinal);
    for (const connector of tenant.inboundConnectors) {
      if (connector.connectorType !== "OnPremises") continue;
      const ref = connectorRef(tenant, connector);
      const name = connector.tlsSenderCertificateName;
      if (name) {
        const map = name.startsWith("*.") ? this.certWildcard : this.certExact;
        const key = wildcardBase(name);
        const list = map.get(key);
        if (list) list.push(ref);
        else map.set(key, [ref]);
      }
      for (const text of connector.senderIPAddresses) {
        const range = parseIpv4Range(text);
        if (range.prefix >= 24) {
          const key = range.base >>> 8;
          const list = this.ipBuckets.get(key);
          const entry = { range, mask: maskOf(range.prefix), ref, alone: this.candidates([ref]) };
          if (list) list.push(entry);
          else this.ipBuckets.set(key, [entry]);
        } else {
          this.ipWide.push({ range, mask: maskOf(range.prefix), ref, alone: this.candidates([ref]) });
        }
      }
    }
  }

  /** Connectors (enabled or not) whose SenderIPAddresses contain the address; shared, do not modify. */
  connectorsByIp(address: number): readonly ConnectorRef[] {
    return this.ipCandidates(address).refs;
  }

  /** The connectors listing the address, with a per-tenant index when many tenants share it. */
  ipCandidates(address: number): IpCandidates {
    const key = address >>> 8;
    const bucket = this.ipBuckets.get(key);
    if (bucket === undefined && this.ipWide.length === 0) return NO_CANDIDATES;
    if (bucket === undefined || (bucket.length === 1 && this.ipWide.length === 0)) return this.scanIp(bucket, address);
    let answers = this.sharedAnswers.get(key);
    if (answers === undefined) this.sharedAnswers.set(key, (answers = new Array(256)));
    let answer = answers[address & 255];
    if (answer === undefined) {
      answer = this.scanIp(bucket, address);
      let distinct = this.distinctAnswers.get(key);
      if (distinct === undefined) this.distinctAnswers.set(key, (distinct = []));
      const seen = distinct.find((d) => sameRefs(d.refs, answer!.refs));
      if (seen) answer = seen;
      else distinct.push(answer);
      answers[address & 255] = answer;
    }
    return answer;
  }

  private candidates(refs: readonly ConnectorRef[]): IpCandidates {
    if (refs.length <= WALK_LIMIT || refs.some((r) => !r.connector.enabled)) return { refs, firstByTenant: undefined };
    const firstByTenant = new Map<number, ConnectorMatch>();
    for (const ref of refs) {
      const ordinal = this.ordinals.get(ref.tenant)!;
      if (!firstByTenant.has(ordinal)) firstByTenant.set(ordinal, ref.byMailFrom);
    }
    return { refs, firstByTenant };
  }

  private scanIp(bucket: readonly IpEntry[] | undefined, address: number): IpCandidates {
    let first: IpEntry | undefined;
    let found: ConnectorRef[] | undefined;
    const wide = this.ipWide;
    const total = (bucket?.length ?? 0) + wide.length;
    for (let i = 0; i < total; i++) {
      const e = bucket && i < bucket.length ? bucket[i]! : wide[i - (bucket?.length ?? 0)]!;
      if (((address & e.mask) >>> 0) !== e.range.base) continue;
      if (first === undefined) first = e;
      else if (e.ref !== first.ref && !found?.includes(e.ref)) (found ??= [first.ref]).push(e.ref);
    }
    return found ? this.candidates(found) : (first?.alone ?? NO_CANDIDATES);
  }
}

export class WorldIndex {
  readonly tenantsById = new Map<string, Tenant>();
  private readonly forests = new Map<string, ForestIndex>();
  private readonly owners = new DomainTable<DomainOwnership>();
  private readonly recipientSets = new Map<Tenant, Set<string>>();
  /** Accepted domains with MatchSubDomains; usually none, which lets ownerOf skip the parent walk. */
  private readonly subdomainOwners = new DomainTable<DomainOwnership>();
  private readonly internet: Set<string>;

  constructor(readonly world: World) {
    world.tenants.forEach((tenant, tenantOrdinal) => {
      this.tenantsById.set(tenant.id, tenant);
      let forest = this.forests.get(tenant.forest);
      if (!forest) this.forests.set(tenant.forest, (forest = new ForestIndex()));
      forest.add(tenant, tenantOrdinal);
      const forestName = tenant.forest;
      for (const accepted of tenant.acceptedDomains) {
        const incoming = documentedVerdict({ tenant: tenant.id, direction: "Incoming", by: "recipient", connector: null });
        // Literals, not a spread of shared fields: on 112,000 domains the spread cost four times the rest of the index.
        this.owners.set(accepted.domain, { tenant, accepted, viaMatchSubDomains: false, incoming, tenantOrdinal, forest: forestName });
        if (accepted.matchSubDomains) this.subdomainOwners.set(accepted.domain, { tenant, accepted, viaMatchSubDomains: true, incoming, tenantOrdinal, forest: forestName });
      }
      if (tenant.recipients) this.recipientSets.set(tenant, new Set(tenant.recipients));
    });
    this.internet = new Set(world.internetDomains);
  }

  forest(name: string): ForestIndex | undefined {
    return this.forests.get(name);
  }

  forestNames(): string[] {
    return [...this.forests.keys()];
  }

  /** The tenant that accepts a domain: exactly, or through a parent with MatchSubDomains. */
  ownerOf(domain: string): DomainOwnership | undefined {
    return domain === "" ? undefined : this.ownerOfSuffix(domain, 0);
  }

  /** The owner of an address's domain; undefined for the null sender "". */
  ownerOfAddress(address: string): DomainOwnership | undefined {
    const at = address.lastIndexOf("@");
    return at < 0 || at === address.length - 1 ? undefined : this.ownerOfSuffix(address, at + 1);
  }

  private ownerOfSuffix(text: string, start: number): DomainOwnership | undefined {
    const exact = this.owners.getSuffix(text, start);
    if (exact || this.subdomainOwners.size === 0) return exact;
    // The nearest accepted parent decides: a parent without MatchSubDomains shadows one further up.
    for (let dot = text.indexOf(".", start); dot >= 0; dot = text.indexOf(".", dot + 1)) {
      if (this.owners.getSuffix(text, dot + 1)) return this.subdomainOwners.getSuffix(text, dot + 1);
    }
    return undefined;
  }

  /** How a tenant accepts a domain, if it does. */
  acceptedIn(tenant: Tenant, domain: string): DomainOwnership | undefined {
    const owner = this.ownerOf(domain);
    return owner && owner.tenant === tenant ? owner : undefined;
  }

  /** An accepted domain of the tenant at or below `base` (for the 2017 wildcard reading, R4). */
  acceptedBelow(tenant: Tenant, base: string): AcceptedDomain | undefined {
    return tenant.acceptedDomains.find((d) => d.domain !== base && isAtOrBelow(d.domain, base));
  }

  recipientExists(tenant: Tenant, address: string): boolean {
    const set = this.recipientSets.get(tenant);
    return set === undefined || set.has(address);
  }

  isListedInternetDomain(domain: string): boolean {
    return this.internet.has(domain);
  }

  /** The tenant's default domain: SRS rewrites non-verified senders to bounces+SRS=…@ it. */
  defaultDomain(tenant: Tenant): { domain: string; assumed: boolean } {
    const flagged = tenant.acceptedDomains.find((d) => d.default === true);
    if (flagged) return { domain: flagged.domain, assumed: false };
    // A new tenant's default is its initial <name>.onmicrosoft.com domain until an admin changes it.
    const initial = tenant.acceptedDomains.find((d) => d.domain.endsWith(".onmicrosoft.com") && !d.domain.endsWith(".mail.onmicrosoft.com"));
    return { domain: (initial ?? tenant.acceptedDomains[0]!).domain, assumed: true };
  }
}
