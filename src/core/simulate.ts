/**
 * Simulates one message at one EOP hop: attribution (Originating, else Incoming), then delivery,
 * relay or rejection per recipient, how relayed mail leaves, and the SPF result the final recipient
 * computes. The engine is built once per world and reused for every message.
 */
import { certificateVerdict, matchByAddress, testOriginating, ArrivingConnection, OriginatingResult } from "./attribution/originating";
import { HopContext, RecipientDisposition } from "./delivery/hop-context";
import { POOL_SAMPLE_ADDRESS, finalSpfAt } from "./delivery/egress";
import { associatePartnerConnector } from "./delivery/partner-connector";
import { deliverInTenant, relayFromTenant } from "./delivery/tenant-routing";
import { centralizedTransportConnector } from "./delivery/outbound-connector";
import { domainOf } from "./domains";
import { Message, Tenant, World } from "./model/types";
import { AttributionVerdict, WorldIndex, documentedVerdict } from "./model/world-index";
import { ipv4ToNumber } from "./net/ipv4";
import { ndr } from "./ndr";
import { Attribution, HopResult, RecipientResult, SpfResultCode, SpfVerdict } from "./result";
import { DnsView, checkHost, withMicrosoftSpfRecords, worldDnsView } from "./spf";
import { Trace } from "./trace";

export interface SimulateOptions {
  /** Build the prose trace (default true). The matrix and benchmarks turn it off; gaps are kept either way. */
  readonly explain?: boolean;
}

/** One SPF verdict the engine keeps: the result, its reason, and the undescribed target it rests on, if any. */
export interface SpfVerdictMemo {
  readonly result: SpfResultCode;
  readonly reason: string;
  readonly undescribed?: string;
}

const NO_ATTRIBUTION: Attribution = Object.freeze({ tenant: null, direction: null, by: null, connector: null });
const NOT_ATTRIBUTED = documentedVerdict(NO_ATTRIBUTION);

export class Engine {
  readonly index: WorldIndex;
  readonly dns: DnsView;
  private readonly spfMemo = new Map<string, SpfVerdictMemo>();
  private readonly spf = (domain: string, ip: string, sender: string) => this.spfCheck(domain, ip, sender);

  /**
   * `dns` replaces the world's offline records, e.g. with a live snapshot that carries lookup failures.
   * Offline, Microsoft's published SPF records fill in what the world does not describe itself.
   */
  constructor(
    readonly world: World,
    options: { dns?: DnsView } = {},
  ) {
    this.index = new WorldIndex(world);
    this.dns = options.dns ?? worldDnsView(withMicrosoftSpfRecords(world.dns), [], { offline: true });
  }

  /** RFC 7208 check_host(); the result depends only on domain and IP unless the record uses local-part macros, which is rare enough to key on the sender too. */
  spfCheck(domain: string, ip: string, sender: string): SpfVerdictMemo {
    const key = `${domain}|${ip}|${sender}`;
    let verdict = this.spfMemo.get(key);
    if (!verdict) {
      const r = checkHost(this.dns, { ip, domain, sender });
      verdict = r.undescribed !== undefined ? { result: r.result, reason: r.reason, undescribed: r.undescribed } : { result: r.result, reason: r.reason };
      this.spfMemo.set(key, verdict);
    }
    return verdict;
  }

  /** The SPF result for a MAIL FROM sent from an address; null for the null sender. */
  spfVerdict(mailFrom: string, ip: string): SpfResultCode | null {
    const domain = domainOf(mailFrom);
    return domain === "" ? null : this.spfCheck(domain, ip, mailFrom).result;
  }

