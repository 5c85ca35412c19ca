/**
 * Turns a world fixture into the stack a Pulumi program would declare for it, plus the policy config
 * for what a stack cannot hold: tenants that own connectors become HybridMailFlow components with
 * connector and accepted-domain children and Azure DNS record sets for their domains; tenants without
 * connectors become partners; the rest of DNS and the internet go into the pack's settings. The rule
 * fixtures of test/worlds can so be run through the policy pack exactly as through `check`.
 */
import { RECORD_PROPERTY, TOKENS, type HybridMailFlowRecord } from "../../src/core/stack/contract";
import type { StackResource } from "../../src/core/stack/stack-resource";
import type { World } from "../../src/core/model/schema";

export interface TestStack {
  readonly resources: StackResource[];
  /** The `hybrid-mailflow` policy's config. */
  readonly settings: Record<string, unknown>;
}

const STACK = "urn:pulumi:test::mailflow";

export function urnFor(type: string, name: string, parentType?: string): string {
  const qualified = parentType ? `${parentType}$${type}` : type;
  return `${STACK}::${qualified}::${name}`;
}

function initialDomainOf(tenant: World["tenants"][number]): string {
  return tenant.acceptedDomains.find((d) => d.domain.endsWith(".onmicrosoft.com") && !d.domain.endsWith(".mail.onmicrosoft.com"))?.domain ?? `${tenant.id.toLowerCase()}.onmicrosoft.com`;
}

function txtChunks(value: string): string[] {
  const chunks: string[] = [];
  for (let i = 0; i < value.length; i += 255) chunks.push(value.slice(i, i + 255));
  return chunks.length > 0 ? chunks : [""];
}

export function worldToStack(world: World): TestStack {
  const resources: StackResource[] = [];
  const home = world.tenants.filter(
    (t, i) => i === 0 || t.inboundConnectors.length > 0 || t.outboundConnectors.length > 0 || world.onPremises.some((o) => o.tenant === t.id),
  );
  const homeDomains = new Set<string>();
  for (const tenant of home) {
    const parentUrn = urnFor(TOKENS.hybridMailFlow, tenant.id);
    const record: HybridMailFlowRecord = {
      schemaVersion: 1,
      tenantId: tenant.id,
      forest: tenant.forest,
      initialDomain: initialDomainOf(tenant),
      onPremises: world.onPremises.filter((o) => o.tenant === tenant.id),
      rejectDirectSend: tenant.organization.rejectDirectSend,
    };
    resources.push({ urn: parentUrn, type: TOKENS.hybridMailFlow, name: tenant.id, props: { [RECORD_PROPERTY]: record } });
    const child = (type: string, name: string, props: Record<string, unknown>) =>
      resources.push({ urn: urnFor(type, name, TOKENS.hybridMailFlow), type, name, props: { ...props, tenantId: tenant.id }, parentUrn });
    for (const c of tenant.inboundConnectors) child(TOKENS.inboundConnector, `${tenant.id}-${c.name}`, { ...c });
    for (const c of tenant.outboundConnectors) child(TOKENS.outboundConnector, `${tenant.id}-${c.name}`, { ...c });
    for (const d of tenant.acceptedDomains) {
      homeDomains.add(d.domain);
      child(TOKENS.acceptedDomain, `${tenant.id}-${d.domain}`, {
        domainName: d.domain,
        domainType: d.type,
        matchSubDomains: d.matchSubDomains,
        outboundOnly: d.outboundOnly,
      });
    }
  }
  const otherDns: Record<string, unknown> = {};
  for (const [name, records] of Object.entries(world.dns)) {
    if (!homeDomains.has(name)) {
      otherDns[name] = records;
      continue;
    }
    const recordSet = (recordType: string, props: Record<string, unknown>) =>
      resources.push({
        urn: urnFor(TOKENS.dnsRecordSet, `${name}-${recordType}`),
        type: TOKENS.dnsRecordSet,
        name: `${name}-${recordType}`,
        props: { resourceGroupName: "dns", zoneName: name, relativeRecordSetName: "@", recordType, ttl: 3600, ...props },
      });
    if (records.txt) recordSet("TXT", { txtRecords: records.txt.map((t) => ({ value: txtChunks(t) })) });
    if (records.mx) recordSet("MX", { mxRecords: records.mx.map((m) => ({ preference: m.preference, exchange: m.exchange })) });
  }
  const homeIds = new Set(home.map((t) => t.id));
  const forest = home[0]!.forest;
  const partners = world.tenants
    .filter((t) => !homeIds.has(t.id))
    .flatMap((t) => t.acceptedDomains.map((d) => ({ domain: d.domain, sameForest: t.forest === forest, tenantId: t.id })));
  return {
    resources,
    settings: {
      ...(partners.length > 0 ? { partners } : {}),
      ...(world.tenants[0]!.recipients ? { recipients: world.tenants[0]!.recipients } : {}),
      ...(world.internetDomains.length > 0 ? { internetDomains: world.internetDomains } : {}),
      ...(Object.keys(otherDns).length > 0 ? { dns: otherDns } : {}),
      ...(world.suppressions.length > 0 ? { suppressions: world.suppressions } : {}),
    },
  };
}
