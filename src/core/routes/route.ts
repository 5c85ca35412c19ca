/**
 * Follows one message from an on-premises send connector (or a cloud mailbox) hop by hop to its
 * final recipient: which send connector and smart host or MX, where it lands in EOP, who attributes
 * it, whether it is relayed on to another tenant, and what SPF the final recipient computes.
 */
import { classicEopMxHost, domainOf, isEopEndpoint, patternCovers } from "../domains";
import { OnPremises, OnPremServer, SendConnector, Tenant } from "../model/types";
import { HopResult, SpfResultCode } from "../result";
import { Engine } from "../simulate";
import { POOL_SAMPLE_ADDRESS } from "../delivery/egress";

export interface RouteStart {
  readonly org: OnPremises;
  readonly server: OnPremServer;
  readonly egressIp: string;
  readonly mailFrom: string;
  readonly recipient: string;
}

export interface RouteHop {
  /** "EOP forest EU1" or "internet" or "on-premises". */
  readonly at: string;
  readonly result?: HopResult;
  readonly note: string;
}

export interface Route {
  readonly sendConnector: SendConnector | undefined;
  readonly hops: RouteHop[];
  readonly outcome: "delivered" | "rejected" | "undeliverable";
  /** Where the message ends: "tenant:X", "internet", "onPremises", or where it was refused. */
  readonly endsAt: string;
  /** Tenant that relayed mail for a recipient it does not host, when the recipient is hosted by another tenant. */
  readonly capturedBy: string | null;
  readonly finalSpf: SpfResultCode | null;
  readonly certainty: "documented" | "uncertain";
  readonly gaps: string[];
  /** Assumptions the route made because the world does not say (e.g. an MX that is not described). */
  readonly assumptions: string[];
}

function addressSpaceRank(pattern: string): number {
  return pattern === "*" ? 0 : pattern.startsWith("*.") ? pattern.length : 10_000 + pattern.length;
}

/** The send connector Exchange picks: the most specific address space among those the server may use. */
export function selectSendConnector(org: OnPremises, server: OnPremServer, domain: string): SendConnector | undefined {
  let best: SendConnector | undefined;
  let bestRank = -1;
  for (const sc of org.sendConnectors) {
    if (!sc.enabled || !sc.sourceServers.includes(server.name)) continue;
    for (const space of sc.addressSpaces) {
      if (patternCovers(space, domain) && addressSpaceRank(space) > bestRank) {
        best = sc;
        bestRank = addressSpaceRank(space);
      }
    }
  }
  return best;
}

export class RouteSimulator {
  private readonly eopHostForest = new Map<string, string>();

  constructor(private readonly engine: Engine) {
    for (const t of engine.world.tenants) for (const d of t.acceptedDomains) this.eopHostForest.set(classicEopMxHost(d.domain), t.forest);
  }

  /** The forest an EOP host name lands in: the tenant whose domain it was made for, else the sender's hybrid tenant. */
  private forestOfEopHost(host: string, fallback: Tenant): { forest: string; assumed: boolean } {
    const known = this.eopHostForest.get(host);
    return known ? { forest: known, assumed: false } : { forest: fallback.forest, assumed: true };
  }

  fromOnPremises(start: RouteStart): Route {
    const hybridTenant = this.engine.index.tenantsById.get(start.org.tenant)!;
    const domain = domainOf(start.recipient);
    const assumptions: string[] = [];
    const sc = selectSendConnector(start.org, start.server, domain);
    if (!sc) {
      return this.finish(undefined, [{ at: "on-premises", note: `no send connector on ${start.server.name} covers ${domain}` }], "undeliverable", "on-premises", null, null, assumptions);
    }
    let landing: string | undefined;
    let via: string;
    if (sc.smartHosts.length > 0) {
      const host = sc.smartHosts[0]!;
      if (!isEopEndpoint(host)) {
        return this.finish(sc, [{ at: "on-premises", note: `send connector "${sc.name}" hands the message to smart host ${host}, outside Exchange Online` }], "delivered", `smartHost:${host}`, null, null, assumptions);
      }
      const f = this.forestOfEopHost(host, hybridTenant);
      if (f.assumed) assumptions.push(`smart host ${host} is taken to land in ${hybridTenant.id}'s forest ${f.forest}`);
      landing = f.forest;
      via = `smart host ${host}`;
    } else {
      const mx = this.engine.world.dns[domain]?.mx;
      const owner = this.engine.index.ownerOf(domain);
      if (mx && mx.length > 0) {
        const top = [...mx].sort((a, b) => a.preference - b.preference)[0]!;
        if (isEopEndpoint(top.exchange)) landing = this.forestOfEopHost(top.exchange, owner?.tenant ?? hybridTenant).forest;
        via = `MX ${top.exchange}`;
      } else if (owner) {
        landing = owner.tenant.forest;
        via = `MX of ${domain}`;
        assumptions.push(`the MX of ${domain} is not described; it is taken to point to Exchange Online (${owner.tenant.id}, forest ${landing})`);
      } else {
        via = `MX of ${domain}`;
      }
    }
    const message = {
      forest: landing ?? "",
      tls: sc.certificate,
      starttls: true,
      connectingIp: start.egressIp,
      mailFrom: start.mailFrom,
      rcptTo: [start.recipient],
      senderCloudServicesMailEnabled: sc.cloudServicesMailEnabled,
    };
    const sent: RouteHop = { at: "on-premises", note: `${start.server.name} (${start.egressIp}) sends through "${sc.name}" via ${via}${sc.certificate ? `, presenting ${sc.certificate.subject}` : ", presenting no certificate"}` };
    if (landing === undefined) {
      const spf = this.engine.spfVerdict(start.mailFrom, start.egressIp);
      return this.finish(sc, [sent, { at: "internet", note: `delivered directly by ${start.server.name}` }], "delivered", "internet", null, spf, assumptions);
    }
    const hop1 = this.engine.simulate(message, { explain: false });
    return this.continueFromEop(sc, [sent], hop1, landing, start.recipient, assumptions);
  }