  /**
   * Attribution alone (who owns this hop, and how), without delivery, relay or SPF: what a policy or
   * a benchmark needs per message, at the cost of a few map look-ups.
   */
  attribute(message: Message): AttributionVerdict {
    if (message.mailboxTenant !== undefined) return { attribution: { tenant: message.mailboxTenant, direction: "Originating", by: "mailbox", connector: null }, certainty: "documented" };
    const forest = this.index.forest(message.forest);
    const conn = this.scratchConnection.describe(message);
    const trace = this.quietTrace.reset();
    let verdict: AttributionVerdict | undefined;
    if (forest !== undefined && conn.certificate !== null) {
      // Most connections that present a certificate are decided by it alone, with a verdict memoised per certificate.
      const decided = certificateVerdict(this.index, forest, conn.certificate);
      if (decided !== null) return decided;
      verdict = testOriginating(this.index, forest, conn, trace).match?.verdict;
    } else if (forest !== undefined) {
      verdict = matchByAddress(this.index, forest, conn, trace)?.verdict;
    }
    if (!verdict) {
      const owner = this.index.ownerOfAddress(message.rcptTo[0]!);
      if (owner && owner.forest !== message.forest) trace.gap("X2");
      verdict = owner ? owner.incoming : NOT_ATTRIBUTED;
    }
    // The shared verdicts are documented ones; a gap on the way makes this message's own copy uncertain.
    return trace.certainty === "documented" ? verdict : { attribution: verdict.attribution, certainty: "uncertain" };
  }

  /** Reused by `attribute`, which never writes prose; reset before each message. */
  private readonly quietTrace = new Trace(false);
  /** Reused by `attribute`: testOriginating reads the connection but never keeps it. */
  private readonly scratchConnection = new ScratchConnection();

  simulate(message: Message, options: SimulateOptions = {}): HopResult {
    const trace = new Trace(options.explain ?? true);
    const conn = arrivingConnection(message);
    const ctx: HopContext = { index: this.index, spf: this.spf, message, conn, p1Domain: domainOf(message.mailFrom), trace };
    if (message.mailboxTenant !== undefined) return this.fromMailbox(ctx, this.index.tenantsById.get(message.mailboxTenant)!);

    trace.step("R1", ["S2"], () => `Attribution in forest ${message.forest}: the Originating test comes first, then Incoming.`);
    if (message.tls && !message.starttls) {
      const subject = message.tls.subject;
      trace.step("TLS", ["S36"], () => `The session was not encrypted (no STARTTLS), so no client certificate is exchanged: ${subject} is not presented and only the IP address can match a connector.`);
    }
    const originating = testOriginating(this.index, this.index.forest(message.forest), conn, trace);
    const match = originating.match;
    if (match) {
      const attribution: Attribution = { ...match.verdict.attribution };
      const internal = this.authAsInternal(ctx, match.tenant, match.connector);
      const dispositions = message.rcptTo.map((rcpt) => {
        const domain = domainOf(rcpt);
        const owner = this.index.acceptedIn(match.tenant, domain);
        return owner
          ? deliverInTenant(ctx, match.tenant, rcpt, owner, { connector: match.connector.name, fromMailbox: false })
          : relayFromTenant(ctx, match.tenant, domain, false);
      });
      return this.assemble(ctx, attribution, internal ? "Internal" : "Anonymous", dispositions);
    }
    return this.incoming(ctx, originating);
  }

  private authAsInternal(ctx: HopContext, tenant: Tenant, connector: Tenant["inboundConnectors"][number]): boolean {
    const onPremSide = ctx.message.senderCloudServicesMailEnabled;
    if (connector.cloudServicesMailEnabled && onPremSide !== false) {
      ctx.trace.step(
        "R13",
        ["S13", "S21"],
        () => `CloudServicesMailEnabled is set on "${connector.name}"${onPremSide === undefined ? " (and assumed on the on-premises send connector, as HCW sets it)" : " and on the on-premises send connector"}: AuthAs Internal.`,
      );
      return true;
    }
    if (connector.treatMessagesAsInternal && ctx.index.acceptedIn(tenant, ctx.p1Domain)) {
      ctx.trace.step("R13", ["S13"], () => `TreatMessagesAsInternal on "${connector.name}" and an accepted MAIL FROM domain: AuthAs Internal.`);
      return true;
    }
    ctx.trace.step("R13", ["S21", "S30"], () => "Originating is not Internal without CloudServicesMailEnabled on both sides: AuthAs Anonymous.");
    return false;
  }

