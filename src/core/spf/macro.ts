/**
 * SPF macros (RFC 7208 §7): parsing a macro-string once, at record-parse time, and expanding it per
 * evaluation. Expansion only runs for strings that contain macros, so plain domain-specs cost nothing.
 */
import type { MacroLetter, MacroPart, MacroString } from "./types";

/** Where the macro-string appears decides which characters and letters are legal. */
export type MacroContext = "domain-spec" | "modifier" | "explanation";

const LETTERS = new Set<string>(["s", "l", "o", "d", "i", "p", "h", "c", "r", "t", "v"]);
const EXPLANATION_ONLY = new Set<string>(["c", "r", "t"]);

export type MacroParse = { readonly ok: true; readonly value: MacroString } | { readonly ok: false; readonly error: string };

/** A macro-literal is a visible ASCII character other than `%`; explanations also allow spaces. */
function isLiteralChar(code: number, context: MacroContext): boolean {
  if (code === 0x20) return context === "explanation";
  return code >= 0x21 && code <= 0x7e && code !== 0x25;
}

export function parseMacroString(text: string, context: MacroContext): MacroParse {
  const parts: MacroPart[] = [];
  let literal = "";
  let hasMacros = false;
  const flush = (): void => {
    if (literal.length > 0) parts.push({ kind: "literal", text: literal });
    literal = "";
  };
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code !== 0x25) {
      if (!isLiteralChar(code, context)) {
        return { ok: false, error: `character ${JSON.stringify(text[i])} is not allowed in "${text}"` };
      }
      literal += text[i];
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === "%" || next === "_" || next === "-") {
      // The escapes are macro-expands in the grammar, but their value never depends on the message.
      literal += next === "%" ? "%" : next === "_" ? " " : "%20";
      i += 2;
      continue;
    }
    if (next !== "{") {
      return { ok: false, error: `"%" must be followed by {, %, _ or - in "${text}"` };
    }
    const close = text.indexOf("}", i + 2);
    if (close === -1) return { ok: false, error: `unterminated macro in "${text}"` };
    const body = text.slice(i + 2, close);
    const macro = /^([a-zA-Z])([0-9]*)([rR]?)([.\-+,/_=]*)$/.exec(body);
    if (macro === null) return { ok: false, error: `malformed macro "%{${body}}" in "${text}"` };
    const written = macro[1]!;
    const letter = written.toLowerCase();
    if (!LETTERS.has(letter)) return { ok: false, error: `unknown macro letter "${written}" in "${text}"` };
    if (context === "domain-spec" && EXPLANATION_ONLY.has(letter)) {
      return { ok: false, error: `macro "%{${body}}" is only allowed in exp= explanation text (RFC 7208 §7.2)` };
    }
    let keep: number | undefined;
    if (macro[2]!.length > 0) {
      keep = Number(macro[2]);
      if (keep === 0) return { ok: false, error: `macro "%{${body}}" keeps zero parts; the digit transformer must be nonzero` };
    }
    flush();
    parts.push({
      kind: "macro",
      letter: letter as MacroLetter,
      urlEscape: written !== letter,
      keep,
      reverse: macro[3]!.length > 0,
      delimiters: macro[4]!.length > 0 ? macro[4]! : ".",
    });
    hasMacros = true;
    i = close + 1;
  }
  flush();
  return { ok: true, value: { text, parts, hasMacros } };
}

/** The values macro letters stand for during one evaluation. */
export interface MacroValues {
  /** Full sender, `local@domain`. */
  readonly s: string;
  readonly l: string;
  readonly o: string;
  /** The current domain: changes inside include and redirect. */
  readonly d: string;
  readonly i: string;
  readonly v: string;
  readonly h: string;
  /** Readable client IP, for explanations. */
  readonly c: string;
  readonly r: string;
  readonly t: string;
  /** %{p}, the validated domain name of the client (RFC 7208 §7.3); "unknown" when absent. */
  readonly p?: string;
}

function letterValue(letter: MacroLetter, values: MacroValues): string {
  // The evaluator works %{p} out (a validated PTR lookup) only for strings that use it.
  return letter === "p" ? (values.p ?? "unknown") : values[letter];
}

/** Whether a macro-string uses %{p}, whose value costs DNS lookups. */
export function usesPtrMacro(macro: MacroString): boolean {
  return macro.hasMacros && macro.parts.some((part) => part.kind === "macro" && part.letter === "p");
}

const UNRESERVED = /[^A-Za-z0-9\-._~]/g;

function urlEscape(text: string): string {
  return text.replace(UNRESERVED, (ch) =>
    Array.from(Buffer.from(ch, "utf8"), (byte) => `%${byte.toString(16).toUpperCase().padStart(2, "0")}`).join(""),
  );
}

function transform(value: string, part: Extract<MacroPart, { kind: "macro" }>): string {
  if (part.keep === undefined && !part.reverse && part.delimiters === ".") return value;
  let pieces: string[];
  if (part.delimiters.length === 1) {
    pieces = value.split(part.delimiters);
  } else {
    pieces = [];
    let current = "";
    for (const ch of value) {
      if (part.delimiters.includes(ch)) {
        pieces.push(current);
        current = "";
      } else {
        current += ch;
      }
    }
    pieces.push(current);
  }
  if (part.reverse) pieces.reverse();
  if (part.keep !== undefined && part.keep < pieces.length) pieces = pieces.slice(pieces.length - part.keep);
  return pieces.join(".");
}

export function expandMacroString(macro: MacroString, values: MacroValues): string {
  // Without macros the parser leaves at most one literal part (escapes are folded into it).
  if (!macro.hasMacros) return macro.parts.length === 0 ? "" : (macro.parts[0] as { readonly text: string }).text;
  let out = "";
  for (const part of macro.parts) {
    if (part.kind === "literal") {
      out += part.text;
      continue;
    }
    const value = transform(letterValue(part.letter, values), part);
    out += part.urlEscape ? urlEscape(value) : value;
  }
  return out;
}
