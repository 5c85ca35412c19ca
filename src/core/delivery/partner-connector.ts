/**
 * R7/R14: an Incoming message is associated with one of the recipient tenant's Partner connectors,
 * whose restrictions may reject it (5.7.51), or with the default connector.
 */
import { isAtOrBelow, patternCovers } from "../domains";
import { InboundConnector, Tenant } from "../model/types";
import { parseIpv4Range, rangeContains } from "../net/ipv4";
import { Ndr } from "../result";
import { ndr } from "../ndr";
import { HopContext } from "./hop-context";
import { presentedNames } from "../attribution/originating";

export interface PartnerAssociation {
  readonly connector: InboundConnector | undefined;
  /** The connector matched the connection by certificate or IP (what RejectDirectSend counts). */
  readonly matchedBySource: boolean;
  readonly reject?: Ndr;
}

export function certificateNameCovers(pattern: string, presented: string): boolean {
  if (pattern.startsWith("*.")) return presented === pattern || isAtOrBelow(presented, pattern.slice(2));
  return pattern === presented;
}

function matchesBySource(c: InboundConnector, ctx: HopContext): "certificate" | "ip" | undefined {
  const name = c.tlsSenderCertificateName;
  if (name && ctx.conn.certificate && presentedNames(ctx.conn.certificate).some((p) => certificateNameCovers(name, p))) return "certificate";
  const ip = ctx.conn.ip;
  if (ip !== undefined && c.senderIPAddresses.some((r) => rangeContains(parseIpv4Range(r), ip))) return "ip";
  return undefined;
}

function coversSender(c: InboundConnector, p1Domain: string): boolean {
  return c.senderDomains.some((pattern) => pattern === "*" || (p1Domain !== "" && patternCovers(pattern, p1Domain)));
}

export function associatePartnerConnector(ctx: HopContext, tenant: Tenant, recipientDomain: string): PartnerAssociation {
  const { trace, p1Domain } = ctx;
  const partners = tenant.inboundConnectors.filter((c) => c.connectorType === "Partner" && c.enabled);
  const tlsCheck = (c: InboundConnector): PartnerAssociation => {
    if (c.requireTls && !ctx.message.starttls) {
      trace.step("R7", ["S13"], () => `Partner connector "${c.name}" requires TLS and the session was not encrypted: rejected (the exact response code is not documented).`);
      return { connector: c, matchedBySource: true, reject: ndr("requireTls") };
    }
    return { connector: c, matchedBySource: true };
  };
  for (const c of partners) {
    const how = matchesBySource(c, ctx);
    if (how) {
      trace.step("R7", ["S2", "S12"], () => `The connection matches Partner connector "${c.name}" of ${tenant.id} by ${how}.`);
      return tlsCheck(c);
    }
  }
  for (const c of partners) {
    if (!(c.restrictDomainsToCertificate || c.restrictDomainsToIPAddresses) || !coversSender(c, p1Domain)) continue;
    if (c.associatedAcceptedDomains.length > 0 && !c.associatedAcceptedDomains.includes(recipientDomain)) {
      trace.step("R7", ["S13", "S33"], () => `Partner connector "${c.name}" restricts senders but is scoped by AssociatedAcceptedDomains to other recipient domains than ${recipientDomain}.`, "X7");
      continue;
    }
    const restriction = c.restrictDomainsToCertificate ? `certificate ${c.tlsSenderCertificateName ?? "(none)"}` : `IP addresses ${c.senderIPAddresses.join(", ")}`;
    trace.step("R7", ["S19", "S12"], () => `Partner connector "${c.name}" of ${tenant.id} only accepts ${p1Domain || "these senders"} from ${restriction}; this connection does not match: rejected (5.7.51).`);
    return { connector: c, matchedBySource: false, reject: ndr("partnerRestriction") };
  }
  const bySender = partners.find((c) => !c.tlsSenderCertificateName && c.senderIPAddresses.length === 0 && coversSender(c, p1Domain));
  if (bySender) {
    trace.step("R7", ["S2", "S13"], () => `Associated with Partner connector "${bySender.name}" of ${tenant.id} by sender domain.`);
    const checked = tlsCheck(bySender);
    return { ...checked, matchedBySource: false };
  }
  trace.step("R7", ["S2"], () => `No Partner connector of ${tenant.id} applies: the message arrives through the default inbound connector.`);
  return { connector: undefined, matchedBySource: false };
}
