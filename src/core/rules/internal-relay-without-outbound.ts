import { selectOutboundConnector } from "../delivery/outbound-connector";
import { Rule, resourceId } from "./rule";

/** InternalRelay hands unknown recipients to on-premises, which needs an outbound connector to get there. */
export const internalRelayWithoutOutbound: Rule = {
  id: "HMF008",
  reads: ["acceptedDomains", "outboundConnectors"],
  title: "InternalRelay domain without an outbound connector to on-premises",
  severity: "mandatory",
  description:
    "An accepted domain is InternalRelay, so mail for recipients not in Exchange Online is relayed onwards, but no enabled OnPremises outbound connector covers the domain. The message follows the MX back to Exchange Online and loops until 554 5.4.14 ATTR34.",
  sources: ["S12", "S9"],
  fix: "Create an OnPremises outbound connector to the on-premises smart host whose RecipientDomains include the domain (or that applies to all accepted domains), or make the domain Authoritative if every recipient is in Exchange Online.",
  check({ world }) {
    const out = [];
    for (const tenant of world.tenants) {
      for (const d of tenant.acceptedDomains) {
        if (d.type !== "InternalRelay") continue;
        const c = selectOutboundConnector(tenant, d.domain, true);
        if (c?.connectorType === "OnPremises") continue;
        out.push({
          resource: resourceId.acceptedDomain(tenant.id, d.domain),
          message: c
            ? `${d.domain} is InternalRelay but the outbound connector covering it ("${c.name}") is a Partner connector, not one to on-premises.`
            : `${d.domain} is InternalRelay but no enabled OnPremises outbound connector covers it.`,
        });
      }
    }
    return out;
  },
};
