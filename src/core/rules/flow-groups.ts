/** Groups flows that show the same problem on the same resource into one finding each. */
import { domainOf } from "../domains";
import { Flow, describeFlow, flowWeight } from "../matrix/flows";
import { Tenant } from "../model/types";
import { RuleFinding, listFlows, resourceId } from "./rule";

export function groupFlows(flows: readonly Flow[], keyOf: (f: Flow) => string | undefined): Map<string, Flow[]> {
  const groups = new Map<string, Flow[]>();
  for (const f of flows) {
    const key = keyOf(f);
    if (key === undefined) continue;
    const list = groups.get(key);
    if (list) list.push(f);
    else groups.set(key, [f]);
  }
  return groups;
}

/** How many flows a group stands for, counting the tenants that were simulated once for several. */
export function countFlows(flows: readonly Flow[]): number {
  return flows.reduce((n, f) => n + flowWeight(f), 0);
}

export function findingFor(resource: string, flows: readonly Flow[], message: string, fix?: string): RuleFinding {
  const uncertain = flows.some((f) => f.route.certainty === "uncertain");
  return { resource, message, flows: listFlows(flows.map(describeFlow)), certainty: uncertain ? "uncertain" : "documented", ...(fix ? { fix } : {}) };
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
