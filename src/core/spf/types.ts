/**
 * The shapes shared by the SPF parser, evaluator and analyser (RFC 7208). Everything is readonly
 * because parsed records are cached per DnsView and handed to many evaluations at once.
 */

export type SpfResult = "pass" | "fail" | "softfail" | "neutral" | "none" | "permerror" | "temperror";

/** `+` is what a mechanism without a written qualifier means (RFC 7208 §4.6.2). */
export type SpfQualifier = "+" | "-" | "~" | "?";

export type SpfMechanismName = "all" | "include" | "a" | "mx" | "ptr" | "ip4" | "ip6" | "exists";

/** c, r and t are only legal inside explanation text (RFC 7208 §7.2). */
export type MacroLetter = "s" | "l" | "o" | "d" | "i" | "p" | "h" | "c" | "r" | "t" | "v";

export type MacroPart =
  | { readonly kind: "literal"; readonly text: string }
  | {
      readonly kind: "macro";
      readonly letter: MacroLetter;
      /** Written in upper case: the expansion is URL-escaped. */
      readonly urlEscape: boolean;
      /** Keep only this many right-hand parts; undefined keeps all. */
      readonly keep: number | undefined;
      readonly reverse: boolean;
      /** Characters that split the value into parts; "." when none are written. */
      readonly delimiters: string;
    };

export interface MacroString {
  readonly text: string;
  readonly parts: readonly MacroPart[];
  /** False when the string is plain text, so callers can skip expansion (and a snapshot can follow it). */
  readonly hasMacros: boolean;
}

export interface Ip4Network {
  readonly family: 4;
  readonly base: number;
  readonly prefix: number;
}

export interface Ip6Network {
  readonly family: 6;
  /** Eight 16-bit words, already masked to the prefix. */
  readonly words: readonly number[];
  readonly prefix: number;
}

export interface SpfMechanismTerm {
  readonly type: "mechanism";
  /** The term as written in the record. */
  readonly text: string;
  readonly qualifier: SpfQualifier;
  readonly mechanism: SpfMechanismName;
  /** include, exists (required); a, mx, ptr (optional, default the current domain). */
  readonly domainSpec?: MacroString;
  /** a and mx: the IPv4 prefix compared (32 unless written); ip4: the network's prefix. */
  readonly ip4Cidr?: number;
  /** a and mx: the IPv6 prefix compared (128 unless written); ip6: the network's prefix. */
  readonly ip6Cidr?: number;
  /** ip4 and ip6 only. */
  readonly network?: Ip4Network | Ip6Network;
}

export interface SpfModifierTerm {
  readonly type: "modifier";
  readonly text: string;
  /** Lower-case: `redirect`, `exp` or an unknown modifier's name. */
  readonly name: string;
  readonly value: MacroString;
}

export type SpfTerm = SpfMechanismTerm | SpfModifierTerm;

export interface SpfRecord {
  readonly text: string;
  readonly terms: readonly SpfTerm[];
  readonly mechanisms: readonly SpfMechanismTerm[];
  readonly redirect?: MacroString;
  readonly exp?: MacroString;
  /** Modifiers other than redirect and exp: syntactically checked, then ignored (RFC 7208 §6). */
  readonly unknownModifiers: readonly SpfModifierTerm[];
  /** redirect is ignored when an `all` mechanism is present anywhere (RFC 7208 §6.1). */
  readonly hasAll: boolean;
  /** Number of terms that cost a DNS lookup when evaluated (include, a, mx, ptr, exists, redirect). */
  readonly lookupTerms: number;
}

export type SpfParseResult =
  | { readonly ok: true; readonly record: SpfRecord }
  | {
      readonly ok: false;
      readonly text: string;
      /** The offending term, when the error is in one term rather than in the version. */
      readonly term?: string;
      /** One readable sentence. */
      readonly error: string;
    };

export interface CheckHostInput {
  /** The SMTP client's address, IPv4 or IPv6 (an IPv4-mapped IPv6 address counts as IPv4). */
  readonly ip: string;
  /** The domain whose SPF record is checked: the MAIL FROM domain, or the HELO name. */
  readonly domain: string;
  /** The MAIL FROM address; "" for the null reverse-path, which makes the identity postmaster@helo. */
  readonly sender: string;
  readonly helo?: string;
  /** %{r} in explanations: the host doing the check. Defaults to "unknown". */
  readonly receiver?: string;
  /** %{t} in explanations, seconds since the epoch. Defaults to 0 so results stay deterministic. */
  readonly timestamp?: number;
}

export interface SpfMatch {
  /** The domain whose record holds the deciding term. */
  readonly domain: string;
  /** The deciding term as written, e.g. `include:spf.protection.outlook.com` or `-all`. */
  readonly term: string;
}

export interface SpfCheckResult {
  readonly result: SpfResult;
  /** DNS-querying terms evaluated (include, a, mx, ptr, exists, redirect); the limit is 10. */
  readonly lookups: number;
  /** Lookups that returned no records (NXDOMAIN or an empty answer); the limit is 2. */
  readonly voidLookups: number;
  /** The SPF record of the checked domain, when exactly one was found. */
  readonly record?: string;
  /** One readable sentence: which term decided the result, or why there is an error. */
  readonly reason: string;
  /**
   * The evaluation, one line per term. Computed on first read (by evaluating again, traced), and
   * kept on the prototype: object spread does not copy it, JSON.stringify does.
   */
  readonly steps: readonly string[];
  /** The term that decided a pass/fail/softfail/neutral result, when one did. */
  readonly matched?: SpfMatch;
  /** The expanded exp= text of a fail result, when the domain publishes one (RFC 7208 §6.2). */
  readonly explanation?: string;
  /**
   * Offline only: the include/redirect target the world's dns does not describe, when that is why the
   * result is permerror. The verdict then rests on missing input, not on the published policy.
   */
  readonly undescribed?: string;
}
