/**
 * The authentication results each receiver recorded: Authentication-Results (RFC 8601),
 * ARC-Authentication-Results (RFC 8617), Received-SPF (RFC 7208 §9.1), and Exchange Online's own
 * X-MS-Exchange-Authentication-Results and -Original copies, including compauth (S23).
 */
import { isEopFrontend, isExchangeOnline, serverLabel } from "./hosts";
import type { AuthenticationResult, HeaderField, Hop } from "./types";

const EXO = "Exchange Online";

function stripComments(s: string): string {
  let out = "";
  let depth = 0;
  let quoted = false;
  for (const ch of s) {
    if (ch === '"' && depth === 0) quoted = !quoted;
    if (!quoted && ch === "(") depth += 1;
    else if (!quoted && ch === ")" && depth > 0) depth -= 1;
    else if (depth === 0) out += ch;
  }
  return out;
}

interface Parsed {
  receiver: string | null;
  instance: number | null;
  methods: Map<string, { result: string; props: Map<string, string> }>;
}

function parseResInfo(value: string, arc: boolean): Parsed {
  const parts = stripComments(value).split(";").map((p) => p.trim()).filter((p) => p !== "");
  let instance: number | null = null;
  if (arc && parts[0] && /^i\s*=\s*\d+$/i.test(parts[0])) instance = Number(parts.shift()!.split("=")[1]);
  let receiver: string | null = null;
  if (parts[0] && !/^[a-z0-9-]+\s*=/i.test(parts[0])) receiver = parts.shift()!.split(/\s+/)[0]!.toLowerCase();
  const methods = new Map<string, { result: string; props: Map<string, string> }>();
  for (const p of parts) {
    const tokens = p.split(/\s+/);
    const head = /^([a-z0-9-]+)\s*=\s*(\S+)$/i.exec(tokens[0] ?? "");
    if (!head) continue;
    const props = new Map<string, string>();
    for (const t of tokens.slice(1)) {
      const kv = /^([a-z0-9.-]+)=(.*)$/i.exec(t);
      if (kv) props.set(kv[1]!.toLowerCase(), kv[2]!.replace(/^"|"$/g, ""));
    }
    const name = head[1]!.toLowerCase();
    if (!methods.has(name)) methods.set(name, { result: head[2]!.toLowerCase(), props });
  }
  return { receiver, instance, methods };
}

function withReason(m: { result: string; props: Map<string, string> } | undefined): string | null {
  if (!m) return null;
  const reason = m.props.get("reason");
  return reason ? `${m.result} reason=${reason}` : m.result;
}

function fromResInfo(f: HeaderField, receiverFallback: string): AuthenticationResult {
  const arc = f.key === "arc-authentication-results";
  const p = parseResInfo(f.value, arc);
  const spf = p.methods.get("spf");
  const dmarc = p.methods.get("dmarc");
  const dkim = p.methods.get("dkim");
  return {
    receiver: p.receiver ?? receiverFallback,
    header: f.name,
    instance: p.instance,
    spf: spf?.result ?? null,
    dkim: dkim?.result ?? null,
    dmarc: dmarc ? [dmarc.result, dmarc.props.get("action") ? `action=${dmarc.props.get("action")}` : ""].filter(Boolean).join(" ") : null,
    compauth: withReason(p.methods.get("compauth")),
    arc: p.methods.get("arc")?.result ?? null,
    mailFrom: spf?.props.get("smtp.mailfrom") ?? null,
    headerFrom: dmarc?.props.get("header.from") ?? null,
    // Exchange Online writes the client address only in a comment: "spf=pass (sender IP is 1.2.3.4)".
    clientIp: p.methods.get("arc")?.props.get("smtp.client-ip") ?? spf?.props.get("smtp.client-ip") ?? /sender ip is ([0-9a-f.:]+)/i.exec(f.value)?.[1] ?? null,
  };
}

