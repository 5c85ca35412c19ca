import { certificateDomainStatus } from "../attribution/originating";
import { Rule, resourceId } from "./rule";
import { connectorRef } from "../model/world-index";

/** MC1226222's first anti-pattern: a connector certificate whose domain the tenant does not accept. */
export const certificateDomainNotAccepted: Rule = {
  id: "HMF005",
  reads: ["inboundConnectors", "acceptedDomains"],
  title: "Connector certificate domain is not an accepted domain",
  severity: "mandatory",
  description:
    "An OnPremises inbound connector's TlsSenderCertificateName is not an accepted domain of its tenant. Microsoft calls this an anti-pattern (MC1226222): attribution then depends on the MAIL FROM domain, NDRs and forwarded mail are refused with ATTR36, and a configuration that works today may stop working when Microsoft moves tenants.",
  sources: ["S16", "S5", "S19", "S4"],
  fix: "Add the certificate's name (e.g. mail.contoso.com) as an accepted domain of the tenant, or use *.<accepted domain> as TlsSenderCertificateName, or reissue the certificate with a name in an accepted domain.",
  check({ world, engine }) {
    const out = [];
    for (const tenant of world.tenants) {
      for (const c of tenant.inboundConnectors) {
        if (c.connectorType !== "OnPremises" || !c.enabled || !c.tlsSenderCertificateName) continue;
        const status = certificateDomainStatus(engine.index, connectorRef(tenant, c));
        if (status.accepted && status.gap === undefined) continue;
        if (status.accepted) {
          out.push({ resource: resourceId.inbound(tenant.id, c.name), message: `${c.tlsSenderCertificateName}: ${status.why()}; whether EOP accepts this is not documented.`, certainty: "uncertain" as const });
        } else {
          out.push({ resource: resourceId.inbound(tenant.id, c.name), message: `${c.tlsSenderCertificateName}: ${status.why()}.`, certainty: status.gap ? ("uncertain" as const) : ("documented" as const) });
        }
      }
    }
    return out;
  },
};
