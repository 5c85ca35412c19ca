/**
 * Values the user marked secret (`pulumi.secret()`) must not reach findings, violation messages or
 * report files in plain text. The world is rebuilt from unwrapped values, so anything derived from
 * a secret (a connector name, a record, a message quoting it) is masked on the way out instead.
 */
import { SECRET_SIG, SIG_KEY } from "./reading";

export const SECRET_MASK = "[secret]";

/**
 * Shorter secrets are not masked: replacing every "on" or "10" in a report would garble it, and a
 * value that short is not a credential. The gap is documented in the policy-pack guide.
 */
export const MIN_MASKED_LENGTH = 4;

/** Every string (and number, as text) under a Pulumi secret wrapper in `value`, at any depth. */
export function secretValuesIn(value: unknown, into: Set<string> = new Set()): Set<string> {
  const stack: Array<{ v: unknown; secret: boolean }> = [{ v: value, secret: false }];
  while (stack.length > 0) {
    const { v, secret } = stack.pop()!;
    if (typeof v === "string" || typeof v === "number") {
      if (secret && String(v).length >= MIN_MASKED_LENGTH) into.add(String(v));
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
 * case because the world lower-cases domains and certificate names. Returns `value` itself when
 * there is nothing to mask.
 */
export function maskSecrets<T>(value: T, secrets: Iterable<string>): T {
  const list = [...new Set(secrets)].filter((s) => s.length >= MIN_MASKED_LENGTH).sort((a, b) => b.length - a.length);
  if (list.length === 0) return value;
  const pattern = new RegExp(list.map(escape).join("|"), "gi");
  const mask = (v: unknown): unknown => {
    if (typeof v === "string") return v.replace(pattern, SECRET_MASK);
    if (Array.isArray(v)) return v.map(mask);
    if (v instanceof Map) return new Map([...v].map(([k, x]) => [mask(k), mask(x)]));
    // URNs name resources, not values, and violations must still point at the resource.
    if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [mask(k), k === "urn" ? x : mask(x)]));
    return v;
  };
  return mask(value) as T;
}
