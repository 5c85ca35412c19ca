/** Which outbound connector of a tenant carries mail for a recipient domain (S12, "set up connectors"). */
import { OutboundConnector, Tenant } from "../model/types";
import { isAtOrBelow } from "../domains";

/**
 * Exact recipient-domain match first, then a connector for all accepted domains (only for accepted
 * domains), then the longest wildcard, then `*`. Transport-rule-scoped and disabled connectors are
 * used only when a rule or an admin says so, never by routing.
 */
export function selectOutboundConnector(tenant: Tenant, domain: string, domainIsAccepted: boolean): OutboundConnector | undefined {
  let wildcard: OutboundConnector | undefined;
  let wildcardLength = -1;
  let catchAll: OutboundConnector | undefined;
  let allAccepted: OutboundConnector | undefined;
  for (const c of tenant.outboundConnectors) {
    if (!c.enabled || c.isTransportRuleScoped) continue;
    if (domainIsAccepted && c.allAcceptedDomains && !allAccepted) allAccepted = c;
    for (const pattern of c.recipientDomains) {
      if (pattern === domain) return c;
      if (pattern === "*") catchAll ??= c;
      else if (pattern.startsWith("*.") && isAtOrBelow(domain, pattern.slice(2)) && pattern.length > wildcardLength) {
        wildcard = c;
        wildcardLength = pattern.length;
      }
    }
  }
  return allAccepted ?? wildcard ?? catchAll;
}

/** Centralized mail transport: the tenant sends all its mailboxes' external mail through on-premises. */
export function centralizedTransportConnector(tenant: Tenant): OutboundConnector | undefined {
  return tenant.outboundConnectors.find((c) => c.enabled && c.connectorType === "OnPremises" && c.routeAllMessagesViaOnPremises);
}
