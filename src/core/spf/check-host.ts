/**
 * RFC 7208 §4 check_host(): the SPF verdict for one client IP, domain and sender, evaluated
 * synchronously against a DnsView. Limits (10 DNS-querying terms, 2 void lookups, 10 MX names)
 * apply across the whole evaluation, includes and redirects included.
 */
import { ipv4Addresses, ipv6Addresses, lookupRecord, viewCache, type RecordLookup, type ViewCache } from "./cache";
import { DnsTemporaryError, type DnsView } from "./dns-view";
import { isCheckableDomain, isWellFormedName, normalizeName, truncateLeft } from "./domain";
import { ip4InNetwork, ip4SamePrefix, ip6InNetwork, ip6SamePrefix, macroIp, parseClientIp, reverseName, type ClientIp } from "./ip";
import { expandMacroString, parseMacroString, usesPtrMacro, type MacroValues } from "./macro";
import { MICROSOFT_SPF_SNAPSHOT_DATE, microsoftSpfName } from "./microsoft-records";
import type {
  CheckHostInput,
  Ip4Network,
  Ip6Network,
  MacroString,
  SpfCheckResult,
  SpfMatch,
  SpfMechanismName,
  SpfMechanismTerm,
  SpfQualifier,
  SpfRecord,
  SpfResult,
} from "./types";

export const SPF_LOOKUP_LIMIT = 10;
export const SPF_VOID_LOOKUP_LIMIT = 2;
export const SPF_MX_LIMIT = 10;
/** PTR names looked at per evaluation; RFC 7208 §4.6.4 ignores the rest. */
export const SPF_PTR_LIMIT = 10;

const QUALIFIER_RESULT: Record<SpfQualifier, Decided> = { "+": "pass", "-": "fail", "~": "softfail", "?": "neutral" };

type Decided = "pass" | "fail" | "softfail" | "neutral";

/** Ends the whole evaluation: permerror and temperror propagate out of includes unchanged (§5.2). */
class Abort {
  constructor(
    readonly result: "permerror" | "temperror",
    readonly reason: string,
    /** The name an offline world does not describe, when that is why evaluation stopped. */
    readonly undescribed?: string,
  ) {}
}

interface Decision {
  readonly result: Decided;
  /** The term in this record (or a redirect target's) that decided; none for the default neutral. */
  readonly matched?: SpfMatch;
  readonly mechanism?: SpfMechanismName;
  /** For an include match: the innermost term that made the included record pass. */
  readonly inner?: SpfMatch;
  /** The domain whose record decided, after following redirects. */
  readonly domain: string;
  /** redirect= hops followed, outermost first, e.g. ["contoso.com redirects to _spf.contoso.com"]. */
  readonly redirects: readonly string[];
  /** The record whose exp= may explain a fail (RFC 7208 §6.2). */
  readonly exp?: { readonly domain: string; readonly spec: MacroString };
}

/** Validated names of macro-free domain-specs; they never change, so they are worked out once. */
const plainTargets = new WeakMap<MacroString, string | null>();

function plainTarget(spec: MacroString): string | undefined {
  let name = plainTargets.get(spec);
  if (name === undefined) {
    const expanded = truncateLeft(normalizeName(expandMacroString(spec, NO_VALUES)));
    name = isWellFormedName(expanded) ? expanded : null;
    plainTargets.set(spec, name);
  }
  return name ?? undefined;
}

const NO_VALUES: MacroValues = { s: "", l: "", o: "", d: "", i: "", v: "", h: "", c: "", r: "", t: "" };

/** How to make an offline world describe an include/redirect target it lacks. */
export function notDescribedFix(target: string): string {
  const microsoft = microsoftSpfName(target);
  const known = microsoft ? `Microsoft publishes ${target} (${microsoft.cloud}), but the ${MICROSOFT_SPF_SNAPSHOT_DATE} snapshot does not hold its contents (X14): ` : "";
  return `${known}add ${target} with its TXT record to the world's dns, or run check --live-dns`;
}

function ordinal(n: number): string {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? "th" : n % 10 === 1 ? "st" : n % 10 === 2 ? "nd" : n % 10 === 3 ? "rd" : "th";
  return `${n}${suffix}`;
}

class Evaluation {
  lookups = 0;
  voids = 0;

