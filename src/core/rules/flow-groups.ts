/** Groups flows that show the same problem on the same resource into one finding each, and what rules ask of a flow. */
import { domainOf } from "../domains";
import { Flow, describeFlow, flowWeight } from "../matrix/flows";
import { Tenant } from "../model/types";
import { FlowObserver, MAX_FLOWS_LISTED, RuleFinding, listFlows, resourceId } from "./rule";

/**
 * What a finding needs of the flows that show one problem on one resource: never the flows
 * themselves, which can be millions, but their count, the first few descriptions and the first flow.
 */
export interface FlowGroup {
  /** The first flow of the group in matrix order: findings quote its connector, SPF result or tenant. */
  readonly first: Flow;
  /** How many flows the group stands for, counting the tenants that were simulated once for several. */
  count: number;
  /** How many simulated flows it holds. */
  simulated: number;
  /** Descriptions of its first MAX_FLOWS_LISTED flows. */
  readonly described: string[];
  uncertain: boolean;
  /** The egress addresses of its flows, in order of first appearance. */
  readonly egressIps: Set<string | null>;
}

/**
 * A rule whose findings each report one group of flows that show the same problem on the same
 * resource: `keyOf` names a flow's group (undefined: no problem), `report` turns each group into a
 * finding, in the order the groups first appeared.
 */
export function groupedFlows(keyOf: (f: Flow) => string | undefined, report: (key: string, group: FlowGroup) => RuleFinding): FlowObserver {
  const groups = new Map<string, FlowGroup>();
  return {
    observe(f) {
      const key = keyOf(f);
      if (key === undefined) return;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { first: f, count: 0, simulated: 0, described: [], uncertain: false, egressIps: new Set() }));
      g.count += flowWeight(f);
      g.simulated++;
      if (g.described.length < MAX_FLOWS_LISTED) g.described.push(describeFlow(f));
      if (f.route.certainty === "uncertain") g.uncertain = true;
      g.egressIps.add(f.egressIp);
    },
    findings: () => [...groups].map(([key, g]) => report(key, g)),
  };
}

export function findingFor(resource: string, group: FlowGroup, message: string, fix?: string): RuleFinding {
  return { resource, message, flows: listFlows(group.described, group.simulated), certainty: group.uncertain ? "uncertain" : "documented", ...(fix ? { fix } : {}) };
}

/** The tenant's OnPremises inbound connector when it has exactly one (the usual hybrid), else the tenant. */
export function hybridInboundResource(tenant: Tenant): string {
  const onPrem = tenant.inboundConnectors.filter((c) => c.connectorType === "OnPremises");
  return onPrem.length === 1 ? resourceId.inbound(tenant.id, onPrem[0]!.name) : resourceId.tenant(tenant.id);
}

export function firstEopHop(flow: Flow) {
  return flow.route.hops.find((h) => h.result !== undefined)?.result;
}

/**
 * Domains whose SPF record the organization publishes: its on-premises sender domains and its
 * accepted domains, except *.onmicrosoft.com, whose SPF Microsoft publishes.
 */
export function ownSpfDomains(flow: Flow): ReadonlySet<string> {
  // Every flow of an organization asks this, so building the set per flow made `check` grow with the
  // square of the sender domains (5,000 of them: 5 s). One set per organization and tenant, rebuilt if
  // either list was replaced or grew since.
  const senders = flow.org?.senderDomains ?? NO_SENDERS;
  const accepted = flow.tenant.acceptedDomains;
  let byOrg = ownSpfMemo.get(flow.tenant);
  if (!byOrg) ownSpfMemo.set(flow.tenant, (byOrg = new Map()));
  const known = byOrg.get(flow.org);
  if (known && known.senders === senders && known.senderCount === senders.length && known.accepted === accepted && known.acceptedCount === accepted.length) return known.domains;
  const domains = new Set<string>(senders);
  for (const d of accepted) domains.add(d.domain);
  for (const d of domains) if (d.endsWith(".onmicrosoft.com")) domains.delete(d);
  byOrg.set(flow.org, { senders, senderCount: senders.length, accepted, acceptedCount: accepted.length, domains });
  return domains;
}

const NO_SENDERS: readonly string[] = [];
interface OwnSpfEntry {
  readonly senders: readonly string[];
  readonly senderCount: number;
  readonly accepted: readonly Tenant["acceptedDomains"][number][];
  readonly acceptedCount: number;
  readonly domains: ReadonlySet<string>;
}
const ownSpfMemo = new WeakMap<Tenant, Map<Flow["org"], OwnSpfEntry>>();

/**
 * The SPF check each flow's final recipient makes: (domain, client IP, sender). Terms with macros
 * depend on the message, so static analysis cannot follow them; the evaluations of the simulated
 * flows show what receivers will see.
 */
export function finalSpfCheck(flow: Flow): { domain: string; ip: string; sender: string } | undefined {
  const hops = flow.route.hops.filter((h) => h.result !== undefined);
  const last = hops[hops.length - 1]?.result;
  if (last) {
    const d = last.finalSpfDetail;
    return d ? { domain: d.domain, ip: d.ip, sender: hops[0]!.result!.mailFromOut ?? flow.mailFrom } : undefined;
  }
  if (flow.route.outcome !== "delivered" || flow.route.endsAt !== "internet" || flow.egressIp === null) return undefined;
  const domain = domainOf(flow.mailFrom);
  return domain === "" ? undefined : { domain, ip: flow.egressIp, sender: flow.mailFrom };
}
