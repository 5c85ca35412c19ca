import { classicEopMxHost, isEopEndpoint } from "../domains";
import { Flow } from "../matrix/flows";
import { Tenant, World } from "../model/schema";
import { OTHER_FOREST_SUFFIX } from "../stack/other-parties";
import { Rule, RuleFinding, resourceId } from "./rule";

/** The policy pack's stand-in forest for partners its config declares to be elsewhere: a stated fact, not a guess. */
function declaredApart(forest: string): boolean {
  return forest.endsWith(OTHER_FOREST_SUFFIX);
}

/**
 * Microsoft 365 data-location codes (Multi-Geo and "data location" pages). A region holds several
 * EOP forests, so a region code where other tenants carry forest names is a likely mix-up.
 */
const REGION_CODES = new Set(["NAM", "EUR", "APC", "GBR", "JPN", "AUS", "CAN", "IND", "KOR", "FRA", "DEU", "CHE", "NOR", "ZAF", "ARE", "BRA", "SWE", "POL", "ITA", "ESP", "ISR", "MEX", "NZL", "QAT", "LAM"]);

/**
 * The addresses the world says the tenant's EOP endpoints resolve to: the A records of its
 * <domain>.mail.protection.outlook.com hosts and of MX hosts that are EOP endpoints. This is how an
 * administrator finds a partner's forest: tenants whose endpoints share addresses share connectors.
 */
function endpointAddresses(world: World, tenant: Tenant): Map<string, string> {
  const out = new Map<string, string>();
  for (const d of tenant.acceptedDomains) {
    const hosts = new Set<string>([classicEopMxHost(d.domain)]);
    for (const mx of world.dns[d.domain]?.mx ?? []) if (isEopEndpoint(mx.exchange)) hosts.add(mx.exchange.replace(/\.$/, ""));
    for (const host of hosts) for (const a of world.dns[host]?.a ?? []) if (!out.has(a)) out.set(a, host);
  }
  return out;
}

const HOW =
  "resolve <tenant>.mail.protection.outlook.com (nslookup partner1-cz.mail.protection.outlook.com) for both tenants: the same addresses mean the same forest; record the A records in the world's dns so the check can verify it";

/**
 * EOP forest names are free text because Microsoft publishes none (X2). A mistyped or guessed forest
 * silently removes the tenant-capture findings (HMF003, HMF004), so the assignment is checked against
 * what the world can show.
 */
export const forestAssignment: Rule = {
  id: "HMF018",
  reads: ["tenants", "acceptedDomains", "dns", "onPremises"],
  title: "EOP forest assignment is not backed by the endpoint addresses",
  severity: "advisory",
  description:
    "Tenant capture (HMF003, HMF004) and shared connectors (HMF006, HMF007) are judged per EOP forest, so a partner placed in the wrong forest hides them. The check compares the forests with the addresses the tenants' <tenant>.mail.protection.outlook.com endpoints resolve to (tenants whose endpoints share addresses share the connectors), flags region codes (EUR, NAM) mixed with forest names, and forests that hold a single tenant without that evidence or that no on-premises connection lands in.",
  sources: ["S2", "S17", "S8", "S25"],
  fix: "Give tenants whose <tenant>.mail.protection.outlook.com endpoints resolve to the same addresses the same forest name, and record those A records in the world's dns (docs/forests.md).",
  observeFlows({ world }) {
    // Where on-premises connections land is all this rule asks of the flows.
    const landed = new Set<string>();
    let onPremises = false;
    const observe = (f: Flow) => {
      if (f.server === null) return;
      onPremises = true;
      for (const h of f.route.hops) if (h.at.startsWith("EOP forest ")) landed.add(h.at.slice("EOP forest ".length));
    };
    return { observe, findings: () => forestFindings(world, landed, onPremises) };
  },
};

