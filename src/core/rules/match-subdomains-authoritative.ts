import { Rule, resourceId } from "./rule";

/** MatchSubDomains is only valid on InternalRelay domains. */
export const matchSubDomainsAuthoritative: Rule = {
  id: "HMF010",
  reads: ["acceptedDomains"],
  title: "MatchSubDomains on an Authoritative domain",
  severity: "mandatory",
  description:
    "MatchSubDomains makes an accepted domain cover all its subdomains, but Exchange Online allows it only on InternalRelay domains; on an Authoritative domain the setting is refused (Set-AcceptedDomain) and subdomain mail is not accepted.",
  sources: ["S12", "S13", "S33"],
  fix: "Make the domain InternalRelay (with an outbound connector to on-premises), or, as Microsoft recommends, add each subdomain as an accepted domain of its own and turn MatchSubDomains off.",
  check({ world }) {
    return world.tenants.flatMap((tenant) =>
      tenant.acceptedDomains
        .filter((d) => d.matchSubDomains && d.type === "Authoritative")
        .map((d) => ({ resource: resourceId.acceptedDomain(tenant.id, d.domain), message: `${d.domain} is Authoritative with MatchSubDomains $true.` })),
    );
  },
};
