/**
 * `hybrid-mailflow partners DOMAIN... --world FILE`: classifies partner domains with live DNS as
 * Exchange Online tenants (in our EOP forest or another) or internet domains, and writes them
 * into the world, each marked as an inference.
 */
import { inferPartners, isExchangeOnlineMx, type PartnerVerdict } from "../../core/adopt";
import { PartnerResolver } from "../../dns/partner-lookup";
import { AdoptError } from "../adopt/errors";
import { hybridTenant } from "../adopt/hybrid-tenant";
import { commentLines, WorldFile } from "../adopt/world-file";
import { decodeText, readInputBytes } from "../read-document";
import { InputError } from "../../core/model/errors";

export interface PartnersFlags {
  world: string;
  tenant?: string;
  ourEndpoint?: string[];
  dnsServer?: string[];
  json?: boolean;
}

export interface PartnersResult {
  readonly ourEndpoints: string[];
  readonly ourAddresses: string[];
  readonly verdicts: PartnerVerdict[];
  readonly notes: string[];
}

/** Domains from a file: one per line or comma-separated; `#` starts a comment. */
export function readPartnerFile(path: string): string[] {
  let text: string;
  try {
    text = decodeText(readInputBytes(path));
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new AdoptError(`--partners ${path}: cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)}); give a file with one partner domain per line`);
  }
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/#.*/, ""))
    .flatMap((line) => line.split(/[,\s]+/))
    .map((d) => d.trim().toLowerCase())
    .filter((d) => d !== "");
}

const DOMAIN = /^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/i;

/** Adds the partners to an open world file (not saved); shared by `partners` and `export --partners`. */
export async function addPartners(world: WorldFile, domains: readonly string[], flags: Omit<PartnersFlags, "world" | "json">): Promise<PartnersResult> {
  const bad = domains.find((d) => !DOMAIN.test(d));
  if (bad !== undefined) throw new AdoptError(`partner "${bad}" is not a domain name such as partner.example`);
  if (domains.length === 0) throw new AdoptError("no partner domains given; name them as arguments (hybrid-mailflow partners partner1.cz partner2.de) or in a --partners file");
  const ours = hybridTenant(world.tenants(), flags.tenant, world.path);
  const ownDomains = new Set(ours.acceptedDomains.map((d) => d.domain.toLowerCase()));
  const notes: string[] = [];
  const resolver = new PartnerResolver({ servers: flags.dnsServer });

  let endpoints = flags.ourEndpoint ?? [];
  if (endpoints.length === 0) {
    for (const d of ownDomains) {
      if (d.endsWith(".onmicrosoft.com")) continue;
      const mx = await resolver.mx(d);
      if (!("error" in mx)) for (const m of mx) if (isExchangeOnlineMx(m.exchange)) endpoints.push(m.exchange.toLowerCase().replace(/\.$/, ""));
    }
    endpoints = [...new Set(endpoints)];
  }
  if (endpoints.length === 0) {
    throw new AdoptError(`none of ${ours.id}'s domains has its MX in Exchange Online, so there is nothing to compare partners with; give --our-endpoint <your-domain-with-dashes>.mail.protection.outlook.com`);
  }
  const ourAddresses = new Set<string>();
  for (const host of endpoints) {
    const a = await resolver.addresses(host);
    if ("error" in a) notes.push(`our endpoint ${host} did not resolve (${a.error})`);
    else for (const ip of a) ourAddresses.add(ip);
  }
  if (ourAddresses.size === 0) throw new AdoptError(`our endpoint(s) ${endpoints.join(", ")} resolve to no IPv4 address; check --dns-server or give --our-endpoint`);

  const lookups = [];
  for (const domain of [...new Set(domains.map((d) => d.toLowerCase()))]) {
    if (ownDomains.has(domain)) {
      notes.push(`${domain} is one of ${ours.id}'s own accepted domains and is not a partner`);
      continue;
    }
    lookups.push(await resolver.lookUp(domain));
  }
  const inferred = inferPartners(ours.forest, [...ourAddresses], lookups);
  const verdictOf = new Map(inferred.verdicts.map((v) => [v.domain, v]));
  for (const t of inferred.tenants) {
    const v = verdictOf.get(t.acceptedDomains[0]!.domain)!;
    world.putTenant(t, commentLines([`Partner found by \`hybrid-mailflow partners\` (certainty: uncertain): ${v.basis}.`, "Microsoft does not document EOP forests; confirm with the partner or with message headers."]));
  }
  world.addInternetDomains(inferred.internetDomains, (d) => ` certainty: uncertain: ${verdictOf.get(d)?.basis ?? ""}`);
  world.putMx(inferred.dns);
  return { ourEndpoints: endpoints, ourAddresses: [...ourAddresses], verdicts: inferred.verdicts, notes };
}

export function renderPartners(result: PartnersResult): string {
  const lines = [`Our endpoint(s): ${result.ourEndpoints.join(", ")} -> ${result.ourAddresses.join(", ")}`];
  for (const v of result.verdicts) {
    const what = v.kind === "tenant" ? `Exchange Online tenant, forest ${v.forest}${v.sameForestAsUs ? " (ours: our connectors apply to mail sent to it)" : ""}` : v.kind === "internet" ? "internet domain" : "unresolved";
    lines.push(`${v.domain}: ${what} [uncertain] - ${v.basis}`);
  }
  for (const n of result.notes) lines.push(`note: ${n}`);
  return lines.join("\n");
}

export async function runPartnersCommand(domains: readonly string[], flags: PartnersFlags): Promise<number> {
  const world = WorldFile.open(flags.world);
  const result = await addPartners(world, domains, flags);
  world.save();
  process.stdout.write(flags.json ? `${JSON.stringify({ version: 1, ...result }, null, 2)}\n` : `${renderPartners(result)}\nWrote ${flags.world}.\n`);
  return 0;
}
