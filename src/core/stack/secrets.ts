/**
 * Values the user marked secret (`pulumi.secret()`) must not reach findings, violation messages or
 * report files in plain text. The world is rebuilt from unwrapped values, so anything derived from
 * a secret (a connector name, a record, a message quoting it) is masked on the way out instead.
 */
import { SECRET_SIG, SIG_KEY } from "./reading";
import { wholeTokenMasker } from "./secret-tokens";

export const SECRET_MASK = "[secret]";

/**
 * Secrets at least this long are masked wherever they occur. Shorter ones only where they stand as a
 * value of their own (`secret-tokens.ts`): replacing every "on" or "10" inside other words would
 * garble a report. The policy-pack guide says what is and is not masked.
 */
export const MIN_MASKED_LENGTH = 4;

/** Every string (and number, as text) under a Pulumi secret wrapper in `value`, at any depth. */
export function secretValuesIn(value: unknown, into: Set<string> = new Set()): Set<string> {
  const stack: Array<{ v: unknown; secret: boolean }> = [{ v: value, secret: false }];
  while (stack.length > 0) {
    const { v, secret } = stack.pop()!;
    if (typeof v === "string" || typeof v === "number") {
      if (secret && String(v).trim() !== "") into.add(String(v));
    } else if (Array.isArray(v)) {
      for (const item of v) stack.push({ v: item, secret });
    } else if (v !== null && typeof v === "object") {
      const o = v as Record<string, unknown>;
      if (o[SIG_KEY] === SECRET_SIG) stack.push({ v: o.value, secret: true });
      else for (const item of Object.values(o)) stack.push({ v: item, secret });
    }
  }
  return into;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * `value` with every occurrence of a secret in its strings replaced by `[secret]`, compared without
 * case because the world lower-cases domains and certificate names; a secret shorter than
 * MIN_MASKED_LENGTH is replaced where it is a string's whole value or a whole token in text (quoted,
 * a parameter's value, a line); an object key that is as a whole a short secret is kept, since such
 * a key ("id", "on") is far more often a field's name than a value. Returns `value` itself when there is nothing to mask.
 */
export function maskSecrets<T>(value: T, secrets: Iterable<string>): T {
  const all = [...new Set(secrets)].filter((s) => s.trim() !== "");
  if (all.length === 0) return value;
  const long = all.filter((s) => s.length >= MIN_MASKED_LENGTH).sort((a, b) => b.length - a.length);
  const short = wholeTokenMasker(all.filter((s) => s.length < MIN_MASKED_LENGTH), SECRET_MASK, true);
  const pattern = long.length > 0 ? new RegExp(long.map(escape).join("|"), "gi") : undefined;
  const maskText = (text: string) => short.maskText(pattern ? text.replace(pattern, SECRET_MASK) : text);
  const maskKey = (key: string) => (short.isSecret(key) ? key : maskText(key));
  const mask = (v: unknown): unknown => {
    if (typeof v === "string") return short.isSecret(v) ? SECRET_MASK : maskText(v);
    if (Array.isArray(v)) return v.map(mask);
    if (v instanceof Map) return new Map([...v].map(([k, x]) => [typeof k === "string" ? maskKey(k) : mask(k), mask(x)]));
    // URNs name resources, not values, and violations must still point at the resource.
    if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [maskKey(k), k === "urn" ? x : mask(x)]));
    return v;
  };
  return mask(value) as T;
}