  private incoming(ctx: HopContext, originating: OriginatingResult): HopResult {
    const { trace, index, message } = ctx;
    let incomingTenant: Tenant | undefined;
    let connectorName: string | null = null;
    const dispositions: RecipientDisposition[] = message.rcptTo.map((rcpt, i): RecipientDisposition => {
      const domain = domainOf(rcpt);
      const owner = index.ownerOf(domain);
      if (!owner) {
        if (originating.matchedWithoutAcceptedDomain.length > 0) {
          const names = originating.matchedWithoutAcceptedDomain.map((r) => `"${r.connector.name}" (${r.tenant.id})`).join(", ");
          trace.step(
            "R8",
            ["S4", "S5", "S14"],
            () => `${domain} is not accepted by any tenant, and connector ${names} matched the sender but neither the certificate domain nor the MAIL FROM domain is accepted: relay denied (ATTR36).`,
          );
          return { kind: "rejected", ndr: ndr("attr36"), tenant: null };
        }
        const disabledNote = originating.disabled.length > 0 ? " Only a disabled connector matched; retired docs give 550 5.4.1 Relay Access Denied for that case (X6)." : "";
        trace.step("R7", ["S2", "S6", "S10"], () => `${domain} is not accepted by any tenant and no connector attributes the sender: relay denied.${disabledNote}`, disabledNote ? "X6" : undefined);
        return { kind: "rejected", ndr: ndr("tenantAttribution"), tenant: null };
      }
      const tenant = owner.tenant;
      if (i > 0 && incomingTenant && tenant !== incomingTenant) {
        trace.step("R10", ["S3"], () => `${rcpt} belongs to ${tenant.id}, not to ${incomingTenant!.id} like the first recipient; one transaction resolves to one tenant, so it is deferred.`, "X13");
        return { kind: "rejected", ndr: ndr("tooManyRecipients"), tenant: tenant.id };
      }
      incomingTenant ??= tenant;
      trace.step("R7", ["S2"], () => `Not Originating: Incoming to ${tenant.id}, which accepts ${domain}${owner.viaMatchSubDomains ? ` (through MatchSubDomains on ${owner.accepted.domain})` : ""}.`);
      if (tenant.forest !== message.forest) {
        trace.step("R2", ["S17", "S8"], () => `${tenant.id} is in forest ${tenant.forest} but the connection landed in ${message.forest}; S17 says mail is attributed to the recipient's tenant "where the tenants' regions allow it".`, "X2");
      }
      const partner = associatePartnerConnector(ctx, tenant, domain);
      if (partner.reject) return { kind: "rejected", ndr: partner.reject, tenant: tenant.id };
      connectorName ??= partner.connector?.name ?? null;
      if (tenant.organization.rejectDirectSend && !partner.matchedBySource) {
        const ownSender = index.acceptedIn(tenant, ctx.p1Domain);
        if (ownSender) {
          trace.step("RDS", ["S18", "S13"], () => `${tenant.id} has RejectDirectSend and MAIL FROM ${ctx.p1Domain} is its own accepted domain, but no connector matched the sender by certificate or IP: rejected (5.7.68).`);
          return { kind: "rejected", ndr: ndr("directSend"), tenant: tenant.id };
        }
      }
      return deliverInTenant(ctx, tenant, rcpt, owner, { connector: partner.connector?.name ?? null, fromMailbox: false });
    });
    const first = dispositions[0]!;
    const attribution: Attribution =
      first.kind === "rejected" ? NO_ATTRIBUTION : { tenant: first.tenant, direction: "Incoming", by: "recipient", connector: connectorName };
    return this.assemble(ctx, attribution, "Anonymous", dispositions);
  }

  private fromMailbox(ctx: HopContext, tenant: Tenant): HopResult {
    const { trace, message } = ctx;
    trace.step("R1", ["S2", "S21"], () => `Sent by a cloud mailbox of ${tenant.id}: Originating, AuthAs Internal.`);
    const cmt = centralizedTransportConnector(tenant);
    const dispositions = message.rcptTo.map((rcpt): RecipientDisposition => {
      const domain = domainOf(rcpt);
      const owner = this.index.acceptedIn(tenant, domain);
      if (owner) return deliverInTenant(ctx, tenant, rcpt, owner, { connector: null, fromMailbox: true });
      if (cmt) {
        trace.step("CMT", ["S12"], () => `Centralized mail transport: "${cmt.name}" routes ${tenant.id}'s external mail through on-premises first.`);
        return { kind: "relayed", tenant: tenant.id, nextHop: "onPremises", leaves: null };
      }
      return relayFromTenant(ctx, tenant, domain, true);
    });
    return this.assemble(ctx, { tenant: tenant.id, direction: "Originating", by: "mailbox", connector: null }, "Internal", dispositions);
  }

