/** Which tenant of a world is "ours": the one named, the only one, or the one with an OnPremises inbound connector. */
import type { WorldInput } from "../../core/model/schema";
import { AdoptError } from "./errors";

type TenantInput = WorldInput["tenants"][number];

export function hybridTenant(tenants: readonly TenantInput[], named: string | undefined, worldPath: string): TenantInput {
  if (named !== undefined) {
    const found = tenants.find((t) => t.id === named);
    if (!found) throw new AdoptError(`--tenant ${named}: ${worldPath} has no tenant with that id (it has ${tenants.map((t) => t.id).join(", ") || "none"})`);
    return found;
  }
  if (tenants.length === 1) return tenants[0]!;
  const hybrid = tenants.filter((t) => (t.inboundConnectors ?? []).some((c) => c.connectorType === "OnPremises"));
  if (hybrid.length === 1) return hybrid[0]!;
  if (tenants.length === 0) throw new AdoptError(`${worldPath} has no tenant yet: run \`hybrid-mailflow export --world ${worldPath}\` first, or give --tenant`);
  throw new AdoptError(`${worldPath} has several tenants; say which is yours with --tenant (one of ${tenants.map((t) => t.id).join(", ")})`);
}
