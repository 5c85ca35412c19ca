import { Flow } from "../matrix/flows";
import { World } from "../model/types";
import { Engine } from "../simulate";
import { analyzeSpf } from "../spf";
import { certainlyNoSpfRecord } from "./spf-presence";
import { finalSpfCheck } from "./flow-groups";
import { Rule, RuleFinding, WORLD_PARTS, resourceId } from "./rule";

/** Records the permerrors that evaluation gives for a domain, by client IP, with the evaluator's reason. */
function notePermerror(engine: Engine, f: Flow, domains: ReadonlySet<string>, out: Map<string, Map<string, string>>): void {
  const c = finalSpfCheck(f);
  if (!c || !domains.has(c.domain)) return;
  const verdict = engine.spfCheck(c.domain, c.ip, c.sender);
  // A permerror that rests on a target the offline world does not describe is HMF019's.
  if (verdict.result !== "permerror" || verdict.undescribed !== undefined) return;
  const byIp = out.get(c.domain) ?? new Map<string, string>();
  out.set(c.domain, byIp);
  if (!byIp.has(c.ip)) byIp.set(c.ip, verdict.reason);
}

/** The domains whose SPF records the organization publishes: on-premises senders and accepted domains. */
export function publishedSpfDomains(world: World): Set<string> {
  const domains = new Set<string>();
  for (const org of world.onPremises) for (const d of org.senderDomains) domains.add(d);
  for (const t of world.tenants) for (const d of t.acceptedDomains) if (!d.domain.endsWith(".onmicrosoft.com")) domains.add(d.domain);
  return domains;
}

/** RFC 7208 limits that turn a whole SPF record into permerror for every receiver. */
export const spfRecordLimits: Rule = {
  id: "HMF012",
  // The evaluations of the simulated flows depend on everything a route passes through.
  reads: WORLD_PARTS,
  title: "SPF record breaks RFC 7208 limits",
  severity: "mandatory",
  description:
    "The SPF record of a domain you send from has more than one v=spf1 record, more than 10 DNS-querying terms (nested includes counted), more than 2 void lookups, a syntax error, or an include that has no SPF record, or a term with macros that makes the evaluations of the simulated flows permerror. Receivers then return permerror, which DMARC treats as a failure.",
  sources: ["S27", "S23", "S10"],
  fix: "Publish exactly one v=spf1 TXT record per name; flatten or remove includes to stay within 10 lookups (include:spf.protection.outlook.com costs 2); remove terms that point at names with no records, and macro terms whose expansion points at nothing valid (an include of %{d} includes the record itself).",
  observeFlows({ world, engine }) {
    const domains = publishedSpfDomains(world);
    const evaluated = new Map<string, Map<string, string>>();
    return { observe: (f) => notePermerror(engine, f, domains, evaluated), findings: () => limitFindings(engine, domains, evaluated) };
  },
};

function limitFindings(engine: Engine, domains: ReadonlySet<string>, evaluated: ReadonlyMap<string, ReadonlyMap<string, string>>): RuleFinding[] {
  const out: RuleFinding[] = [];
  for (const domain of domains) {
    if (certainlyNoSpfRecord(engine.dns, domain)) continue;
    const a = analyzeSpf(engine.dns, domain);
    if (a.records.length === 0) continue;
    const problems: string[] = [];
    if (a.multipleRecords) problems.push(`${a.records.length} v=spf1 records (RFC 7208 §4.5: permerror)`);
    for (const e of a.syntaxErrors) problems.push(`syntax error in ${e.domain}: ${e.error}`);
    if (a.exceedsLookupLimit) problems.push(`${a.worstCaseLookups} DNS-querying terms in the worst case, over the limit of 10`);
    if (a.exceedsVoidLimit) problems.push(`${a.voidLookups.length} void lookups (${a.voidLookups.map((v) => v.name).join(", ")}), over the limit of 2`);
    // A DNS failure is not a policy finding, and a target the offline world does not describe is HMF019's.
    for (const b of a.brokenTargets) if (b.problem !== "temperror" && b.problem !== "not-described") problems.push(`${b.term} in ${b.domain}: ${b.detail}`);
    // What only evaluation sees: a term with macros (or a path static analysis cannot settle) that
    // makes real evaluations permerror.
    const seen = evaluated.get(domain);
    // A target the offline world does not describe (HMF019) or DNS could not answer also gives permerror or temperror: not this rule's.
    const unknown = a.brokenTargets.some((b) => b.problem === "not-described" || b.problem === "temperror");
    if (problems.length === 0 && seen !== undefined && !unknown) {
      for (const [ip, reason] of seen) problems.push(`evaluation for mail from ${ip} gives permerror: ${reason.replace(/\.$/, "")}`);
      if (a.macroTerms.length > 0) problems.push(`macro terms static analysis cannot follow: ${a.macroTerms.map((t) => `${t.term} in ${t.domain}`).join(", ")}`);
    }
    if (problems.length > 0) out.push({ resource: resourceId.dns(domain), message: `SPF of ${domain}: ${problems.join("; ")}.` });
  }
  return out;
}
