import { analyzeSpf } from "../spf";
import { Rule, RuleFinding, resourceId } from "./rule";

/**
 * An include or redirect target the offline world does not describe: the engine cannot know what it
 * publishes, so it says so instead of claiming the target "publishes no SPF record".
 */
export const spfTargetNotDescribed: Rule = {
  id: "HMF019",
  reads: ["dns", "acceptedDomains", "onPremises"],
  title: "SPF include target not described in the world",
  severity: "advisory",
  description:
    "An SPF record of one of your domains includes (or redirects to) a name the world's dns does not list. Offline, only the records in the file exist, so every evaluation that reaches the name gives permerror here although the internet may publish a valid record. Microsoft's own records (spf.protection.outlook.com and spfd.protection.outlook.com) are filled in from a dated snapshot; other names must be described.",
  sources: ["S27", "S23"],
  fix: "Add the target with its TXT record to the world's dns (copy it from DNS: nslookup -type=TXT <name>), or run check --live-dns to read it from DNS.",
  check({ world, engine }) {
    const domains = new Set<string>();
    for (const org of world.onPremises) for (const d of org.senderDomains) domains.add(d);
    for (const t of world.tenants) for (const d of t.acceptedDomains) if (!d.domain.endsWith(".onmicrosoft.com")) domains.add(d.domain);
    const out: RuleFinding[] = [];
    for (const domain of domains) {
      const missing = analyzeSpf(engine.dns, domain).brokenTargets.filter((b) => b.problem === "not-described");
      if (missing.length === 0) continue;
      out.push({
        resource: resourceId.dns(domain),
        certainty: "uncertain",
        message: `SPF of ${domain}: ${missing.map((b) => `${b.term} in ${b.domain}: ${b.detail}`).join("; ")}.`,
      });
    }
    return out;
  },
};
