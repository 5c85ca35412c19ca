/**
 * Which tenant each stack resource belongs to: its own `tenantId`, else the HybridMailFlow component
 * above it, else the stack's only (or configured) tenant. Resources managed through several tenants'
 * credentials can so live in one stack.
 */
import { RECORD_PROPERTY, TOKENS, type HybridMailFlowRecord } from "./contract";
import type { PackSettings } from "./pack-settings";
import { knownString, plain } from "./reading";
import type { StackResource } from "./stack-resource";

export interface StackTenant {
  readonly id: string;
  forest: string;
  initialDomain: string | undefined;
  rejectDirectSend: boolean | undefined;
  /** The URN of the component that declared the tenant, if any. */
  readonly urn: string | undefined;
}

export function hybridRecordOf(r: StackResource): HybridMailFlowRecord | undefined {
  if (r.type !== TOKENS.hybridMailFlow) return undefined;
  const record = plain(r.props[RECORD_PROPERTY]) as HybridMailFlowRecord | undefined;
  return record && typeof record === "object" && record.schemaVersion === 1 ? record : undefined;
}

export class TenantDirectory {
  readonly tenants = new Map<string, StackTenant>();
  readonly defaultTenant: StackTenant | undefined;
  private readonly byUrn: ReadonlyMap<string, StackResource>;

  constructor(resources: readonly StackResource[], settings: PackSettings) {
    this.byUrn = new Map(resources.map((r) => [r.urn, r]));
    for (const r of resources) {
      const record = hybridRecordOf(r);
      if (record && !this.tenants.has(record.tenantId)) {
        this.tenants.set(record.tenantId, {
          id: record.tenantId,
          forest: record.forest,
          initialDomain: record.initialDomain,
          rejectDirectSend: record.rejectDirectSend,
          urn: r.urn,
        });
      }
    }
    const configured = settings.tenant;
    if (configured) {
      const existing = this.tenants.get(configured.id);
      if (existing) {
        existing.forest = configured.forest;
        existing.initialDomain = configured.initialDomain ?? existing.initialDomain;
      } else {
        this.tenants.set(configured.id, { id: configured.id, forest: configured.forest, initialDomain: configured.initialDomain, rejectDirectSend: undefined, urn: undefined });
      }
    }
    this.defaultTenant = configured ? this.tenants.get(configured.id) : [...this.tenants.values()][0];
  }

  /** The tenant a resource belongs to, creating one (in the default forest) for an unknown tenantId. */
  tenantOf(r: StackResource): StackTenant | undefined {
    const own = knownString(r.props.tenantId);
    if (own) return this.tenants.get(own) ?? [...this.tenants.values()].find((t) => t.initialDomain === own.toLowerCase()) ?? this.adopt(own);
    for (let parent = r.parentUrn ? this.byUrn.get(r.parentUrn) : undefined; parent; parent = parent.parentUrn ? this.byUrn.get(parent.parentUrn) : undefined) {
      const record = hybridRecordOf(parent);
      if (record) return this.tenants.get(record.tenantId);
    }
    return this.defaultTenant;
  }

  private adopt(id: string): StackTenant | undefined {
    if (!this.defaultTenant) return undefined;
    const tenant: StackTenant = { id, forest: this.defaultTenant.forest, initialDomain: undefined, rejectDirectSend: undefined, urn: undefined };
    this.tenants.set(id, tenant);
    return tenant;
  }
}