  /**
   * @param steps Collects the trace when given. Every push is written `this.steps?.push(...)`: optional
   *   chaining skips building the message entirely on the untraced fast path.
   */
  constructor(
    private readonly view: DnsView,
    private readonly cache: ViewCache,
    private readonly ip: ClientIp,
    private readonly id: Identity,
    private readonly input: CheckHostInput,
    readonly steps: string[] | undefined,
  ) {}

  /** Built on first use: most records have no macros, and %{i} of an IPv6 client is 32 nibbles. */
  private values: Omit<MacroValues, "d"> | undefined;

  /**
   * The client's validated domain names (RFC 7208 §5.5): the PTR names of its address (the first 10)
   * whose A/AAAA records contain the address again. Worked out once per evaluation, and only when a
   * ptr term or %{p} needs them. A failed PTR lookup means no names (the mechanism does not match, %{p}
   * is "unknown"); a failed address lookup skips that name.
   */
  private validated: readonly string[] | undefined;

  private validatedNames(): readonly string[] {
    if (this.validated !== undefined) return this.validated;
    let names: readonly string[] | undefined;
    try {
      names = this.view.ptr?.(reverseName(this.ip));
    } catch (e) {
      if (!(e instanceof DnsTemporaryError)) throw e;
      names = undefined;
    }
    const out: string[] = [];
    for (const raw of (names ?? []).slice(0, SPF_PTR_LIMIT)) {
      const name = normalizeName(raw);
      if (!isWellFormedName(name)) continue;
      try {
        if (this.ip.family === 4) {
          if (ipv4Addresses(this.view, this.cache, name)?.includes(this.ip.value)) out.push(name);
        } else {
          const words = this.ip.words;
          if (ipv6Addresses(this.view, this.cache, name)?.some((a) => ip6SamePrefix(a, words, 128))) out.push(name);
        }
      } catch (e) {
        if (!(e instanceof DnsTemporaryError)) throw e;
      }
    }
    return (this.validated = out);
  }

  /** %{p} (RFC 7208 §7.3): the domain itself if validated, else a validated subdomain of it, else any, else "unknown". */
  private pValue(domain: string): string {
    const names = this.validatedNames();
    return names.find((n) => n === domain) ?? names.find((n) => n.endsWith(`.${domain}`)) ?? names[0] ?? "unknown";
  }

  /** The macro values for a string in `domain`'s record; %{p} only when the string uses it. */
  private valuesFor(domain: string, spec: MacroString): MacroValues {
    const values = this.macroValues(domain);
    return usesPtrMacro(spec) ? { ...values, p: this.pValue(domain) } : values;
  }

  private macroValues(domain: string): MacroValues {
    this.values ??= {
      s: this.id.sender,
      l: this.id.local,
      o: this.id.senderDomain,
      i: macroIp(this.ip),
      v: this.ip.family === 4 ? "in-addr" : "ip6",
      h: this.input.helo?.trim() || "unknown",
      c: this.ip.text,
      r: this.input.receiver ?? "unknown",
      t: String(this.input.timestamp ?? 0),
    };
    return { ...this.values, d: domain };
  }

  /**
   * Runs a DNS read, turning the view's "unknown" into temperror. `term` is the term being
   * evaluated in `domain`'s record, or absent for the record lookup itself; the message is only
   * built on failure.
   */
  dns<T>(read: () => T, domain: string, term?: string): T {
    try {
      return read();
    } catch (e) {
      if (e instanceof DnsTemporaryError) {
        const f = e.failure;
        const during = term === undefined ? `looking up the SPF record of ${domain}` : `evaluating "${term}" in the SPF record of ${domain}`;
        throw new Abort("temperror", `The DNS ${f.type.toUpperCase()} lookup of ${f.name} failed (${f.code}) while ${during}, so the result is temperror.`);
      }
      throw e;
    }
  }

  private countLookup(domain: string, term: string): void {
    this.lookups++;
    if (this.lookups > SPF_LOOKUP_LIMIT) {
      this.steps?.push(`${domain}: ${term} — DNS lookup ${this.lookups}, over the limit of ${SPF_LOOKUP_LIMIT}`);
      throw new Abort(
        "permerror",
        `The evaluation needs more than ${SPF_LOOKUP_LIMIT} DNS-querying terms (include, a, mx, ptr, exists, redirect): "${term}" in the SPF record of ${domain} is the ${ordinal(this.lookups)} (RFC 7208 §4.6.4), so the result is permerror.`,
      );
    }
  }

