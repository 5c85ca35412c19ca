import { domainOf } from "../domains";
import { findingFor, groupedFlows, ownSpfDomains } from "./flow-groups";
import { Rule, resourceId } from "./rule";

/** temperror means DNS could not answer: the verdict is unknown, which is the check's outcome, not a finding. */
const NOT_A_FAILURE = new Set(["pass", "temperror"]);

/** Captured partner mail leaves from Microsoft's IPs; without the EOP include the partner sees SPF fail. */
export const tenantCaptureSpfFail: Rule = {
  id: "HMF003",
  reads: ["tenants", "acceptedDomains", "inboundConnectors", "outboundConnectors", "organization", "onPremises", "dns"],
  title: "Tenant capture makes partner mail fail SPF",
  severity: "mandatory",
  description:
    "On-premises mail to another tenant of the same EOP forest is attributed to your tenant by your OnPremises connector, relayed through it, and arrives at the partner from Exchange Online's outbound IPs. The sender domain's SPF does not authorize those IPs, so the partner sees SPF fail and may quarantine or reject the mail.",
  sources: ["S2", "S3", "S14", "S23", "S29"],
  fix: "Add include:spf.protection.outlook.com to the SPF record of the sender domain (2 DNS lookups), and consider ending the capture (rule HMF004).",
  observeFlows: () =>
    groupedFlows(
      (f) => {
        const r = f.route;
        if (!r.capturedBy || r.outcome !== "delivered" || r.finalSpf === null || NOT_A_FAILURE.has(r.finalSpf)) return undefined;
        const domain = domainOf(r.hops.find((h) => h.result)?.result?.mailFromOut ?? f.mailFrom);
        // Only SPF records the organization publishes can be fixed; foreign senders are HMF004's to report.
        return ownSpfDomains(f).has(domain) ? resourceId.dns(domain) : undefined;
      },
      (resource, g) =>
        findingFor(
          resource,
          g,
          `${g.count} flow(s) to other tenants are captured by ${g.first.route.capturedBy} and reach the partner from Exchange Online with SPF ${g.first.route.finalSpf} for ${resource.slice(4)}.`,
        ),
    ),
};
