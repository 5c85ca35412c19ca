import { analyzeSpf } from "../spf";
import { certainlyNoSpfRecord } from "./spf-presence";
import { Rule, RuleFinding, resourceId } from "./rule";

/**
 * RFC 7208 §5.5: evaluators must support ptr, publishers should not use it. It costs a reverse lookup
 * plus up to 10 address lookups per evaluation, and receivers that skip it treat the term as no match.
 */
export const spfPtrMechanism: Rule = {
  id: "HMF020",
  reads: ["dns", "acceptedDomains", "onPremises"],
  title: "SPF record uses the ptr mechanism",
  severity: "advisory",
  description:
    "The SPF record of a domain you send from (or a record it includes) uses ptr. RFC 7208 §5.5 says it SHOULD NOT be published: it is slow, depends on reverse DNS that senders rarely control, and large receivers may not evaluate it, so mail that passes only through ptr can fail SPF there.",
  sources: ["S27"],
  fix: "Replace ptr with the addresses it stands for (ip4:/ip6:), or with a: or mx: terms for the sending hosts.",
  check({ world, engine }) {
    const domains = new Set<string>();
    for (const org of world.onPremises) for (const d of org.senderDomains) domains.add(d);
    for (const t of world.tenants) for (const d of t.acceptedDomains) if (!d.domain.endsWith(".onmicrosoft.com")) domains.add(d.domain);
    const out: RuleFinding[] = [];
    for (const domain of domains) {
      if (certainlyNoSpfRecord(engine.dns, domain)) continue;
      const terms = analyzeSpf(engine.dns, domain).ptrTerms;
      if (terms.length === 0) continue;
      out.push({ resource: resourceId.dns(domain), message: `SPF of ${domain} uses ${terms.map((t) => `"${t.term}" in ${t.domain}`).join(", ")}.` });
    }
    return out;
  },
};