  private countVoid(domain: string, term: string, name: string, type: string): void {
    this.voids++;
    this.steps?.push(`${domain}: ${term} — ${type} ${name} has no records (void lookup ${this.voids})`);
    if (this.voids > SPF_VOID_LOOKUP_LIMIT) {
      throw new Abort(
        "permerror",
        `More than ${SPF_VOID_LOOKUP_LIMIT} lookups returned no records: "${term}" in the SPF record of ${domain} found no ${type} records for ${name}, the ${ordinal(this.voids)} void lookup (RFC 7208 §4.6.4), so the result is permerror.`,
      );
    }
  }

  /** Expands a domain-spec (or takes the current domain) into a name to query. */
  private target(domain: string, term: string, spec: MacroString | undefined): string {
    if (spec === undefined) return domain;
    if (!spec.hasMacros) {
      const plain = plainTarget(spec);
      if (plain !== undefined) return plain;
    }
    const expanded = truncateLeft(normalizeName(expandMacroString(spec, this.valuesFor(domain, spec))));
    if (!isWellFormedName(expanded)) {
      throw new Abort("permerror", `"${term}" in the SPF record of ${domain} expands to "${expanded}", which is not a valid domain name, so the result is permerror.`);
    }
    return expanded;
  }

  /** The record of an include or redirect target; anything but exactly one valid record is permerror. */
  private targetRecord(domain: string, term: string, target: string, kind: "include" | "redirect"): SpfRecord {
    const lookup = this.dns(() => lookupRecord(this.view, this.cache, target), domain, term);
    const rule = kind === "include" ? "RFC 7208 §5.2" : "RFC 7208 §6.1";
    switch (lookup.kind) {
      case "ok":
        this.steps?.push(`${target}: record "${lookup.text}"`);
        return lookup.record;
      case "none":
        if (lookup.void && this.view.describes?.(target) === false) {
          throw new Abort("permerror", `"${term}" in the SPF record of ${domain} points to ${target}, which the world's dns does not describe (offline, only the file's records exist), so the result is permerror here; ${notDescribedFix(target)}.`, target);
        }
        throw new Abort("permerror", `"${term}" in the SPF record of ${domain} points to ${target}, which ${lookup.void ? "has no TXT records" : "publishes no SPF record"} (${rule}: permerror), so the result is permerror.`);
      case "multiple":
        throw new Abort("permerror", `"${term}" in the SPF record of ${domain} points to ${target}, which publishes ${lookup.records.length} SPF records (RFC 7208 §4.5 allows one), so the result is permerror.`);
      case "invalid":
        throw new Abort("permerror", `"${term}" in the SPF record of ${domain} points to ${target}, whose SPF record has a syntax error: ${lookup.error}; so the result is permerror.`);
    }
  }

  private addressMatch(domain: string, term: SpfMechanismTerm, name: string, countVoid: boolean): boolean {
    if (this.ip.family === 4) {
      const addresses = this.dns(() => ipv4Addresses(this.view, this.cache, name), domain, term.text);
      if (addresses === undefined) {
        if (countVoid) this.countVoid(domain, term.text, name, "A");
        return false;
      }
      const prefix = term.ip4Cidr ?? 32;
      const client = this.ip.value;
      return addresses.some((a) => ip4SamePrefix(client, a, prefix));
    }
    const addresses = this.dns(() => ipv6Addresses(this.view, this.cache, name), domain, term.text);
    if (addresses === undefined) {
      if (countVoid) this.countVoid(domain, term.text, name, "AAAA");
      return false;
    }
    const prefix = term.ip6Cidr ?? 128;
    const client = this.ip.words;
    return addresses.some((a) => ip6SamePrefix(client, a, prefix));
  }

