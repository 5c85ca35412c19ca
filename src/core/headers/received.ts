/**
 * Reads one Received trace field (RFC 5321 §4.4) as the common MTAs write it: Exchange
 * (`from HELO (IP) by HOST`), Postfix (`from HELO (RDNS [IP]) by HOST`), Exim
 * (`from RDNS ([IP] helo=HELO) by HOST`). The clauses are free-form by design, so anything that
 * does not fit leaves the value null rather than guessing.
 */
import { isIP } from "node:net";

export interface ReceivedClauses {
  readonly from: string | null;
  readonly fromIp: string | null;
  readonly fromRdns: string | null;
  readonly by: string | null;
  readonly with: string | null;
  readonly envelopeFrom: string | null;
  readonly for: string | null;
  readonly at: string | null;
}

/** Splits off parenthesised comments (nesting allowed), keeping them in order. */
function takeComment(s: string, at: number): { comment: string; end: number } | null {
  if (s[at] !== "(") return null;
  let depth = 0;
  for (let i = at; i < s.length; i++) {
    if (s[i] === "(") depth += 1;
    else if (s[i] === ")") {
      depth -= 1;
      if (depth === 0) return { comment: s.slice(at + 1, i), end: i + 1 };
    }
  }
  return { comment: s.slice(at + 1), end: s.length };
}

function cleanIp(raw: string): string | null {
  const ip = raw.replace(/^IPv6:/i, "").replace(/%.*$/, "");
  return isIP(ip) ? ip : null;
}

/** The address and names inside a `from` comment: `(1.2.3.4)`, `(rdns [1.2.3.4])`, `([1.2.3.4] helo=x)`. */
function readFromComment(comment: string): { ip: string | null; rdns: string | null; helo: string | null } {
  let ip: string | null = null;
  const bracket = /\[([^\]]+)\]/.exec(comment);
  if (bracket) ip = cleanIp(bracket[1]!);
  if (!ip) {
    const bare = comment.trim().split(/\s+/)[0] ?? "";
    ip = cleanIp(bare);
  }
  const helo = /helo=([^\s)\]]+)/i.exec(comment)?.[1] ?? null;
  const first = comment.trim().split(/\s+/)[0] ?? "";
  const rdns = first && !first.startsWith("[") && !cleanIp(first) && /^[a-z0-9.-]+\.[a-z]{2,}$/i.test(first) ? first : null;
  return { ip, rdns, helo };
}

function toIso(date: string): string | null {
  const ms = Date.parse(date.replace(/\([^)]*\)/g, " ").replace(/\s+/g, " ").trim());
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

export function parseReceived(value: string): ReceivedClauses {
  const semi = value.lastIndexOf(";");
  const body = (semi < 0 ? value : value.slice(0, semi)).trim();
  const at = semi < 0 ? null : toIso(value.slice(semi + 1));

  let from: string | null = null;
  let fromIp: string | null = null;
  let fromRdns: string | null = null;
  let helo: string | null = null;
  let by: string | null = null;
  let withClause: string | null = null;
  let envelopeFrom: string | null = null;
  let forAddr: string | null = null;

  const words = body;
  let i = 0;
  let current: "from" | "by" | "with" | "other" | null = null;
  while (i < words.length) {
    if (/\s/.test(words[i]!)) {
      i += 1;
      continue;
    }
    if (words[i] === "(") {
      const c = takeComment(words, i)!;
      if (current === "from") {
        const parsed = readFromComment(c.comment);
        fromIp ??= parsed.ip;
        fromRdns ??= parsed.rdns;
        helo ??= parsed.helo;
      }
      const env = /envelope-from <([^>]*)>/i.exec(c.comment);
      if (env) envelopeFrom = env[1]!;
      i = c.end;
      continue;
    }
    const m = /^\S+/.exec(words.slice(i))!;
    const word = m[0];
    i += word.length;
    const lower = word.toLowerCase();
    if (["from", "by", "with", "via", "id", "for"].includes(lower)) {
      current = lower === "from" || lower === "by" || lower === "with" ? lower : "other";
      if (lower === "for") {
        const rest = /^\s*<?([^\s<>;]+@[^\s<>;]+)>?/.exec(words.slice(i));
        if (rest) forAddr = rest[1]!;
      }
      continue;
    }
    if (current === "from" && from === null) from = word;
    else if (current === "by" && by === null) by = word;
    else if (current === "with") withClause = withClause ? `${withClause} ${word}` : word;
    else if (current === "from" && fromIp === null) fromIp = cleanIp(word.replace(/^\[|\]$/g, ""));
  }
  // An address literal as the `from` word is the address, not a name.
  const literal = from ? cleanIp(from.replace(/^\[|\]$/g, "")) : null;
  if (literal) {
    fromIp ??= literal;
    from = helo;
    helo = null;
  }
  // Exim writes the reverse-DNS name as the `from` word and the HELO in the comment.
  if (helo && from && helo.toLowerCase() !== from.toLowerCase()) {
    fromRdns = from;
    from = helo;
  }
  if (fromRdns && from && fromRdns.toLowerCase() === from.toLowerCase()) fromRdns = null;
  return { from, fromIp, fromRdns, by, with: withClause, envelopeFrom, for: forAddr, at };
}
