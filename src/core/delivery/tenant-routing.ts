/**
 * Once a tenant owns a message for a recipient: deliver to its directory, reject (DBEB), hand to
 * on-premises (InternalRelay), or relay towards another tenant or the internet.
 */
import { isEopEndpoint } from "../domains";
import { DomainOwnership } from "../model/world-index";
import { Tenant } from "../model/types";
import { ndr } from "../ndr";
import { egressForRelay } from "./egress";
import { HopContext, RecipientDisposition } from "./hop-context";
import { selectOutboundConnector } from "./outbound-connector";

export function deliverInTenant(
  ctx: HopContext,
  tenant: Tenant,
  recipient: string,
  owner: DomainOwnership,
  arrival: { connector: string | null; fromMailbox: boolean },
): RecipientDisposition {
  const { trace, index } = ctx;
  const domain = owner.accepted.domain;
  if (index.recipientExists(tenant, recipient)) {
    trace.step("R1", ["S2"], () => `${recipient} exists in ${tenant.id}: delivered.`);
    return { kind: "delivered", tenant: tenant.id, connector: arrival.connector, spfIp: arrival.fromMailbox ? null : ctx.conn.ipText || null };
  }
  if (owner.accepted.type === "Authoritative") {
    if (arrival.fromMailbox) {
      trace.step("DBEB", ["S10"], () => `${recipient} does not exist and ${domain} is Authoritative in ${tenant.id}: the sender gets a recipient-not-found NDR.`);
      return { kind: "rejected", ndr: ndr("recipientNotFound"), tenant: tenant.id };
    }
    trace.step("DBEB", ["S12", "S10"], () => `${recipient} does not exist and ${domain} is Authoritative in ${tenant.id}: Directory-Based Edge Blocking rejects it.`);
    return { kind: "rejected", ndr: ndr("dbeb"), tenant: tenant.id };
  }
  trace.step("IR", ["S12"], () => `${recipient} is not in ${tenant.id}'s directory and ${domain} is InternalRelay: Exchange Online relays it to on-premises.`);
  const connector = selectOutboundConnector(tenant, recipient.slice(recipient.lastIndexOf("@") + 1), true);
  if (connector && connector.connectorType === "OnPremises") {
    trace.step("IR", ["S12"], () => `Outbound connector "${connector.name}" carries it to on-premises (${connector.smartHosts.join(", ") || "by MX"}).`);
    return { kind: "relayed", tenant: tenant.id, nextHop: "onPremises", leaves: null };
  }
  const mx = ctx.index.world.dns[domain]?.mx;
  if (mx && mx.length > 0 && !mx.some((r) => isEopEndpoint(r.exchange))) {
    trace.step("IR", ["S12", "S9"], () => `No outbound connector to on-premises covers ${domain}; the MX (${mx.map((r) => r.exchange).join(", ")}) points away from Exchange Online, so the message follows it.`);
    return { kind: "relayed", tenant: tenant.id, nextHop: "internet", leaves: egressForRelay(ctx, tenant, arrival.fromMailbox) };
  }
  trace.step(
    "IR",
    ["S12", "S9"],
    () => `No outbound connector to on-premises covers ${domain} and its MX ${mx ? "points to Exchange Online" : "is not described, so it is taken to point to Exchange Online"}: the message loops until the hop count is exceeded (ATTR34).`,
  );
  return { kind: "rejected", ndr: ndr("loop"), tenant: tenant.id };
}

export function relayFromTenant(ctx: HopContext, tenant: Tenant, domain: string, fromMailbox: boolean): RecipientDisposition {
  const { trace, index } = ctx;
  const owner = index.ownerOf(domain);
  const connector = selectOutboundConnector(tenant, domain, false);
  if (connector?.connectorType === "OnPremises") {
    trace.step("R8", ["S12"], () => `Outbound connector "${connector.name}" of ${tenant.id} sends mail for ${domain} to on-premises.`);
    return { kind: "relayed", tenant: tenant.id, nextHop: "onPremises", leaves: null };
  }
  let nextHop = owner ? `tenant:${owner.tenant.id}` : "internet";
  if (connector) {
    const via = connector.smartHosts.length > 0 && !connector.useMxRecord ? `smart host ${connector.smartHosts.join(", ")}` : "MX";
    if (via !== "MX") nextHop = "internet";
    trace.step("R8", ["S12"], () => `Partner outbound connector "${connector.name}" of ${tenant.id} sends mail for ${domain} via ${via}.`);
  } else if (owner) {
    trace.step("R8", ["S2", "S17"], () => `${domain} belongs to tenant ${owner.tenant.id}: ${tenant.id} relays the message there (it is Incoming to ${owner.tenant.id} on the next hop).`);
  } else {
    trace.step("R8", ["S14"], () => `${domain} is not accepted by any tenant: ${tenant.id} relays the message to the internet.`);
  }
  return { kind: "relayed", tenant: tenant.id, nextHop, leaves: egressForRelay(ctx, tenant, fromMailbox) };
}