  /** Whether one mechanism matches; for include, also the innermost term that made it pass. */
  private matches(domain: string, term: SpfMechanismTerm): { matched: boolean; inner?: SpfMatch } {
    switch (term.mechanism) {
      case "all":
        return { matched: true };
      case "ip4":
        return { matched: this.ip.family === 4 && ip4InNetwork(this.ip.value, term.network as Ip4Network) };
      case "ip6":
        return { matched: this.ip.family === 6 && ip6InNetwork(this.ip.words, term.network as Ip6Network) };
      case "a": {
        this.countLookup(domain, term.text);
        const name = this.target(domain, term.text, term.domainSpec);
        return { matched: this.addressMatch(domain, term, name, true) };
      }
      case "mx": {
        this.countLookup(domain, term.text);
        const name = this.target(domain, term.text, term.domainSpec);
        const mxs = this.dns(() => this.view.mx(name), domain, term.text);
        if (mxs === undefined) {
          this.countVoid(domain, term.text, name, "MX");
          return { matched: false };
        }
        if (mxs.length > SPF_MX_LIMIT) {
          throw new Abort("permerror", `"${term.text}" in the SPF record of ${domain} finds ${mxs.length} MX records for ${name}; RFC 7208 §4.6.4 allows at most ${SPF_MX_LIMIT}, so the result is permerror.`);
        }
        for (const mx of mxs) {
          const exchange = normalizeName(mx.exchange);
          // A null MX (RFC 7505, exchange ".") names no host. A host that only has addresses of the
          // other family is ordinary, so its empty answer is not counted as a void lookup.
          if (exchange === "" || !isWellFormedName(exchange)) continue;
          if (this.addressMatch(domain, term, exchange, false)) return { matched: true };
        }
        return { matched: false };
      }
      case "ptr": {
        // Evaluators must support ptr although RFC 7208 §5.5 tells publishers not to use it.
        this.countLookup(domain, term.text);
        const target = this.target(domain, term.text, term.domainSpec);
        const names = this.validatedNames();
        const matched = names.some((n) => n === target || n.endsWith(`.${target}`));
        this.steps?.push(
          `${domain}: ${term.text} — validated names of ${this.ip.text}: ${names.length > 0 ? names.join(", ") : "none"} (RFC 7208 §5.5); ${matched ? "one is" : "none is"} ${target} or below it`,
        );
        return { matched };
      }
      case "exists": {
        this.countLookup(domain, term.text);
        const name = this.target(domain, term.text, term.domainSpec);
        // exists always asks for A records, whatever the client's address family (RFC 7208 §5.7).
        const addresses = this.dns(() => ipv4Addresses(this.view, this.cache, name), domain, term.text);
        if (addresses === undefined) {
          this.countVoid(domain, term.text, name, "A");
          return { matched: false };
        }
        return { matched: true };
      }
      case "include": {
        this.countLookup(domain, term.text);
        const target = this.target(domain, term.text, term.domainSpec);
        this.steps?.push(`${domain}: ${term.text} — DNS lookup ${this.lookups} of ${SPF_LOOKUP_LIMIT}`);
        const record = this.targetRecord(domain, term.text, target, "include");
        const inner = this.evaluate(target, record);
        this.steps?.push(`${domain}: ${term.text} — included record gives ${inner.result}${inner.result === "pass" ? " (match)" : " (no match)"}`);
        if (inner.result !== "pass") return { matched: false };
        const innermost = inner.inner ?? inner.matched;
        return innermost !== undefined ? { matched: true, inner: innermost } : { matched: true };
      }
    }
  }

  evaluate(domain: string, record: SpfRecord): Decision {
    for (const term of record.mechanisms) {
      const { matched, inner } = this.matches(domain, term);
      if (!matched) {
        if (term.mechanism !== "include") this.steps?.push(`${domain}: ${term.text} — no match`);
        continue;
      }
      const result = QUALIFIER_RESULT[term.qualifier];
      this.steps?.push(`${domain}: ${term.text} — match → ${result}`);
      return {
        result,
        matched: { domain, term: term.text },
        mechanism: term.mechanism,
        ...(inner !== undefined ? { inner } : {}),
        domain,
        redirects: [],
        ...(record.exp !== undefined ? { exp: { domain, spec: record.exp } } : {}),
      };
    }
    // Reaching here means no "all" was present (it always matches), so RFC 7208 §6.1's rule that
    // "all" disables redirect holds without a check.
    if (record.redirect !== undefined) {
      const term = `redirect=${record.redirect.text}`;
      this.countLookup(domain, term);
      const target = this.target(domain, term, record.redirect);
      this.steps?.push(`${domain}: no mechanism matched; ${term} — DNS lookup ${this.lookups} of ${SPF_LOOKUP_LIMIT}`);
      const inner = this.evaluate(target, this.targetRecord(domain, term, target, "redirect"));
      // The redirected record's exp= replaces ours (RFC 7208 §6.2), so inner.exp passes through as is.
      return { ...inner, redirects: [`${domain} redirects to ${target}`, ...inner.redirects] };
    }
    this.steps?.push(`${domain}: no mechanism matched → neutral (default)`);
    return { result: "neutral", domain, redirects: [] };
  }

