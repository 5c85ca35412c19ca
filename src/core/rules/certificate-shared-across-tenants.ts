import { matchCertificate } from "../attribution/certificate-match";
import { Rule, resourceId } from "./rule";

/** One on-premises certificate recognised by connectors of several tenants: the multi-tenant anti-pattern. */
export const certificateSharedAcrossTenants: Rule = {
  id: "HMF007",
  reads: ["tenants", "inboundConnectors", "acceptedDomains", "onPremises"],
  title: "One certificate is recognised by several tenants",
  severity: "mandatory",
  description:
    "A certificate that an on-premises send connector presents matches OnPremises connectors of more than one tenant in the same EOP forest. Only one can win, by an undocumented precision metric; Microsoft requires a unique client certificate and send connector per tenant.",
  sources: ["S16", "S2"],
  fix: "Issue one certificate per tenant with a tenant-specific name that is an accepted domain of that tenant, and use a separate send connector per tenant presenting it.",
  check({ world, engine }) {
    const out = [];
    for (const org of world.onPremises) {
      for (const sc of org.sendConnectors) {
        if (!sc.certificate) continue;
        const names = [...new Set([sc.certificate.subject, ...sc.certificate.san])];
        for (const forestName of engine.index.forestNames()) {
          const forest = engine.index.forest(forestName)!;
          const matches = matchCertificate(forest, names).filter((m) => m.ref.connector.connectorType === "OnPremises" && m.ref.connector.enabled);
          const tenants = [...new Set(matches.map((m) => m.ref.tenant.id))];
          if (tenants.length > 1) {
            const which = matches.map((m) => `"${m.ref.connector.name}" (${m.ref.tenant.id}, ${m.ref.connector.tlsSenderCertificateName})`).join(", ");
            out.push({ resource: resourceId.sendConnector(org.name, sc.name), message: `Certificate ${sc.certificate.subject} matches connectors of ${tenants.length} tenants in forest ${forestName}: ${which}.` });
          }
        }
      }
    }
    return out;
  },
};
