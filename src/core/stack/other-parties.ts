/**
 * The rest of the mail world around our tenants: the partners the pack is told about, and always one
 * stand-in tenant of our own forest and one internet domain. Tenant capture concerns every company
 * hosted in the same EOP forest, whether or not anyone listed them, so a stand-in keeps the check honest.
 */
import type { WorldInput } from "../model/types";
import type { PackSettings } from "./pack-settings";

type TenantInput = WorldInput["tenants"][number];

export const STAND_IN_TENANT_DOMAIN = "another-tenant.same-forest.example";
export const STAND_IN_INTERNET_DOMAIN = "internet-recipient.example";
export const OTHER_FOREST_SUFFIX = "-OTHER";

export function otherParties(settings: PackSettings, ourForest: string, ourDomains: ReadonlySet<string>, notes: string[]): { tenants: TenantInput[]; internetDomains: string[] } {
  const byTenant = new Map<string, TenantInput & { acceptedDomains: { domain: string }[] }>();
  for (const p of settings.partners) {
    if (ourDomains.has(p.domain)) {
      notes.push(`Partner ${p.domain} is one of our own accepted domains in this stack and is left out of the partners.`);
      continue;
    }
    const id = p.tenantId ?? `partner:${p.domain}`;
    const tenant = byTenant.get(id) ?? { id, forest: p.sameForest ? ourForest : `${ourForest}${OTHER_FOREST_SUFFIX}`, acceptedDomains: [] };
    tenant.acceptedDomains.push({ domain: p.domain });
    byTenant.set(id, tenant);
  }
  const standIn: TenantInput = { id: `another tenant in ${ourForest}`, forest: ourForest, acceptedDomains: [{ domain: STAND_IN_TENANT_DOMAIN }] };
  notes.push(
    `Flows to ${STAND_IN_TENANT_DOMAIN} stand for mail to any other company hosted in EOP forest ${ourForest}${settings.partners.length === 0 ? "; list real partners under partners in the policy config" : ""}.`,
  );
  return {
    tenants: [...byTenant.values(), standIn],
    internetDomains: [...new Set([...settings.internetDomains, STAND_IN_INTERNET_DOMAIN])],
  };
}
