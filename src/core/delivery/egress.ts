/**
 * How mail relayed by a tenant leaves Exchange Online (attribution-model.md §4.3): from the normal
 * outbound pool covered by spf.protection.outlook.com, or from the relay pool 40.95.0.0/16 that no
 * SPF record covers, and whether SRS rewrites the MAIL FROM.
 */
import { domainOf } from "../domains";
import { Tenant } from "../model/types";
import { HopContext } from "./hop-context";

/** Addresses standing for each pool when the final recipient evaluates SPF. 40.107.21.80 was seen in the seed incident. */
export const POOL_SAMPLE_ADDRESS = { outbound: "40.107.21.80", relay: "40.95.85.10" } as const;

export interface Egress {
  readonly pool: "outbound" | "relay" | null;
  readonly mailFrom: string;
}

export function egressForRelay(ctx: HopContext, tenant: Tenant, fromMailbox: boolean): Egress {
  const { trace, p1Domain } = ctx;
  const p1 = ctx.message.mailFrom;
  if (fromMailbox) {
    trace.step("POOL", ["S23"], () => "Mail sent by a cloud mailbox leaves from the normal outbound pool (covered by spf.protection.outlook.com).");
    return { pool: "outbound", mailFrom: p1 };
  }
  if (p1 === "") {
    trace.step(
      "POOL",
      ["S23", "S34"],
      () => "The null sender has no domain for SPF to check; which pool relays on-premises NDRs is not documented (X10: service-generated NDRs use the high-risk pool), so no pool is stated.",
    );
    return { pool: null, mailFrom: p1 };
  }
  if (ctx.index.acceptedIn(tenant, p1Domain)) {
    trace.step("POOL", ["S23", "S34"], () => `MAIL FROM domain ${p1Domain} is an accepted domain of ${tenant.id}, so the message leaves from the normal outbound pool.`);
    return { pool: "outbound", mailFrom: p1 };
  }
  const onArrival = ctx.conn.ipText ? ctx.spf(p1Domain, ctx.conn.ipText, p1) : undefined;
  if (onArrival?.result === "pass") {
    const { domain, assumed } = ctx.index.defaultDomain(tenant);
    const rewritten = `bounces+SRS=hash=ts@${domain}`;
    trace.step(
      "SRS",
      ["S24", "S34"],
      () =>
        `${p1Domain} is not accepted by ${tenant.id} but SPF passed on arrival, so the message leaves from the outbound pool and SRS rewrites MAIL FROM to ${rewritten}` +
        (assumed ? ` (default domain assumed to be ${domain}; mark the real one with default: true).` : "."),
    );
    return { pool: "outbound", mailFrom: rewritten };
  }
  trace.step(
    "POOL",
    ["S23", "S34"],
    () => `${p1Domain} is not accepted by ${tenant.id} and SPF did not pass on arrival (${onArrival?.result ?? "not evaluated"}), so the message leaves from the relay pool 40.95.0.0/16, which no SPF record covers, without SRS.`,
  );
  return { pool: "relay", mailFrom: p1 };
}

/** RFC 7208 at the final recipient, for the P1 domain as it arrives there. */
export function finalSpfAt(ctx: HopContext, mailFrom: string, ip: string) {
  const domain = domainOf(mailFrom);
  if (domain === "") return null;
  const verdict = ctx.spf(domain, ip, mailFrom);
  ctx.trace.step("SPF", ["S27", "S23"], () => `The final recipient evaluates SPF for ${domain} against ${ip}: ${verdict.result} (${verdict.reason}).`);
  return { result: verdict.result, domain, ip, reason: verdict.reason };
}
