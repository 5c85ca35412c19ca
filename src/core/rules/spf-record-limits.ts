import { analyzeSpf } from "../spf";
import { Rule, RuleFinding, resourceId } from "./rule";

/** RFC 7208 limits that turn a whole SPF record into permerror for every receiver. */
export const spfRecordLimits: Rule = {
  id: "HMF012",
  reads: ["dns", "acceptedDomains", "onPremises"],
  title: "SPF record breaks RFC 7208 limits",
  severity: "mandatory",
  description:
    "The SPF record of a domain you send from has more than one v=spf1 record, more than 10 DNS-querying terms (nested includes counted), more than 2 void lookups, a syntax error, or an include that has no SPF record. Receivers then return permerror, which DMARC treats as a failure.",
  sources: ["S27", "S23", "S10"],
  fix: "Publish exactly one v=spf1 TXT record per name; flatten or remove includes to stay within 10 lookups (include:spf.protection.outlook.com costs 2); remove terms that point at names with no records.",
  check({ world, engine }) {
    const domains = new Set<string>();
    for (const org of world.onPremises) for (const d of org.senderDomains) domains.add(d);
    for (const t of world.tenants) for (const d of t.acceptedDomains) if (!d.domain.endsWith(".onmicrosoft.com")) domains.add(d.domain);
    const out: RuleFinding[] = [];
    for (const domain of domains) {
      const a = analyzeSpf(engine.dns, domain);
      if (a.records.length === 0) continue;
      const problems: string[] = [];
      if (a.multipleRecords) problems.push(`${a.records.length} v=spf1 records (RFC 7208 §4.5: permerror)`);
      for (const e of a.syntaxErrors) problems.push(`syntax error in ${e.domain}: ${e.error}`);
      if (a.exceedsLookupLimit) problems.push(`${a.worstCaseLookups} DNS-querying terms in the worst case, over the limit of 10`);
      if (a.exceedsVoidLimit) problems.push(`${a.voidLookups.length} void lookups (${a.voidLookups.map((v) => v.name).join(", ")}), over the limit of 2`);
      // A DNS failure is not a policy finding, and a target the offline world does not describe is HMF019's.
      for (const b of a.brokenTargets) if (b.problem !== "temperror" && b.problem !== "not-described") problems.push(`${b.term} in ${b.domain}: ${b.detail}`);
      if (problems.length > 0) out.push({ resource: resourceId.dns(domain), message: `SPF of ${domain}: ${problems.join("; ")}.` });
    }
    return out;
  },
};
