/**
 * Rebuilds the mail-flow world a Pulumi stack will deploy: tenants, accepted domains and connectors
 * from the stack's resources, DNS from its record sets, the on-premises facts HybridMailFlow recorded,
 * and from the pack's settings what no stack holds. Values unknown during preview are left out and
 * listed, never guessed. Pure: the policy pack and `preflight` both call it.
 */
import { parseWorld } from "../model/load";
import type { World, WorldInput } from "../model/types";
import { resourceId } from "../rules/rule";
import { TOKENS } from "./contract";
import { mailDomainRecordOf, stackDns } from "./dns-records";
import { otherParties } from "./other-parties";
import type { PackSettings } from "./pack-settings";
import { knownString, plain, UnverifiedLog, type UnverifiedValue } from "./reading";
import type { StackResource } from "./stack-resource";
import { hybridRecordOf, TenantDirectory, type StackTenant } from "./tenants";

export type { UnverifiedValue } from "./reading";

export interface Reconstruction {
  readonly applies: true;
  readonly world: World;
  readonly unverified: readonly UnverifiedValue[];
  /** What the user should know about how the world was rebuilt. */
  readonly notes: readonly string[];
  /** World resource id (as findings name it) → the URN of the stack resource to change. */
  readonly urnOf: ReadonlyMap<string, string>;
}

export interface NotApplicable {
  readonly applies: false;
  readonly notes: readonly string[];
}

const INBOUND_FIELDS = [
  "name", "connectorType", "enabled", "tlsSenderCertificateName", "senderIPAddresses", "requireTls", "restrictDomainsToCertificate",
  "restrictDomainsToIPAddresses", "senderDomains", "cloudServicesMailEnabled", "treatMessagesAsInternal", "associatedAcceptedDomains",
] as const;
const OUTBOUND_FIELDS = [
  "name", "connectorType", "enabled", "recipientDomains", "allAcceptedDomains", "smartHosts", "useMxRecord", "routeAllMessagesViaOnPremises",
  "isTransportRuleScoped", "cloudServicesMailEnabled", "senderRewritingEnabled",
] as const;
const OUR_TYPES: ReadonlySet<string> = new Set([
  TOKENS.hybridMailFlow, TOKENS.mailDomain, TOKENS.inboundConnector, TOKENS.outboundConnector, TOKENS.acceptedDomain, TOKENS.tenantDomain,
]);

type TenantInput = WorldInput["tenants"][number];
type AcceptedInput = TenantInput["acceptedDomains"][number];

interface TenantBuild {
  readonly tenant: StackTenant;
  readonly accepted: Map<string, { value: AcceptedInput; rank: number }>;
  readonly inbound: Record<string, unknown>[];
  readonly outbound: Record<string, unknown>[];
}

/** Later sources of a domain's settings override earlier ones: a tenant domain, a MailDomain's intent, an AcceptedDomain resource. */
const RANK = { tenantDomain: 1, mailDomain: 2, acceptedDomain: 3 } as const;

