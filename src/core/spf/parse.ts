/**
 * RFC 7208 §4.5–§6 record syntax: a `v=spf1` record into typed terms, or the first syntax error.
 * Any syntax error anywhere makes the whole record a permerror (§4.6), so parsing is all-or-nothing.
 */
import { hasValidDomainEnd } from "./domain";
import { ip4Network, ip6Network, ipv6Words, parseStrictIpv4 } from "./ip";
import { parseMacroString } from "./macro";
import type { MacroString, SpfMechanismName, SpfMechanismTerm, SpfModifierTerm, SpfParseResult, SpfQualifier, SpfTerm } from "./types";

/** RFC 7208 §4.5: the version is exactly `v=spf1`, ended by a space or the end of the record. */
export function isSpfRecordText(txt: string): boolean {
  return txt.length >= 6 && txt.slice(0, 6).toLowerCase() === "v=spf1" && (txt.length === 6 || txt[6] === " ");
}

class SyntaxProblem {
  constructor(
    readonly term: string,
    readonly message: string,
  ) {}
}

const MODIFIER = /^([A-Za-z][A-Za-z0-9_.-]*)=(.*)$/s;
const MECHANISM = /^([+\-~?]?)([A-Za-z][A-Za-z0-9]*)(.*)$/s;
const DUAL_CIDR_TARGET = /^(?::(.*?))?(?:\/([0-9]+))?(?:\/\/([0-9]+))?$/s;
const NETWORK = /^:([^/]*)(?:\/([0-9]+))?$/s;
const KNOWN = new Set<string>(["all", "include", "a", "mx", "ptr", "ip4", "ip6", "exists"]);
const LOOKUP_MECHANISMS = new Set<string>(["include", "a", "mx", "ptr", "exists"]);

function domainSpec(term: string, text: string): MacroString {
  if (text.length === 0) throw new SyntaxProblem(term, `"${term}" has an empty domain-spec`);
  const parsed = parseMacroString(text, "domain-spec");
  if (!parsed.ok) throw new SyntaxProblem(term, `"${term}": ${parsed.error}`);
  const parts = parsed.value.parts;
  const last = parts[parts.length - 1]!;
  if (last.kind === "macro") return parsed.value;
  // A macro followed only by a root dot (`_spf.%{d}.`) is accepted: the name is still fully qualified.
  if (last.text === "." && parts.length > 1) return parsed.value;
  if (!hasValidDomainEnd(last.text)) {
    throw new SyntaxProblem(
      term,
      `"${term}": "${text}" does not end in a valid top-level label (a domain such as example.com is needed)`,
    );
  }
  return parsed.value;
}

/** RFC 7208 cidr lengths: decimal without leading zeros, at most `max`. */
function cidr(term: string, digits: string, max: number): number {
  const value = Number(digits);
  if ((digits.length > 1 && digits.startsWith("0")) || value > max) {
    throw new SyntaxProblem(term, `"${term}": /${digits} is not a valid prefix length (0–${max})`);
  }
  return value;
}

