/**
 * The envelope as the final receiver saw it, read back from the headers: the MAIL FROM and the
 * recipient of the hop that left Exchange Online. Each value names the field it came from, because
 * a MAIL FROM read from an earlier hop may since have been rewritten (SRS, S24).
 */
import type { AuthenticationResult, Egress, HeaderField, Hop } from "./types";

export interface EnvelopeGuess {
  readonly mailFrom: string;
  readonly source: string;
}

const clean = (s: string): string => s.trim().replace(/^<|>$/g, "");

export function mailFromAtEgress(egress: Egress, hops: readonly Hop[], auth: readonly AuthenticationResult[], fields: readonly HeaderField[]): EnvelopeGuess | null {
  const byIp = auth.find((r) => r.mailFrom && egress.ip !== null && r.clientIp === egress.ip);
  if (byIp?.mailFrom) return { mailFrom: clean(byIp.mailFrom), source: `${byIp.header} of ${byIp.receiver}` };
  const hop = hops[egress.hop]!;
  if (hop.envelopeFrom) return { mailFrom: clean(hop.envelopeFrom), source: `the Received field of ${hop.by ?? "the receiving host"} (envelope-from)` };
  const returnPath = fields.find((f) => f.key === "return-path");
  if (returnPath && egress.hop === hops.length - 1) return { mailFrom: clean(returnPath.value), source: "Return-Path (the receiver right after Exchange Online delivered the message)" };
  const onArrival = [...auth].reverse().find((r) => r.receiver.startsWith("Exchange Online") && r.mailFrom);
  if (onArrival?.mailFrom) return { mailFrom: clean(onArrival.mailFrom), source: `${onArrival.header} (MAIL FROM on arrival in Exchange Online; SRS may have rewritten it on the way out)` };
  return null;
}

export function recipientAtEgress(egress: Egress | null, hops: readonly Hop[], to: string | null): string | null {
  const start = egress ? egress.hop : 0;
  const withFor = hops.slice(start).find((h) => h.for);
  if (withFor?.for) return withFor.for.toLowerCase();
  const first = /[^\s<>,"]+@[^\s<>,"]+/.exec(to ?? "");
  return first ? first[0].toLowerCase() : null;
}
