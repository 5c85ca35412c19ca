/**
 * The path of a message, oldest hop first, each hop classified by who received it and where it
 * stands relative to Exchange Online: before the first Microsoft hop (the sender's side), inside,
 * between two passes through Exchange Online (an add-on service), or after the message left.
 */
import { parseReceived } from "./received";
import { isEopFrontend, isEopOutbound, isExchangeOnline, isMicrosoftHost } from "./hosts";
import type { HeaderField, Hop, HopKind } from "./types";

function classify(rx: ReturnType<typeof parseReceived>): { kind: HopKind | null; why: string } {
  const fromHost = [rx.from, rx.fromRdns];
  if (isEopFrontend(rx.by)) return { kind: "eop-frontend", why: `received by an EOP front end (${rx.by})` };
  if (isExchangeOnline(rx.by)) return { kind: "exchange-online", why: `received by an Exchange Online server (${rx.by})` };
  if (fromHost.some(isEopOutbound) && !isMicrosoftHost(rx.by)) return { kind: "eop-outbound", why: `sent by an Exchange Online outbound host (${rx.fromRdns ?? rx.from}) to ${rx.by ?? "a server outside Microsoft"}` };
  return { kind: null, why: "" };
}

export function readHops(fields: readonly HeaderField[]): Hop[] {
  const received = fields.filter((f) => f.key === "received").reverse();
  const parsed = received.map((f) => ({ f, rx: parseReceived(f.value), c: { kind: null as HopKind | null, why: "" } }));
  for (const p of parsed) p.c = classify(p.rx);
  const firstMs = parsed.findIndex((p) => p.c.kind !== null);
  let lastOut = -1;
  parsed.forEach((p, i) => {
    if (p.c.kind === "eop-outbound") lastOut = i;
  });
  const firstEntryFromOnPrem = firstMs >= 0 && parsed[firstMs]!.c.kind === "eop-frontend";
  return parsed.map((p, i) => {
    let kind = p.c.kind;
    let why = p.c.why;
    if (kind === null) {
      if (firstMs < 0) {
        kind = i === parsed.length - 1 ? "receiver" : "third-party";
        why = "no hop of this message went through Exchange Online";
      } else if (i < firstMs) {
        kind = firstEntryFromOnPrem ? "on-premises" : "third-party";
        why = firstEntryFromOnPrem ? "before the message first reached Exchange Online, on the sending organisation's side" : "before the message first reached Exchange Online";
      } else if (lastOut >= 0 && i > lastOut) {
        kind = "receiver";
        why = `after the message left Exchange Online, on the receiving side (${p.rx.by ?? "unnamed host"})`;
      } else {
        kind = "third-party";
        why = `between two passes through Exchange Online, outside Microsoft (${p.rx.by ?? "unnamed host"})`;
      }
    }
    return {
      from: p.rx.from,
      fromIp: p.rx.fromIp,
      fromRdns: p.rx.fromRdns,
      by: p.rx.by,
      at: p.rx.at,
      kind,
      with: p.rx.with,
      envelopeFrom: p.rx.envelopeFrom,
      for: p.rx.for,
      why,
      field: p.f.index,
    };
  });
}