function fromReceivedSpf(f: HeaderField, hops: readonly Hop[]): AuthenticationResult {
  const result = (/^\s*([a-z]+)/i.exec(f.value)?.[1] ?? "").toLowerCase();
  const kv = new Map<string, string>();
  for (const m of stripComments(f.value).matchAll(/([a-z-]+)=([^;\s]+)/gi)) kv.set(m[1]!.toLowerCase(), m[2]!);
  const clientIp = kv.get("client-ip") ?? null;
  const hop = clientIp ? hops.find((h) => h.fromIp === clientIp) : undefined;
  // RFC 7208 §9.1 puts the receiver in receiver=; many write it only at the start of the comment.
  const inComment = /\(\s*([a-z0-9.-]+\.[a-z]{2,}):/i.exec(f.value)?.[1];
  const receiver = kv.get("receiver")?.toLowerCase() ?? hop?.by?.toLowerCase() ?? inComment?.toLowerCase() ?? "unknown receiver";
  const envelope = kv.get("envelope-from") ?? null;
  return {
    receiver: receiver === "protection.outlook.com" ? EXO : receiver,
    header: f.name,
    instance: null,
    spf: result || null,
    dkim: null,
    dmarc: null,
    compauth: null,
    arc: null,
    mailFrom: envelope,
    headerFrom: null,
    clientIp,
  };
}

/** Where in the path a result was recorded, so results can be listed oldest first. */
function hopOf(r: AuthenticationResult, hops: readonly Hop[]): number {
  if (r.clientIp) {
    const i = hops.findIndex((h) => h.fromIp === r.clientIp);
    if (i >= 0) return i;
  }
  if (r.receiver.startsWith(EXO) || r.receiver === "mx.microsoft.com") {
    const i = hops.findIndex((h) => isEopFrontend(h.by) || isExchangeOnline(h.by));
    if (i >= 0) return i;
  }
  const i = hops.findIndex((h) => h.by?.toLowerCase() === r.receiver || serverLabel(h.by) === serverLabel(r.receiver));
  return i >= 0 ? i : hops.length;
}

const MERGEABLE: (keyof AuthenticationResult)[] = ["spf", "dkim", "dmarc", "compauth", "arc", "mailFrom", "headerFrom", "clientIp"];

export function readAuthentication(fields: readonly HeaderField[], hops: readonly Hop[]): AuthenticationResult[] {
  const raw: AuthenticationResult[] = [];
  // Trace fields are prepended, so the bottom of the block is the oldest.
  for (const f of [...fields].reverse()) {
    if (f.key === "authentication-results" || f.key === "arc-authentication-results") raw.push(fromResInfo(f, EXO));
    else if (f.key === "x-ms-exchange-authentication-results") raw.push({ ...fromResInfo(f, EXO), receiver: EXO });
    // Exchange Online renames results it does not trust on entry to -Original (observed, grade E):
    // another receiver's when they name it, else its own from an earlier pass.
    else if (f.key === "authentication-results-original") raw.push(fromResInfo(f, `${EXO} (an earlier pass)`));
    else if (f.key === "received-spf") raw.push(fromReceivedSpf(f, hops));
  }
  // A receiver may split its results over several fields of the same kind; show them as one.
  const merged: AuthenticationResult[] = [];
  for (const r of raw) {
    const same = merged.find((m) => m.receiver === r.receiver && m.header.toLowerCase() === r.header.toLowerCase() && m.instance === r.instance);
    if (!same) {
      merged.push(r);
      continue;
    }
    const next: Record<string, unknown> = { ...same };
    for (const k of MERGEABLE) if (next[k] === null && r[k] !== null) next[k] = r[k];
    merged[merged.indexOf(same)] = next as unknown as AuthenticationResult;
  }
  return merged
    .map((r, i) => ({ r, i, h: hopOf(r, hops) }))
    .sort((a, b) => a.h - b.h || a.i - b.i)
    .map((x) => x.r);
}
