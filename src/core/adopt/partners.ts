/**
 * Which partners are Exchange Online tenants, and whether they share our EOP forest. An MX in
 * Exchange Online (`*.mail.protection.outlook.com`, `*.mx.microsoft`) makes a domain a tenant; the
 * forest is inferred by comparing the addresses its endpoint resolves to with ours, as admins do
 * after an incident. Microsoft documents neither the forests nor that inference (FAQ 1 of the
 * attribution post even says all domains of a region resolve alike), so every result is uncertain.
 */
import type { WorldInput } from "../model/schema";

type TenantInput = WorldInput["tenants"][number];

export interface PartnerLookup {
  readonly domain: string;
  /** MX records as resolved, or an error code (ENOTFOUND, ESERVFAIL, ...). */
  readonly mx: readonly { readonly exchange: string; readonly priority: number }[] | { readonly error: string };
  /** IPv4 addresses of the most preferred MX host, when it is in Exchange Online. */
  readonly addresses?: readonly string[] | { readonly error: string };
}

export type PartnerKind = "tenant" | "internet" | "unresolved";

export interface PartnerVerdict {
  readonly domain: string;
  readonly kind: PartnerKind;
  /** The MX host the verdict rests on. */
  readonly mx: string | null;
  /** World forest label (tenants only). */
  readonly forest: string | null;
  readonly sameForestAsUs: boolean | null;
  readonly certainty: "uncertain";
  readonly basis: string;
}

export interface PartnerWorld {
  readonly tenants: TenantInput[];
  readonly internetDomains: string[];
  readonly dns: Record<string, { mx: { preference: number; exchange: string }[] }>;
  readonly verdicts: PartnerVerdict[];
}

const EXO_MX = [/\.mail\.protection\.outlook\.com$/i, /\.mx\.microsoft$/i];

export function isExchangeOnlineMx(host: string): boolean {
  const h = host.replace(/\.$/, "");
  return EXO_MX.some((re) => re.test(h));
}

/** The id partner tenants get in the world (one tenant per domain: DNS cannot tell two domains of one tenant apart). */
export function partnerTenantId(domain: string): string {
  return `partner:${domain.toLowerCase()}`;
}

export function inferPartners(ourForest: string, ourAddresses: readonly string[], lookups: readonly PartnerLookup[]): PartnerWorld {
  const ours = new Set(ourAddresses);
  const verdicts: PartnerVerdict[] = [];
  const tenants: TenantInput[] = [];
  const internetDomains: string[] = [];
  const dns: PartnerWorld["dns"] = {};
  // Partners outside our forest are grouped by shared addresses, so two of them in one forest share a label.
  const otherForests: { label: string; addresses: Set<string> }[] = [];

  for (const p of lookups) {
    const domain = p.domain.toLowerCase();
    if ("error" in p.mx) {
      verdicts.push({ domain, kind: "unresolved", mx: null, forest: null, sameForestAsUs: null, certainty: "uncertain", basis: `MX lookup failed (${p.mx.error}); left out of the world` });
      continue;
    }
    const sorted = [...p.mx].sort((a, b) => a.priority - b.priority);
    dns[domain] = { mx: sorted.map((m) => ({ preference: m.priority, exchange: m.exchange.replace(/\.$/, "").toLowerCase() })) };
    const best = sorted[0];
    if (!best || !isExchangeOnlineMx(best.exchange)) {
      internetDomains.push(domain);
      verdicts.push({ domain, kind: "internet", mx: best?.exchange ?? null, forest: null, sameForestAsUs: null, certainty: "uncertain", basis: best ? `MX ${best.exchange} is not in Exchange Online (a tenant behind another gateway looks the same)` : "no MX record" });
      continue;
    }
    const mx = best.exchange.replace(/\.$/, "").toLowerCase();
    if (!p.addresses || "error" in p.addresses || p.addresses.length === 0) {
      const why = p.addresses && "error" in p.addresses ? p.addresses.error : "no addresses";
      verdicts.push({ domain, kind: "unresolved", mx, forest: null, sameForestAsUs: null, certainty: "uncertain", basis: `MX ${mx} is in Exchange Online but did not resolve (${why}); its forest is unknown, left out of the world` });
      continue;
    }
    const addresses = new Set(p.addresses);
    const shared = [...addresses].filter((a) => ours.has(a));
    let forest: string;
    let basis: string;
    if (shared.length > 0) {
      forest = ourForest;
      basis = `MX ${mx} resolves to ${shared.join(", ")}, as our endpoint does: the same EOP forest, so our connectors apply to mail sent to it (inference)`;
    } else {
      let group = otherForests.find((g) => [...addresses].some((a) => g.addresses.has(a)));
      if (!group) {
        group = { label: `${ourForest}-OTHER-${otherForests.length + 1}`, addresses: new Set() };
        otherForests.push(group);
      }
      for (const a of addresses) group.addresses.add(a);
      forest = group.label;
      basis = `MX ${mx} resolves to ${[...addresses].join(", ")}, none of our endpoint's addresses: another EOP forest (inference)`;
    }
    tenants.push({ id: partnerTenantId(domain), forest, acceptedDomains: [{ domain }] });
    verdicts.push({ domain, kind: "tenant", mx, forest, sameForestAsUs: forest === ourForest, certainty: "uncertain", basis });
  }
  return { tenants, internetDomains, dns, verdicts };
}
