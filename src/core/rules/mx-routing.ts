import { isEopEndpoint } from "../domains";
import { selectOutboundConnector } from "../delivery/outbound-connector";
import { Rule, RuleFinding, resourceId } from "./rule";

/** Legacy endpoints named by the ATTR35 KB. */
const LEGACY_ENDPOINTS = ["mail.messaging.microsoft.com", "mail.global.frontbridge.com"];

/** MX records that send mail somewhere the routing mode cannot work with. */
export const mxRouting: Rule = {
  id: "HMF015",
  reads: ["dns", "acceptedDomains", "outboundConnectors", "onPremises"],
  title: "MX does not point where the routing mode needs",
  severity: "mandatory",
  description:
    "An MX record points to a legacy Microsoft endpoint (451 4.4.62 ATTR35), or Exchange Online sends a domain to on-premises by MX while that MX points back to Exchange Online (554 5.4.14 ATTR34 loop), or an InternalRelay or DBEB setting needs the MX in Exchange Online but it points elsewhere.",
  sources: ["S8", "S9", "S12", "S26"],
  fix: "Point the MX at the value Microsoft publishes for the domain (Graph serviceConfigurationRecords, <domain>.mail.protection.outlook.com or the newer mx.microsoft form); give outbound connectors to on-premises a smart host instead of MX routing when the MX points to Exchange Online.",
  check({ world }) {
    const out: RuleFinding[] = [];
    for (const tenant of world.tenants) {
      for (const d of tenant.acceptedDomains) {
        const mx = world.dns[d.domain]?.mx;
        if (!mx || mx.length === 0) continue;
        const resource = resourceId.dns(d.domain);
        const legacy = mx.filter((r) => LEGACY_ENDPOINTS.some((l) => r.exchange === l || r.exchange.endsWith(`.${l}`)));
        if (legacy.length > 0) out.push({ resource, message: `MX of ${d.domain} points to the legacy endpoint ${legacy.map((r) => r.exchange).join(", ")}: mail is deferred with 451 4.4.62 ATTR35.` });
        const toEop = mx.some((r) => isEopEndpoint(r.exchange));
        const c = selectOutboundConnector(tenant, d.domain, true);
        if (toEop && c?.connectorType === "OnPremises" && (c.useMxRecord || c.smartHosts.length === 0)) {
          out.push({ resource: resourceId.outbound(tenant.id, c.name), message: `"${c.name}" routes ${d.domain} to on-premises by MX, but the MX points to Exchange Online: the message loops (554 5.4.14 ATTR34).` });
        }
        if (!toEop && d.type === "Authoritative" && tenant.recipients !== undefined) {
          out.push({ resource, message: `${d.domain} is Authoritative (DBEB) but its MX points to ${mx.map((r) => r.exchange).join(", ")}; DBEB works only when the MX points to Exchange Online.` });
        }
      }
    }
    return out;
  },
};
