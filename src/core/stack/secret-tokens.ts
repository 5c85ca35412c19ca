/**
 * Where a secret too short to be masked wherever it occurs is still masked. Replacing every "k9",
 * "on" or "10" inside other words would garble messages and reports, so a short secret is masked only
 * where it stands as a value of its own: a whole quoted value ("k9", 'k9', `k9`, “k9”), the value of a
 * `key=value` or `key: value` parameter, the name at the end of a finding's resource reference
 * (`inboundConnector:CONTOSO/k9`), or a whole line. Inside a word, or as a bare word in prose, it is
 * left as it is (the docs say so); callers also mask a field whose whole value is the secret.
 */

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const QUOTE_OPEN = "[\"'`\u201c\u2018]";
const QUOTE_CLOSE = "[\"'`\u201d\u2019]";
/** A parameter name followed by `=` (with or without spaces) or by `:` and a space, as in headers and YAML. */
const KEY = String.raw`\b[A-Za-z_][\w.-]*(?:[ \t]*=[ \t]*|:[ \t]+)`;
/** A finding's resource reference up to its name: `kind:TENANT/`. */
const REFERENCE = String.raw`\b[A-Za-z][\w]*:[^\s/"'\`]+\/`;
/** What may follow a parameter's value: the end, a separator, or sentence punctuation ending the text or followed by a space. */
const VALUE_END = String.raw`(?=$|[\s&,;)}\]<>|]|[.!?:](?:\s|$))`;

export interface WholeTokenMasker {
  /** `text` with each whole-token occurrence of a secret replaced by the mask. */
  readonly maskText: (text: string) => string;
  /** Whether `text` is, as a whole, one of the secrets. */
  readonly isSecret: (text: string) => boolean;
}

/**
 * A masker for `secrets` (blank ones are ignored). `ignoreCase` for values the world lower-cases
 * (domains, certificate names); credentials are compared exactly.
 */
export function wholeTokenMasker(secrets: Iterable<string>, mask: string, ignoreCase: boolean): WholeTokenMasker {
  const list = [...new Set(secrets)].filter((s) => s.trim() !== "").sort((a, b) => b.length - a.length);
  const fold = (s: string) => (ignoreCase ? s.toLowerCase() : s);
  const whole = new Set(list.map(fold));
  if (list.length === 0) return { maskText: (text) => text, isSecret: () => false };
  const alternatives = list.map(escape).join("|");
  const flags = ignoreCase ? "gi" : "g";
  const quoted = new RegExp(`(${QUOTE_OPEN})(?:${alternatives})(?=${QUOTE_CLOSE})`, flags);
  const parameter = new RegExp(`(${KEY}|${REFERENCE})(?:${alternatives})${VALUE_END}`, flags);
  const line = new RegExp(`^([ \\t]*)(?:${alternatives})(?=[ \\t]*\\r?$)`, `${flags}m`);
  return {
    maskText: (text) => text.replace(quoted, `$1${mask}`).replace(parameter, `$1${mask}`).replace(line, `$1${mask}`),
    isSecret: (text) => whole.has(fold(text)),
  };
}
