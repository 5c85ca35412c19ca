import { analyzeSpf } from "../spf";
import { certainlyNoSpfRecord } from "./spf-presence";
import { notDescribedFix } from "../spf/check-host";
import { finalSpfCheck } from "./flow-groups";
import { publishedSpfDomains } from "./spf-record-limits";
import { Flow } from "../matrix/flows";
import { Engine } from "../simulate";
import { Rule, RuleFinding, WORLD_PARTS, resourceId } from "./rule";

/**
 * An include or redirect target the offline world does not describe: the engine cannot know what it
 * publishes, so it says so instead of claiming the target "publishes no SPF record".
 */
export const spfTargetNotDescribed: Rule = {
  id: "HMF019",
  // Targets behind macros show only in the evaluations of the simulated flows, which depend on everything.
  reads: WORLD_PARTS,
  title: "SPF include target not described in the world",
  severity: "advisory",
  description:
    "An SPF record of one of your domains includes (or redirects to) a name the world's dns does not list. Offline, only the records in the file exist, so every evaluation that reaches the name gives permerror here although the internet may publish a valid record. Microsoft's own records (spf.protection.outlook.com and spfd.protection.outlook.com) are filled in from a dated snapshot; other names must be described.",
  sources: ["S27", "S23"],
  fix: "Add the target with its TXT record to the world's dns (copy it from DNS: nslookup -type=TXT <name>), or run check --live-dns to read it from DNS.",
  observeFlows({ world, engine }) {
    const domains = publishedSpfDomains(world);
    // Targets that depend on the message (macros) are known only from evaluation.
    const evaluated = new Map<string, Set<string>>();
    const observe = (f: Flow) => {
      const c = finalSpfCheck(f);
      if (!c || !domains.has(c.domain)) return;
      const target = engine.spfCheck(c.domain, c.ip, c.sender).undescribed;
      if (target !== undefined) evaluated.set(c.domain, (evaluated.get(c.domain) ?? new Set()).add(target));
    };
    return { observe, findings: () => undescribedFindings(engine, domains, evaluated) };
  },
};

function undescribedFindings(engine: Engine, domains: ReadonlySet<string>, evaluated: ReadonlyMap<string, ReadonlySet<string>>): RuleFinding[] {
  const out: RuleFinding[] = [];
  for (const domain of domains) {
    // Evaluations can still reach an undescribed name (below) where analysis has nothing to walk.
    const missing = certainlyNoSpfRecord(engine.dns, domain) ? [] : analyzeSpf(engine.dns, domain).brokenTargets.filter((b) => b.problem === "not-described");
    const problems = missing.map((b) => `${b.term} in ${b.domain}: ${b.detail}`);
    const statically = new Set(missing.map((b) => b.target));
    for (const target of evaluated.get(domain) ?? []) {
      if (!statically.has(target)) problems.push(`evaluation reaches ${target}, which the world's dns does not describe; ${notDescribedFix(target)}`);
    }
    if (problems.length === 0) continue;
    out.push({ resource: resourceId.dns(domain), certainty: "uncertain", message: `SPF of ${domain}: ${problems.join("; ")}.` });
  }
  return out;
}
