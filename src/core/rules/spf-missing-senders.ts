import { domainOf } from "../domains";
import { Flow } from "../matrix/flows";
import { findingFor, groupedFlows, ownSpfDomains } from "./flow-groups";
import { Rule, resourceId } from "./rule";

const NOT_PASSING = new Set(["fail", "softfail", "neutral", "none"]);

/** Which sender the SPF record of one of our own domains forgets, judged from where the flow leaves. */
function missingSender(f: Flow): string | undefined {
  const r = f.route;
  if (r.capturedBy || r.outcome !== "delivered" || r.finalSpf === null || !NOT_PASSING.has(r.finalSpf)) return undefined;
  const ours = ownSpfDomains(f);
  const eop = r.hops.find((h) => h.result)?.result;
  const domain = domainOf(eop?.mailFromOut ?? f.mailFrom);
  if (!ours.has(domain)) return undefined;
  // Delivered directly: to the internet (no EOP hop), or to another tenant's MX as Incoming mail, whose
  // SPF check then sees the on-premises address just as an internet receiver would.
  if (!eop || (f.egressIp !== null && eop.attribution.direction === "Incoming")) return `${domain}|on-premises ${f.egressIp}`;
  if (eop.egressPool === "outbound") return `${domain}|Exchange Online (include:spf.protection.outlook.com)`;
  return undefined;
}

/** Mail from our own domains reaches the internet from a sender the domain's SPF does not list. */
export const spfMissingSenders: Rule = {
  id: "HMF011",
  reads: ["tenants", "acceptedDomains", "inboundConnectors", "outboundConnectors", "organization", "onPremises", "dns"],
  title: "SPF does not authorize a sender of the domain",
  severity: "mandatory",
  description:
    "Mail from one of your domains leaves for the internet or another tenant from an address the domain's SPF record does not authorize: on-premises servers that deliver directly, or Exchange Online's outbound pool for cloud mailboxes and relayed mail. Receivers see SPF fail (or softfail/neutral/none) and DMARC may reject it.",
  sources: ["S23", "S12", "S10", "S27"],
  fix: "Add every sender to the domain's SPF record: ip4:<egress IP> for on-premises servers that send directly, include:spf.protection.outlook.com for Exchange Online (GCC High/DoD: spf.protection.office365.us; 21Vianet: spf.protection.partner.outlook.cn).",
  observeFlows: () =>
    groupedFlows(missingSender, (key, g) => {
      const [domain, sender] = key.split("|") as [string, string];
      return findingFor(resourceId.dns(domain), g, `SPF of ${domain} gives ${g.first.route.finalSpf} for mail sent from ${sender}.`);
    }),
};
