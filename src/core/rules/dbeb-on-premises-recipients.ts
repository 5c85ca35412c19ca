import { findingFor, groupedFlows } from "./flow-groups";
import { Rule, resourceId } from "./rule";

/** DBEB rejects every address Exchange Online does not know, including on-premises mailboxes that were not synchronised. */
export const dbebOnPremisesRecipients: Rule = {
  id: "HMF009",
  reads: ["tenants", "acceptedDomains", "inboundConnectors", "outboundConnectors", "organization", "onPremises", "dns"],
  title: "Authoritative domain rejects on-premises recipients (DBEB)",
  severity: "mandatory",
  description:
    "A domain with mailboxes on-premises is Authoritative in Exchange Online, and its on-premises recipients are not in the tenant's directory. Directory-Based Edge Blocking rejects mail for them with 550 5.4.1 before it can be relayed on-premises.",
  sources: ["S12", "S10"],
  fix: "Synchronise the on-premises recipients to the tenant (Entra Connect makes them mail users), or make the domain InternalRelay with an OnPremises outbound connector.",
  observeFlows: () =>
    groupedFlows(
      (f) => {
      if (f.recipientClass !== "own-on-premises") return undefined;
      const refused = f.route.hops.find((h) => h.result?.ndr?.code === "550 5.4.1");
      if (!refused) return undefined;
      const domain = f.recipient.slice(f.recipient.lastIndexOf("@") + 1);
      return resourceId.acceptedDomain(f.tenant.id, f.tenant.acceptedDomains.find((d) => d.domain === domain)?.domain ?? domain);
      },
      (resource, g) => findingFor(resource, g, `${g.count} flow(s) to on-premises recipients are rejected by DBEB (550 5.4.1).`),
    ),
};