  private assemble(ctx: HopContext, attribution: Attribution, authAs: "Internal" | "Anonymous", dispositions: RecipientDisposition[]): HopResult {
    const perRecipient = dispositions.map((d, i) => this.recipientResult(ctx, ctx.message.rcptTo[i]!, d));
    const first = perRecipient[0]!;
    const rejected = first.result.outcome === "rejected";
    const result: HopResult = {
      certainty: ctx.trace.certainty,
      attribution: rejected ? { ...NO_ATTRIBUTION } : attribution,
      outcome: first.result.outcome,
      ndr: first.result.ndr,
      nextHop: first.result.nextHop,
      egressPool: first.result.egressPool,
      authAs: rejected ? null : authAs,
      finalSpf: first.result.finalSpf,
      finalSpfDetail: first.spf,
      mailFromOut: rejected ? null : first.mailFromOut,
      rejectedBy: first.rejectedBy,
      gaps: [...ctx.trace.gaps],
      trace: ctx.trace.steps,
    };
    if (perRecipient.length > 1) result.recipients = perRecipient.map((r) => r.result);
    return result;
  }

  private recipientResult(ctx: HopContext, address: string, d: RecipientDisposition) {
    let spf: SpfVerdict | null = null;
    const base = { address, ndr: null, nextHop: null, egressPool: null } as const;
    switch (d.kind) {
      case "rejected":
        return { result: { ...base, outcome: "rejected", ndr: d.ndr, finalSpf: null } as RecipientResult, spf, mailFromOut: null, rejectedBy: d.tenant };
      case "delivered":
        if (d.spfIp) spf = finalSpfAt(ctx, ctx.message.mailFrom, d.spfIp);
        return { result: { ...base, outcome: "delivered", finalSpf: spf?.result ?? null } as RecipientResult, spf, mailFromOut: ctx.message.mailFrom, rejectedBy: null };
      case "relayed": {
        const leaves = d.leaves;
        if (leaves?.pool) spf = finalSpfAt(ctx, leaves.mailFrom, POOL_SAMPLE_ADDRESS[leaves.pool]);
        const result: RecipientResult = { ...base, outcome: "relayed", nextHop: d.nextHop, egressPool: leaves?.pool ?? null, finalSpf: spf?.result ?? null };
        return { result, spf, mailFromOut: leaves?.mailFrom ?? ctx.message.mailFrom, rejectedBy: null };
      }
    }
  }
}

/**
 * An ArrivingConnection rewritten in place for each message, so the hot path allocates nothing for it.
 * The address is parsed only when asked for: a certificate decides most connections that present one,
 * and reading the address text would be one more place in memory touched per message.
 */
class ScratchConnection implements ArrivingConnection {
  certificate: Message["tls"] & ArrivingConnection["certificate"] = null;
  starttls = true;
  ipText = "";
  mailFrom = "";
  private parsedIp: number | undefined = undefined;
  private parsed = false;

  get ip(): number | undefined {
    if (!this.parsed) {
      this.parsedIp = this.ipText ? ipv4ToNumber(this.ipText) : undefined;
      this.parsed = true;
    }
    return this.parsedIp;
  }

  describe(message: Message): this {
    this.certificate = presentedCertificate(message);
    this.starttls = message.starttls;
    this.ipText = message.connectingIp ?? "";
    this.parsed = false;
    this.mailFrom = message.mailFrom;
    return this;
  }
}

/**
 * A client certificate is exchanged only in the TLS handshake that STARTTLS starts (RFC 3207), so a
 * cleartext session presents none, whatever certificate the server has configured.
 */
function presentedCertificate(message: Message): ArrivingConnection["certificate"] {
  return message.starttls ? (message.tls ?? null) : null;
}

function arrivingConnection(message: Message): ArrivingConnection {
  const ipText = message.connectingIp ?? "";
  return {
    certificate: presentedCertificate(message),
    starttls: message.starttls,
    ip: ipText ? ipv4ToNumber(ipText) : undefined,
    ipText,
    mailFrom: message.mailFrom,
  };
}

export function simulate(world: World, message: Message, options?: SimulateOptions): HopResult {
  return new Engine(world).simulate(message, options);
}