function parseMechanism(term: string, qualifierText: string, nameText: string, rest: string): SpfMechanismTerm {
  const mechanism = nameText.toLowerCase();
  const qualifier = (qualifierText === "" ? "+" : qualifierText) as SpfQualifier;
  if (!KNOWN.has(mechanism)) {
    if (rest.startsWith("=")) throw new SyntaxProblem(term, `"${term}": a modifier cannot carry a qualifier`);
    throw new SyntaxProblem(term, `"${term}": unknown mechanism "${nameText}"`);
  }
  const base = { type: "mechanism" as const, text: term, qualifier, mechanism: mechanism as SpfMechanismName };
  switch (mechanism) {
    case "all":
      if (rest !== "") throw new SyntaxProblem(term, `"${term}": "all" takes no argument`);
      return base;
    case "include":
    case "exists":
      if (!rest.startsWith(":")) throw new SyntaxProblem(term, `"${term}": "${mechanism}" needs ":domain"`);
      return { ...base, domainSpec: domainSpec(term, rest.slice(1)) };
    case "ptr":
      if (rest === "") return base;
      if (!rest.startsWith(":")) throw new SyntaxProblem(term, `"${term}": "ptr" takes only an optional ":domain"`);
      return { ...base, domainSpec: domainSpec(term, rest.slice(1)) };
    case "a":
    case "mx": {
      const m = DUAL_CIDR_TARGET.exec(rest);
      if (m === null) throw new SyntaxProblem(term, `"${term}": expected ${mechanism}[:domain][/ip4-prefix][//ip6-prefix]`);
      return {
        ...base,
        ...(m[1] !== undefined ? { domainSpec: domainSpec(term, m[1]) } : {}),
        ip4Cidr: m[2] !== undefined ? cidr(term, m[2], 32) : 32,
        ip6Cidr: m[3] !== undefined ? cidr(term, m[3], 128) : 128,
      };
    }
    case "ip4": {
      const m = NETWORK.exec(rest);
      const value = m === null ? undefined : parseStrictIpv4(m[1]!);
      if (m === null || value === undefined) {
        throw new SyntaxProblem(term, `"${term}": expected ip4:<IPv4 address>[/prefix], e.g. ip4:192.0.2.0/24`);
      }
      const prefix = m[2] !== undefined ? cidr(term, m[2], 32) : 32;
      return { ...base, ip4Cidr: prefix, network: ip4Network(value, prefix) };
    }
    default: {
      const m = NETWORK.exec(rest);
      const words = m === null ? undefined : ipv6Words(m[1]!);
      if (m === null || words === undefined) {
        throw new SyntaxProblem(term, `"${term}": expected ip6:<IPv6 address>[/prefix], e.g. ip6:2001:db8::/32`);
      }
      const prefix = m[2] !== undefined ? cidr(term, m[2], 128) : 128;
      return { ...base, ip6Cidr: prefix, network: ip6Network(words, prefix) };
    }
  }
}

function parseModifier(term: string, nameText: string, valueText: string): SpfModifierTerm {
  const name = nameText.toLowerCase();
  if (name === "redirect" || name === "exp") {
    return { type: "modifier", text: term, name, value: domainSpec(term, valueText) };
  }
  const parsed = parseMacroString(valueText, "modifier");
  if (!parsed.ok) throw new SyntaxProblem(term, `"${term}": ${parsed.error}`);
  return { type: "modifier", text: term, name, value: parsed.value };
}

export function parseSpfRecord(text: string): SpfParseResult {
  if (!isSpfRecordText(text)) {
    return { ok: false, text, error: `the record does not start with "v=spf1"` };
  }
  try {
    const terms: SpfTerm[] = [];
    const mechanisms: SpfMechanismTerm[] = [];
    const unknownModifiers: SpfModifierTerm[] = [];
    let redirect: MacroString | undefined;
    let exp: MacroString | undefined;
    let lookupTerms = 0;
    // Terms are separated by spaces only (RFC 7208 §4.6.1); other whitespace makes a term invalid.
    for (const term of text.slice(6).split(" ")) {
      if (term === "") continue;
      const modifier = MODIFIER.exec(term);
      if (modifier !== null) {
        const parsed = parseModifier(term, modifier[1]!, modifier[2]!);
        if (parsed.name === "redirect" || parsed.name === "exp") {
          if ((parsed.name === "redirect" ? redirect : exp) !== undefined) {
            throw new SyntaxProblem(term, `"${term}": a second ${parsed.name}= modifier; RFC 7208 §6 allows it once`);
          }
          if (parsed.name === "redirect") redirect = parsed.value;
          else exp = parsed.value;
        } else {
          unknownModifiers.push(parsed);
        }
        terms.push(parsed);
        continue;
      }
      const mechanism = MECHANISM.exec(term);
      if (mechanism === null) throw new SyntaxProblem(term, `"${term}" is neither a mechanism nor a modifier`);
      const parsed = parseMechanism(term, mechanism[1]!, mechanism[2]!, mechanism[3]!);
      if (LOOKUP_MECHANISMS.has(parsed.mechanism)) lookupTerms++;
      mechanisms.push(parsed);
      terms.push(parsed);
    }
    const hasAll = mechanisms.some((m) => m.mechanism === "all");
    if (redirect !== undefined && !hasAll) lookupTerms++;
    return {
      ok: true,
      record: {
        text,
        terms,
        mechanisms,
        ...(redirect !== undefined ? { redirect } : {}),
        ...(exp !== undefined ? { exp } : {}),
        unknownModifiers,
        hasAll,
        lookupTerms,
      },
    };
  } catch (e) {
    if (e instanceof SyntaxProblem) return { ok: false, text, term: e.term, error: e.message };
    throw e;
  }
}
