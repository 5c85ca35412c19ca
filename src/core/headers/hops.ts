/**
 * The path of a message, oldest hop first, each hop classified by who received it and where it
 * stands relative to Exchange Online: before the first Microsoft hop (the sender's side), inside,
 * between two passes through Exchange Online (an add-on service), or after the message left.
 */
import ipaddr from "ipaddr.js";
import { parseReceived } from "./received";
import { isEopFrontend, isEopOutbound, isExchangeOnline, isMicrosoftHost, orgDomain } from "./hosts";
import type { HeaderField, Hop, HopKind } from "./types";

function classify(rx: ReturnType<typeof parseReceived>): { kind: HopKind | null; why: string } {
  const fromHost = [rx.from, rx.fromRdns];
  if (isEopFrontend(rx.by)) return { kind: "eop-frontend", why: `received by an EOP front end (${rx.by})` };
  if (isExchangeOnline(rx.by)) return { kind: "exchange-online", why: `received by an Exchange Online server (${rx.by})` };
  if (fromHost.some(isEopOutbound) && !isMicrosoftHost(rx.by)) return { kind: "eop-outbound", why: `sent by an Exchange Online outbound host (${rx.fromRdns ?? rx.from}) to ${rx.by ?? "a server outside Microsoft"}` };
  return { kind: null, why: "" };
}

const INSIDE_RANGES = new Set(["private", "loopback", "linkLocal", "uniqueLocal"]);

/** RFC 1918, loopback, link-local and unique-local addresses: a hop from one is inside an organisation's network. */
function isPrivate(ip: string | null): boolean {
  if (!ip || !ipaddr.isValid(ip)) return false;
  return INSIDE_RANGES.has(ipaddr.process(ip).range());
}

/**
 * Which hops before the first entry into EOP belong to the organisation that entered: walking back
 * from the server the front end received it from, a hop stays on-premises while its receiving host
 * shares that server's domain or handed the message on over a private address.
 */
function onPremisesBefore(parsed: readonly { rx: ReturnType<typeof parseReceived> }[], entry: number): Set<number> {
  const inside = new Set<number>();
  const server = parsed[entry]!.rx.from;
  for (let i = entry - 1; i >= 0; i--) {
    const next = parsed[i + 1]!.rx;
    const sameDomain = server !== null && parsed[i]!.rx.by !== null && orgDomain(parsed[i]!.rx.by) === orgDomain(server);
    if (!sameDomain && !isPrivate(next.fromIp)) break;
    inside.add(i);
  }
  return inside;
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
  let lastMs = -1;
  parsed.forEach((p, i) => {
    if (p.c.kind !== null) lastMs = i;
  });
  const onPrem = firstMs >= 0 && parsed[firstMs]!.c.kind === "eop-frontend" ? onPremisesBefore(parsed, firstMs) : new Set<number>();
  return parsed.map((p, i) => {
    let kind = p.c.kind;
    let why = p.c.why;
    if (kind === null) {
      if (firstMs < 0) {
        kind = i === parsed.length - 1 ? "receiver" : "third-party";
        why = "no hop of this message went through Exchange Online";
      } else if (i < firstMs) {
        kind = onPrem.has(i) ? "on-premises" : "third-party";
        why = onPrem.has(i)
          ? "before the message first reached Exchange Online, inside the organisation whose server handed it to EOP (same domain, or passed on over a private address)"
          : "before the message first reached Exchange Online, outside the organisation that handed it to EOP";
      } else if (lastOut >= 0 && i > lastOut) {
        kind = "receiver";
        why = `after the message left Exchange Online, on the receiving side (${p.rx.by ?? "unnamed host"})`;
      } else if (i > lastMs) {
        kind = "third-party";
        why = `after the last Exchange Online hop, with no outbound hop between: the message left Exchange Online another way (retrieved by a client or service and sent again) (${p.rx.by ?? "unnamed host"})`;
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