export function reconstructWorld(resources: readonly StackResource[], settings: PackSettings): Reconstruction | NotApplicable {
  const notes: string[] = [];
  if (!settings.tenant && !resources.some((r) => OUR_TYPES.has(r.type))) {
    return { applies: false, notes: ["The stack declares no hybrid-mailflow resources and the policy config names no tenant."] };
  }
  const directory = new TenantDirectory(resources, settings);
  if (!directory.defaultTenant) {
    throw new Error(
      "The stack has hybrid-mailflow resources but no HybridMailFlow component, so the pack does not know the tenant's EOP forest. Add a HybridMailFlow component, or set tenant: { id, forest } in the hybrid-mailflow policy config.",
    );
  }
  const log = new UnverifiedLog();
  const urnOf = new Map<string, string>();
  const builds = new Map<string, TenantBuild>();
  const buildOf = (tenant: StackTenant): TenantBuild => {
    let b = builds.get(tenant.id);
    if (!b) builds.set(tenant.id, (b = { tenant, accepted: new Map(), inbound: [], outbound: [] }));
    return b;
  };
  for (const tenant of directory.tenants.values()) {
    buildOf(tenant);
    if (tenant.urn) urnOf.set(resourceId.tenant(tenant.id), tenant.urn);
  }
  const setAccepted = (b: TenantBuild, value: AcceptedInput, rank: number, urn: string) => {
    const current = b.accepted.get(value.domain);
    if (current && current.rank > rank) return;
    b.accepted.set(value.domain, { value: current ? { ...current.value, ...value } : value, rank });
    urnOf.set(resourceId.acceptedDomain(b.tenant.id, value.domain), urn);
  };

  for (const r of resources) {
    const tenant = OUR_TYPES.has(r.type) ? directory.tenantOf(r) : undefined;
    if (!tenant) continue;
    const b = buildOf(tenant);
    const props = plain(r.props) as Record<string, unknown>;
    if (r.type === TOKENS.inboundConnector || r.type === TOKENS.outboundConnector) {
      const inbound = r.type === TOKENS.inboundConnector;
      const name = knownString(props.name);
      const id = (inbound ? resourceId.inbound : resourceId.outbound)(tenant.id, name ?? r.name);
      const part = inbound ? "inboundConnectors" : "outboundConnectors";
      const fields = log.knownFields(r, props, inbound ? INBOUND_FIELDS : OUTBOUND_FIELDS, id, part);
      if (!fields.name || !fields.connectorType) continue; // unknown identity: recorded above, nothing to simulate
      (inbound ? b.inbound : b.outbound).push(fields);
      urnOf.set(id, r.urn);
    } else if (r.type === TOKENS.acceptedDomain || r.type === TOKENS.tenantDomain) {
      const domain = knownString(props.domainName)?.toLowerCase();
      if (!domain) {
        log.record(resourceId.acceptedDomain(tenant.id, r.name), r.urn, "domainName", "acceptedDomains");
        continue;
      }
      if (r.type === TOKENS.tenantDomain) setAccepted(b, { domain }, RANK.tenantDomain, r.urn);
      else {
        const fields = log.knownFields(r, props, ["domainType", "matchSubDomains", "outboundOnly"], resourceId.acceptedDomain(tenant.id, domain), "acceptedDomains");
        setAccepted(b, { domain, ...(fields.domainType ? { type: fields.domainType as AcceptedInput["type"] } : {}), ...pick(fields, "matchSubDomains", "outboundOnly") }, RANK.acceptedDomain, r.urn);
      }
    } else if (r.type === TOKENS.mailDomain) {
      const record = mailDomainRecordOf(r);
      if (record) setAccepted(b, { domain: record.domain.toLowerCase(), type: record.domainType, matchSubDomains: record.matchSubDomains }, RANK.mailDomain, r.urn);
    }
  }

  const onPremises = new Map<string, NonNullable<WorldInput["onPremises"]>[number]>();
  for (const r of resources) {
    const record = hybridRecordOf(r);
    for (const org of record?.onPremises ?? []) {
      onPremises.set(org.name, { ...org, tenant: record!.tenantId });
      urnOf.set(`onPremises:${org.name}`, r.urn);
      for (const c of org.sendConnectors ?? []) urnOf.set(resourceId.sendConnector(org.name, c.name), r.urn);
    }
  }
  for (const org of settings.onPremises) onPremises.set(org.name, org);

  const tenants: TenantInput[] = [...builds.values()].map((b) => {
    const tenant = tenantInput(b);
    return b.tenant === directory.defaultTenant && settings.recipients ? { ...tenant, recipients: settings.recipients } : tenant;
  });
  const ourDomains = new Set(tenants.flatMap((t) => t.acceptedDomains.map((d) => d.domain)));
  const parties = otherParties(settings, directory.defaultTenant.forest, ourDomains, notes);
  const dns = stackDns(resources, settings, log, urnOf);
  const input: WorldInput = {
    tenants: [...tenants, ...parties.tenants],
    internetDomains: parties.internetDomains,
    dns,
    onPremises: [...onPremises.values()],
    suppressions: settings.suppressions,
  };
  if (onPremises.size === 0) notes.push("No on-premises organization is recorded by a HybridMailFlow component or set in the policy config, so no on-premises flow is simulated.");
  const world = parseWorld(input, { source: "the mail-flow world rebuilt from this stack" });
  return { applies: true, world, unverified: log.values, notes, urnOf };
}

function pick(o: Record<string, unknown>, ...keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
}

function tenantInput(b: TenantBuild): TenantInput {
  const { tenant } = b;
  const initial = tenant.initialDomain ?? (tenant.id.includes(".") ? tenant.id.toLowerCase() : undefined);
  const accepted: AcceptedInput[] = [...b.accepted.values()].map((a) => a.value);
  if (initial && !b.accepted.has(initial)) accepted.push({ domain: initial, default: true });
  const routing = initial?.replace(/\.onmicrosoft\.com$/, ".mail.onmicrosoft.com");
  if (routing && routing !== initial && !b.accepted.has(routing)) accepted.push({ domain: routing });
  return {
    id: tenant.id,
    forest: tenant.forest,
    acceptedDomains: accepted.length > 0 ? accepted : [{ domain: `${tenant.id.toLowerCase().replace(/[^a-z0-9-]/g, "-")}.onmicrosoft.com`, default: true }],
    inboundConnectors: b.inbound as TenantInput["inboundConnectors"],
    outboundConnectors: b.outbound as TenantInput["outboundConnectors"],
    organization: { rejectDirectSend: tenant.rejectDirectSend ?? false },
  };
}
