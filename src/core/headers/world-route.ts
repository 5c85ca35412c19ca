/**
 * With a world: the route the model predicts for the envelope the headers show, beside what the
 * headers show, and where the two disagree. The start is taken from the first attribution: an
 * on-premises server whose egress address the stamps name, or a cloud mailbox of the tenant.
 */
import { domainOf } from "../domains";
import type { World } from "../model/schema";
import { describeHop, RouteSimulator, type Route } from "../routes/route";
import { Engine } from "../simulate";
import type { DnsView } from "../spf";
import type { Attribution, AuthenticationResult, Egress, RouteComparison } from "./types";

function observedLines(attributions: readonly Attribution[], egress: Egress | null, atReceiver: AuthenticationResult | null): string[] {
  const lines = attributions.map((a) => `attributed to ${a.worldTenant ?? a.tenantId ?? "an unstamped tenant"} (${a.path}${a.authAs ? `, AuthAs ${a.authAs}` : ""})`);
  lines.push(egress ? `left Exchange Online from ${egress.ip} (${egress.pool} pool)` : "did not leave Exchange Online to a server outside Microsoft");
  if (atReceiver) lines.push(`SPF ${atReceiver.spf} at ${atReceiver.receiver}`);
  return lines;
}

export function compareWithWorld(
  world: World,
  dns: DnsView | undefined,
  attributions: readonly Attribution[],
  egress: Egress | null,
  atReceiver: AuthenticationResult | null,
  mailFrom: string | null,
  recipient: string | null,
): RouteComparison {
  const observed = observedLines(attributions, egress, atReceiver);
  const assumptions: string[] = [];
  const first = attributions.find((a) => a.path === "on-premises-relay" || a.path === "cloud-mailbox" || a.path === "on-premises-inbound");
  if (!first || !recipient) {
    return { predicted: [], observed, disagreements: [], assumptions: [!first ? "the headers show no on-premises relay or cloud-mailbox start the model can simulate" : "the headers name no recipient (no `for <...>` and no To)"] };
  }
  const engine = new Engine(world, dns ? { dns } : {});
  const routes = new RouteSimulator(engine);
  const from = mailFrom ?? "";
  if (!mailFrom) assumptions.push("the MAIL FROM is not in the headers; the null sender is used");
  let route: Route | null = null;
  if (first.path === "cloud-mailbox") {
    const tenant = first.worldTenant ? engine.index.tenantsById.get(first.worldTenant) : undefined;
    if (tenant) route = routes.fromMailbox(tenant, from, recipient);
    else assumptions.push(`tenant ${first.tenantId ?? "(unstamped)"} is not in the world (give the tenant its GUID as id, or an accepted domain matching X-OriginatorOrg)`);
  } else {
    const ip = first.connectingIp;
    const org = world.onPremises.find((o) => o.servers.some((s) => ip !== null && s.egressIps.includes(ip)));
    const server = org?.servers.find((s) => ip !== null && s.egressIps.includes(ip));
    if (org && server && ip) route = routes.fromOnPremises({ org, server, egressIp: ip, mailFrom: from, recipient });
    else assumptions.push(`no on-premises server of the world sends from ${ip ?? "the attributed address"}; add it to onPremises[].servers[].egressIps`);
  }
  if (!route) return { predicted: [], observed, disagreements: [], assumptions };

  const predicted = route.hops.map((h) => `${h.at}: ${h.result ? describeHop(h.result) : h.note}`);
  predicted.push(`ends at ${route.endsAt}${route.capturedBy ? `, captured by ${route.capturedBy}` : ""}${route.finalSpf ? `, SPF ${route.finalSpf} at the recipient` : ""}`);
  assumptions.push(...route.assumptions);

  const disagreements: string[] = [];
  const eopHops = route.hops.filter((h) => h.result);
  const firstEop = eopHops[0]?.result;
  if (!firstEop) {
    disagreements.push(`the model predicts the message does not pass through Exchange Online (${route.hops.map((h) => h.note).join("; ")}), but the headers show it attributed to ${first.worldTenant ?? first.tenantId}`);
  } else if (firstEop.outcome === "rejected") {
    disagreements.push(`the model predicts a rejection (${describeHop(firstEop)}), but the headers show the message was accepted`);
  } else if (first.worldTenant && firstEop.attribution.tenant !== first.worldTenant) {
    disagreements.push(`the model attributes the first pass to ${firstEop.attribution.tenant}, the headers to ${first.worldTenant}`);
  }
  const predictedPool = eopHops.map((h) => h.result!.egressPool).find((p) => p !== null && p !== undefined) ?? null;
  if (egress && predictedPool && egress.pool !== "unknown" && predictedPool !== egress.pool) {
    disagreements.push(`the model predicts the ${predictedPool} pool, the headers show the ${egress.pool} pool (${egress.ip})`);
  }
  if (atReceiver?.spf && route.finalSpf && atReceiver.spf !== route.finalSpf) {
    disagreements.push(`the model predicts SPF ${route.finalSpf} at the recipient, ${atReceiver.receiver} recorded ${atReceiver.spf} (the record may have changed since, or the world's DNS differs)`);
  }
  const delivered = route.endsAt.startsWith("tenant:") ? route.endsAt.slice(7) : null;
  const observedTenants = attributions.map((a) => a.worldTenant).filter((t): t is string => t !== null);
  if (delivered && observedTenants.length > 0 && !observedTenants.includes(delivered)) {
    disagreements.push(`the model delivers into tenant ${delivered}, but no stamp shows that tenant`);
  }
  if (firstEop && route.endsAt === "internet" && !egress) {
    disagreements.push(`the model relays the message from Exchange Online to ${domainOf(recipient)} on the internet, but no hop in the headers leaves Exchange Online`);
  }
  if (egress && delivered) {
    disagreements.push(`the model delivers inside tenant ${delivered}, but the headers show the message leaving Exchange Online from ${egress.ip}`);
  }
  return { predicted, observed, disagreements, assumptions };
}