  /** exp= text for a fail; any problem just means no explanation (RFC 7208 §6.2). */
  explain(exp: { readonly domain: string; readonly spec: MacroString }): string | undefined {
    try {
      const name = truncateLeft(normalizeName(expandMacroString(exp.spec, this.valuesFor(exp.domain, exp.spec))));
      if (!isWellFormedName(name)) return undefined;
      const txt = this.view.txt(name);
      if (txt === undefined || txt.length !== 1) return undefined;
      const parsed = parseMacroString(txt[0]!, "explanation");
      return parsed.ok ? expandMacroString(parsed.value, this.valuesFor(exp.domain, parsed.value)) : undefined;
    } catch (e) {
      if (e instanceof DnsTemporaryError) return undefined;
      throw e;
    }
  }
}

function decisionReason(decision: Decision, ip: string): string {
  const via = decision.redirects.length > 0 ? ` (${decision.redirects.join(", ")})` : "";
  const m = decision.matched;
  if (m === undefined) {
    return `No term in the SPF record of ${decision.domain}${via} matched ${ip}, and there is no redirect to follow, so the result is the default neutral.`;
  }
  if (decision.mechanism === "all") {
    return `No earlier term in the SPF record of ${m.domain}${via} matched ${ip}, so "${m.term}" applies and the result is ${decision.result}.`;
  }
  const inner = decision.inner !== undefined ? ` (through "${decision.inner.term}" in the SPF record of ${decision.inner.domain})` : "";
  return `${ip} matched "${m.term}" in the SPF record of ${m.domain}${via}${inner}, so the result is ${decision.result}.`;
}

interface Identity {
  readonly domain: string;
  readonly sender: string;
  readonly local: string;
  readonly senderDomain: string;
}

/** RFC 7208 §2.4 and §4.3: the null sender becomes postmaster@HELO; a missing local-part becomes postmaster. */
function identityOf(input: CheckHostInput): Identity | string {
  let sender = input.sender.trim();
  let domain = input.domain.trim();
  if (sender === "") {
    const helo = input.helo?.trim() ?? "";
    if (helo === "") return "The null reverse-path (<>) was given without a HELO name, so there is no identity to check and the result is none.";
    sender = `postmaster@${helo}`;
    domain = helo;
  }
  const at = sender.lastIndexOf("@");
  const local = at <= 0 ? "postmaster" : sender.slice(0, at);
  const senderDomain = normalizeName(at === -1 ? sender : sender.slice(at + 1));
  if (domain === "") domain = senderDomain;
  return { domain: normalizeName(domain), sender: `${local}@${senderDomain}`, local, senderDomain };
}

/** A result without its trace; the trace is produced on demand by a second, traced evaluation. */
type Outcome = Omit<SpfCheckResult, "steps">;

function outcome(
  evaluation: Evaluation | undefined,
  result: SpfResult,
  reason: string,
  extra: { record?: string; matched?: SpfMatch; explanation?: string; undescribed?: string } = {},
): Outcome {
  evaluation?.steps?.push(`result: ${result}`);
  return {
    result,
    lookups: evaluation?.lookups ?? 0,
    voidLookups: evaluation?.voids ?? 0,
    ...(extra.record !== undefined ? { record: extra.record } : {}),
    reason,
    ...(extra.matched !== undefined ? { matched: extra.matched } : {}),
    ...(extra.explanation !== undefined ? { explanation: extra.explanation } : {}),
    ...(extra.undescribed !== undefined ? { undescribed: extra.undescribed } : {}),
  };
}