  fromMailbox(tenant: Tenant, mailFrom: string, recipient: string): Route {
    const hop1 = this.engine.simulate({ forest: tenant.forest, mailboxTenant: tenant.id, starttls: true, mailFrom, rcptTo: [recipient] }, { explain: false });
    return this.continueFromEop(undefined, [], hop1, tenant.forest, recipient, []);
  }

  /** Mail from an unknown internet server to a recipient, arriving wherever the recipient domain's MX points. */
  fromInternet(ip: string, mailFrom: string, recipient: string): Route {
    const domain = domainOf(recipient);
    const owner = this.engine.index.ownerOf(domain);
    const assumptions: string[] = [];
    const mx = this.engine.world.dns[domain]?.mx;
    let forest: string | undefined;
    if (mx && mx.length > 0) {
      const top = [...mx].sort((a, b) => a.preference - b.preference)[0]!;
      if (isEopEndpoint(top.exchange)) forest = this.forestOfEopHost(top.exchange, owner?.tenant ?? this.engine.world.tenants[0]!).forest;
      else return this.finish(undefined, [{ at: "internet", note: `MX ${top.exchange} is outside Exchange Online` }], "delivered", `mx:${top.exchange}`, null, null, assumptions);
    } else if (owner) {
      forest = owner.tenant.forest;
      assumptions.push(`the MX of ${domain} is not described; it is taken to point to Exchange Online (${owner.tenant.id}, forest ${forest})`);
    }
    if (forest === undefined) return this.finish(undefined, [{ at: "internet", note: `${domain} is not hosted in Exchange Online` }], "delivered", "internet", null, null, assumptions);
    const hop = this.engine.simulate({ forest, tls: null, starttls: true, connectingIp: ip, mailFrom, rcptTo: [recipient] }, { explain: false });
    return this.continueFromEop(undefined, [], hop, forest, recipient, assumptions);
  }

  private continueFromEop(sc: SendConnector | undefined, hops: RouteHop[], hop1: HopResult, forest: string, recipient: string, assumptions: string[]): Route {
    hops.push({ at: `EOP forest ${forest}`, result: hop1, note: describeHop(hop1) });
    const gaps = [...hop1.gaps];
    if (hop1.outcome === "rejected") return this.finish(sc, hops, "rejected", `EOP forest ${forest}`, null, null, assumptions, gaps);
    if (hop1.outcome === "delivered") return this.finish(sc, hops, "delivered", `tenant:${hop1.attribution.tenant}`, null, hop1.finalSpf, assumptions, gaps);
    const next = hop1.nextHop!;
    if (!next.startsWith("tenant:")) return this.finish(sc, hops, "delivered", next, null, hop1.finalSpf, assumptions, gaps);
    const target = this.engine.index.tenantsById.get(next.slice(7))!;
    const pool = hop1.egressPool ?? "outbound";
    const hop2 = this.engine.simulate(
      { forest: target.forest, tls: null, starttls: true, connectingIp: POOL_SAMPLE_ADDRESS[pool], mailFrom: hop1.mailFromOut ?? "", rcptTo: [recipient] },
      { explain: false },
    );
    hops.push({ at: `EOP forest ${target.forest}`, result: hop2, note: describeHop(hop2) });
    for (const g of hop2.gaps) if (!gaps.includes(g)) gaps.push(g);
    const captured = hop1.attribution.direction === "Originating" && hop1.attribution.by !== "mailbox" ? hop1.attribution.tenant : null;
    const outcome = hop2.outcome === "rejected" ? "rejected" : "delivered";
    return this.finish(sc, hops, outcome, outcome === "rejected" ? `EOP forest ${target.forest}` : `tenant:${target.id}`, captured, hop1.finalSpf, assumptions, gaps);
  }

  private finish(
    sendConnector: SendConnector | undefined,
    hops: RouteHop[],
    outcome: Route["outcome"],
    endsAt: string,
    capturedBy: string | null,
    finalSpf: SpfResultCode | null,
    assumptions: string[],
    gaps: string[] = [],
  ): Route {
    return { sendConnector, hops, outcome, endsAt, capturedBy, finalSpf, certainty: gaps.length > 0 ? "uncertain" : "documented", gaps, assumptions };
  }
}

export function describeHop(r: HopResult): string {
  const a = r.attribution;
  if (r.outcome === "rejected") return `rejected: ${r.ndr!.code}${r.ndr!.tag ? ` ${r.ndr!.tag}` : ""} ${r.ndr!.text}`;
  const who = `${a.direction} ${a.direction === "Incoming" ? "to" : "from"} ${a.tenant} by ${a.by}${a.connector ? ` via connector "${a.connector}"` : ""}`;
  if (r.outcome === "delivered") return `${who}; delivered`;
  return `${who}; relayed to ${r.nextHop}${r.egressPool ? ` from the ${r.egressPool} pool` : ""}`;
}