function forestFindings(world: World, landed: ReadonlySet<string>, onPremises: boolean): RuleFinding[] {
  const out: RuleFinding[] = [];
  const byForest = new Map<string, Tenant[]>();
  for (const t of world.tenants) {
    const list = byForest.get(t.forest);
    if (list) list.push(t);
    else byForest.set(t.forest, [t]);
  }
  // Most worlds record no endpoint addresses at all; then there is nothing to compare.
  const anyEndpoint = Object.entries(world.dns).some(([name, r]) => (r.a?.length ?? 0) > 0 && isEopEndpoint(name));
  const none = new Map<string, string>();
  const addresses = new Map(world.tenants.map((t) => [t, anyEndpoint ? endpointAddresses(world, t) : none]));

  // Shared endpoint addresses across differently named forests: the strongest evidence there is.
  // Indexed by address, so worlds with thousands of partner tenants stay linear.
  const byAddress = new Map<string, Tenant[]>();
  for (const t of world.tenants) {
    for (const ip of addresses.get(t)!.keys()) {
      const list = byAddress.get(ip);
      if (list) list.push(t);
      else byAddress.set(ip, [t]);
    }
  }
  const reported = new Set<string>();
  for (const [ip, holders] of byAddress) {
    for (let i = 0; i < holders.length; i++) {
      for (let j = i + 1; j < holders.length; j++) {
        const a = holders[i]!;
        const b = holders[j]!;
        if (a.forest === b.forest || reported.has(`${a.id}|${b.id}`)) continue;
        reported.add(`${a.id}|${b.id}`);
        // Named on the hybrid tenant when it is one of the two: that is where the forest is configured.
        const aIsHybrid = world.onPremises.some((o) => o.tenant === a.id);
        const [named, other] = aIsHybrid ? [a, b] : [b, a];
        out.push({
          resource: resourceId.tenant(named.id),
          certainty: "uncertain",
          message: `${other.id} is in forest ${other.forest} and ${named.id} in ${named.forest}, but their endpoints ${addresses.get(other)!.get(ip)} and ${addresses.get(named)!.get(ip)} resolve to the same address ${ip}: they share a forest, so capture and shared-connector findings between them are missing (X2).`,
          fix: `Put ${other.id} in forest ${named.forest} (or ${named.id} in ${other.forest}), the forest whose endpoints share the addresses.`,
        });
      }
    }
  }
  // Same forest name, but endpoints the world shows to be disjoint.
  for (const [forest, tenants] of byForest) {
    const known = tenants.filter((t) => addresses.get(t)!.size > 0);
    for (let i = 1; i < known.length; i++) {
      const a = known[0]!;
      const b = known[i]!;
      if ([...addresses.get(b)!.keys()].some((ip) => addresses.get(a)!.has(ip))) continue;
      out.push({
        resource: resourceId.tenant(b.id),
        certainty: "uncertain",
        message: `${b.id} and ${a.id} are both in forest ${forest}, but their endpoints resolve to different addresses (${[...addresses.get(b)!.keys()].join(", ")} vs ${[...addresses.get(a)!.keys()].join(", ")}): they are probably in different forests (X2).`,
      });
    }
  }
  // Region codes mixed with forest names.
  const regions = [...byForest.keys()].filter((f) => REGION_CODES.has(f));
  const others = [...byForest.keys()].filter((f) => !REGION_CODES.has(f) && !declaredApart(f));
  if (regions.length > 0 && others.length > 0) {
    for (const region of regions) {
      out.push({
        resource: resourceId.tenant(byForest.get(region)![0]!.id),
        certainty: "uncertain",
        message: `Forest ${region} is a Microsoft 365 data-location (region) code while other tenants carry forest names (${others.join(", ")}); a region holds several EOP forests, so tenants named by region are never compared with the others (X2).`,
        fix: `Name every tenant's forest the same way; to decide whether ${byForest.get(region)!.map((t) => t.id).join(", ")} shares a forest with ${others.join(", ")}, ${HOW}.`,
      });
    }
  }
  // A forest that holds a single tenant, with nothing to show it is really apart from the others.
  if (byForest.size > 1) {
    for (const [forest, tenants] of byForest) {
      if (tenants.length !== 1 || REGION_CODES.has(forest) || declaredApart(forest)) continue;
      const t = tenants[0]!;
      if (addresses.get(t)!.size > 0) continue;
      out.push({
        resource: resourceId.tenant(t.id),
        certainty: "uncertain",
        message: `${t.id} is the only tenant in forest ${forest}, and the world gives no endpoint addresses to confirm it: if it really shares a forest with ${[...byForest.keys()].filter((f) => f !== forest).join(", ")}, capture findings for it are missing (X2).`,
        fix: `To confirm ${t.id}'s forest, ${HOW}.`,
      });
    }
  }
  // A forest no on-premises connection lands in: capture and shared connectors there are never
  // exercised, so a misnamed forest goes unnoticed (cloud mailboxes reach every tenant directly).
  if (onPremises) {
    for (const [forest, tenants] of byForest) {
      if (landed.has(forest) || declaredApart(forest)) continue;
      out.push({
        resource: resourceId.tenant(tenants[0]!.id),
        certainty: "uncertain",
        message: `No on-premises connection lands in forest ${forest} (${tenants.map((t) => t.id).join(", ")}): nothing the on-premises servers send reaches it through Exchange Online, so capture there is never exercised and a misnamed forest would go unnoticed.`,
      });
    }
  }
  return out;
}