function evaluateIdentity(view: DnsView, cache: ViewCache, ip: ClientIp, id: Identity, input: CheckHostInput, steps?: string[]): Outcome {
  steps?.push(`check_host(${ip.text}, ${id.domain}, ${id.sender})`);
  if (!isCheckableDomain(id.domain)) {
    steps?.push("result: none");
    return outcome(undefined, "none", `"${id.domain}" is not a valid multi-label domain name, so there is no SPF policy to check (RFC 7208 §4.3).`);
  }
  const evaluation = new Evaluation(view, cache, ip, id, input, steps);
  let record: string | undefined;
  try {
    const lookup: RecordLookup = evaluation.dns(() => lookupRecord(view, cache, id.domain), id.domain);
    switch (lookup.kind) {
      case "none":
        return outcome(
          evaluation,
          "none",
          lookup.void
            ? `${id.domain} has no TXT records (the name does not exist or has none), so it publishes no SPF policy.`
            : `${id.domain} has TXT records but none starts with "v=spf1", so it publishes no SPF policy.`,
        );
      case "multiple":
        return outcome(evaluation, "permerror", `${id.domain} publishes ${lookup.records.length} SPF records; RFC 7208 §4.5 allows only one, so the result is permerror.`);
      case "invalid":
        return outcome(evaluation, "permerror", `The SPF record of ${id.domain} has a syntax error: ${lookup.error}; so the result is permerror.`, { record: lookup.text });
      case "ok":
        break;
    }
    record = lookup.text;
    steps?.push(`${id.domain}: record "${lookup.text}"`);
    const decision = evaluation.evaluate(id.domain, lookup.record);
    const explanation = decision.result === "fail" && decision.exp !== undefined ? evaluation.explain(decision.exp) : undefined;
    return outcome(evaluation, decision.result, decisionReason(decision, ip.text), {
      record,
      ...(decision.matched !== undefined ? { matched: decision.matched } : {}),
      ...(explanation !== undefined ? { explanation } : {}),
    });
  } catch (e) {
    if (e instanceof Abort) {
      return outcome(evaluation, e.result, e.reason, { ...(record !== undefined ? { record } : {}), ...(e.undescribed !== undefined ? { undescribed: e.undescribed } : {}) });
    }
    throw e;
  }
}

function evaluateInput(view: DnsView, cache: ViewCache, ip: ClientIp, input: CheckHostInput, steps?: string[]): Outcome {
  const id = identityOf(input);
  if (typeof id !== "string") return evaluateIdentity(view, cache, ip, id, input, steps);
  steps?.push(`check_host(${ip.text}, ${input.domain}, <>)`, "result: none");
  return outcome(undefined, "none", id);
}

/**
 * A frozen result whose trace is computed on first read of `steps`. `steps` lives on the prototype,
 * so it is not copied by object spread; toJSON includes it.
 */
class CheckResult implements SpfCheckResult {
  readonly result: SpfResult;
  readonly lookups: number;
  readonly voidLookups: number;
  declare readonly record?: string;
  readonly reason: string;
  declare readonly matched?: SpfMatch;
  declare readonly explanation?: string;
  declare readonly undescribed?: string;
  #steps: readonly string[] | undefined;
  readonly #trace: () => string[];

  constructor(o: Outcome, trace: () => string[]) {
    this.result = o.result;
    this.lookups = o.lookups;
    this.voidLookups = o.voidLookups;
    this.reason = o.reason;
    const optional = this as { record?: string; matched?: SpfMatch; explanation?: string; undescribed?: string };
    if (o.record !== undefined) optional.record = o.record;
    if (o.undescribed !== undefined) optional.undescribed = o.undescribed;
    if (o.matched !== undefined) optional.matched = o.matched;
    if (o.explanation !== undefined) optional.explanation = o.explanation;
    this.#trace = trace;
    Object.freeze(this);
  }

  get steps(): readonly string[] {
    return (this.#steps ??= Object.freeze(this.#trace()));
  }

  toJSON(): SpfCheckResult {
    return { ...this, steps: this.steps };
  }
}

/**
 * RFC 7208 check_host(). Throws a TypeError only when `ip` is not an IP address (a caller bug);
 * every DNS or policy problem is a result.
 *
 * The engine asks for verdicts far more often than for explanations, so the evaluation runs
 * untraced and `steps` re-runs it with tracing the first time it is read (views answer consistently).
 */
export function checkHost(view: DnsView, input: CheckHostInput): SpfCheckResult {
  const cache = viewCache(view);
  const ip = parseClientIp(input.ip);
  if (ip === undefined) throw new TypeError(`checkHost: "${input.ip}" is not an IPv4 or IPv6 address`);
  return new CheckResult(evaluateInput(view, cache, ip, input), () => {
    const trace: string[] = [];
    evaluateInput(view, cache, ip, input, trace);
    return trace;
  });
}
