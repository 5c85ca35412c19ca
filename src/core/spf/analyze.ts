/**
 * A static look at a domain's SPF tree for lint rules: what an evaluation could cost and where it
 * could break, without a client IP. check_host() stops at the first match, so a record that is over
 * the lookup limit may still pass for some senders; this report shows the worst case.
 */
import { lookupRecord, parseCached, viewCache, type ViewCache } from "./cache";
import { checkHost, notDescribedFix, SPF_LOOKUP_LIMIT, SPF_MX_LIMIT, SPF_VOID_LOOKUP_LIMIT } from "./check-host";
import { DnsTemporaryError, type DnsLookupFailure, type DnsRecordType, type DnsView } from "./dns-view";
import { isWellFormedName, normalizeName, truncateLeft } from "./domain";
import { expandMacroString } from "./macro";
import { isSpfRecordText } from "./parse";
import type { MacroString, SpfRecord } from "./types";

export interface SpfTermRef {
  /** The domain whose record holds the term. */
  readonly domain: string;
  readonly term: string;
}

export interface SpfSyntaxError {
  readonly domain: string;
  readonly record: string;
  readonly term?: string;
  readonly error: string;
}

export interface SpfVoidLookup extends SpfTermRef {
  readonly name: string;
  readonly type: DnsRecordType;
}

export type SpfTargetProblem =
  | "no-record"
  | "multiple-records"
  | "syntax-error"
  | "loop"
  | "temperror"
  | "invalid-name"
  | "too-many-mx"
  /** Offline only: the world's dns says nothing about the target, so whether it publishes a record is unknown. */
  | "not-described";

/** An include/redirect/mx target that makes evaluation permerror (or temperror) once it is reached. */
export interface SpfBrokenTarget extends SpfTermRef {
  readonly target: string;
  readonly problem: SpfTargetProblem;
  readonly detail: string;
}

export interface SpfTreeNode {
  readonly domain: string;
  readonly via: "root" | "include" | "redirect";
  /** The include/redirect term that led here; absent for the root. */
  readonly term?: string;
  /** The SPF record, when exactly one was found. */
  readonly record?: string;
  /** Why this node has no usable record. */
  readonly problem?: string;
  /** DNS-querying terms in this record alone. */
  readonly lookupTerms: number;
  /** DNS-querying terms if every term here and below is evaluated. */
  readonly worstCaseLookups: number;
  readonly children: readonly SpfTreeNode[];
}

export interface SpfAnalysis {
  readonly domain: string;
  /** Every `v=spf1` TXT record at the domain. */
  readonly records: readonly string[];
  readonly record?: string;
  readonly multipleRecords: boolean;
  readonly syntaxErrors: readonly SpfSyntaxError[];
  /** The lookups of an evaluation in which nothing matches early, nested includes and redirects counted. */
  readonly worstCaseLookups: number;
  readonly exceedsLookupLimit: boolean;
  readonly voidLookups: readonly SpfVoidLookup[];
  readonly exceedsVoidLimit: boolean;
  readonly brokenTargets: readonly SpfBrokenTarget[];
  /** Domains reached through include or redirect anywhere in the tree, in walk order. */
  readonly includedDomains: readonly string[];
  /** Terms whose target depends on the message (macros); counted as one lookup each, not followed. */
  readonly macroTerms: readonly SpfTermRef[];
  /** ptr terms: evaluated by checkHost, but RFC 7208 §5.5 tells publishers not to use them (slow, unreliable). */
  readonly ptrTerms: readonly SpfTermRef[];
  readonly dnsFailures: readonly DnsLookupFailure[];
  readonly tree: SpfTreeNode;
  /** Whether `target` is reached through include (or redirect) anywhere in the tree. */
  includes(target: string): boolean;
}

const LOOKUP_MECHANISMS = new Set<string>(["include", "a", "mx", "ptr", "exists"]);

/** Values used to expand the rare macro-free MacroString; macro strings are never expanded here. */
function literalOf(spec: MacroString): string {
  return expandMacroString(spec, { s: "", l: "", o: "", d: "", i: "", v: "", h: "", c: "", r: "", t: "" });
}

class Walk {
  readonly syntaxErrors: SpfSyntaxError[] = [];
  readonly voidLookups: SpfVoidLookup[] = [];
  readonly brokenTargets: SpfBrokenTarget[] = [];
  readonly included: string[] = [];
  private readonly includedSet = new Set<string>();
  readonly macroTerms: SpfTermRef[] = [];
  readonly ptrTerms: SpfTermRef[] = [];
  readonly dnsFailures: DnsLookupFailure[] = [];
  /** Completed nodes, so a domain included from several places is walked once. */
  private readonly done = new Map<string, SpfTreeNode>();
  private readonly onPath = new Set<string>();

  constructor(
    private readonly view: DnsView,
    private readonly cache: ViewCache,
  ) {}

  /** Runs a DNS read; a temporary failure is recorded and reads as `failed`. */
  read<T>(fn: () => T): { ok: true; value: T } | { ok: false; failure: DnsLookupFailure } {
    try {
      return { ok: true, value: fn() };
    } catch (e) {
      if (!(e instanceof DnsTemporaryError)) throw e;
      this.dnsFailures.push(e.failure);
      return { ok: false, failure: e.failure };
    }
  }

  private broken(ref: SpfTermRef, target: string, problem: SpfTargetProblem, detail: string): void {
    this.brokenTargets.push({ ...ref, target, problem, detail });
  }

  private targetName(ref: SpfTermRef, spec: MacroString | undefined): string | undefined {
    if (spec === undefined) return ref.domain;
    if (spec.hasMacros) {
      // %{d} is the domain whose record is walked: the same for every message, so it can be followed.
      if (!spec.parts.every((p) => p.kind === "literal" || p.letter === "d")) {
        this.macroTerms.push(ref);
        return undefined;
      }
      const expanded = truncateLeft(normalizeName(expandMacroString(spec, { s: "", l: "", o: "", d: ref.domain, i: "", v: "", h: "", c: "", r: "", t: "" })));
      if (!isWellFormedName(expanded)) {
        this.broken(ref, expanded, "invalid-name", `"${expanded}" is not a valid domain name`);
        return undefined;
      }
      return expanded;
    }
    const name = truncateLeft(normalizeName(literalOf(spec)));
    if (!isWellFormedName(name)) {
      this.broken(ref, name, "invalid-name", `"${name}" is not a valid domain name`);
      return undefined;
    }
    return name;
  }

  /** An include or redirect target: its record walked once, loops and broken records reported. */
  child(ref: SpfTermRef, target: string, via: "include" | "redirect"): SpfTreeNode {
    if (!this.includedSet.has(target)) {
      this.includedSet.add(target);
      this.included.push(target);
    }
    if (this.onPath.has(target)) {
      this.broken(ref, target, "loop", `${via} of ${target} loops back to a record already being evaluated; evaluation runs into the ${SPF_LOOKUP_LIMIT}-lookup limit`);
      return { domain: target, via, term: ref.term, problem: "include loop", lookupTerms: 0, worstCaseLookups: 0, children: [] };
    }
    const seen = this.done.get(target);
    if (seen !== undefined) return { ...seen, via, term: ref.term };
    const lookup = this.read(() => lookupRecord(this.view, this.cache, target));
    let node: SpfTreeNode;
    if (!lookup.ok) {
      this.broken(ref, target, "temperror", `the TXT lookup of ${target} failed (${lookup.failure.code})`);
      node = { domain: target, via, term: ref.term, problem: "DNS lookup failed", lookupTerms: 0, worstCaseLookups: 0, children: [] };
    } else {
      const found = lookup.value;
      switch (found.kind) {
        case "none":
          if (found.void && this.view.describes?.(target) === false) {
            this.broken(ref, target, "not-described", `${target} is not described in the world's dns (offline, only the file's records exist); ${notDescribedFix(target)}`);
            node = { domain: target, via, term: ref.term, problem: "not described", lookupTerms: 0, worstCaseLookups: 0, children: [] };
            break;
          }
          this.broken(ref, target, "no-record", `${target} publishes no SPF record`);
          node = { domain: target, via, term: ref.term, problem: "no SPF record", lookupTerms: 0, worstCaseLookups: 0, children: [] };
          break;
        case "multiple":
          this.broken(ref, target, "multiple-records", `${target} publishes ${found.records.length} SPF records`);
          node = { domain: target, via, term: ref.term, problem: "multiple SPF records", lookupTerms: 0, worstCaseLookups: 0, children: [] };
          break;
        case "invalid":
          this.syntaxErrors.push({ domain: target, record: found.text, ...(found.term !== undefined ? { term: found.term } : {}), error: found.error });
          this.broken(ref, target, "syntax-error", found.error);
          node = { domain: target, via, term: ref.term, record: found.text, problem: "syntax error", lookupTerms: 0, worstCaseLookups: 0, children: [] };
          break;
        case "ok": {
          this.onPath.add(target);
          const walked = this.record(target, found.record);
          this.onPath.delete(target);
          node = { domain: target, via, term: ref.term, record: found.text, ...walked };
          break;
        }
      }
    }
    this.done.set(target, node);
    return node;
  }

  /** The checked domain's own record: on the path, so an include back to it is reported as a loop. */
  root(domain: string, record: SpfRecord): { lookupTerms: number; worstCaseLookups: number; children: SpfTreeNode[] } {
    this.onPath.add(domain);
    const walked = this.record(domain, record);
    this.onPath.delete(domain);
    return walked;
  }

  private addressVoid(ref: SpfTermRef, name: string): void {
    const a = this.read(() => this.view.a(name));
    const aaaa = this.read(() => this.view.aaaa(name));
    // Void for every client only when both families are empty; one family alone is normal.
    if (a.ok && aaaa.ok && a.value === undefined && aaaa.value === undefined) this.voidLookups.push({ ...ref, name, type: "a" });
  }

  record(domain: string, record: SpfRecord): { lookupTerms: number; worstCaseLookups: number; children: SpfTreeNode[] } {
    let worst = 0;
    const children: SpfTreeNode[] = [];
    for (const m of record.mechanisms) {
      if (!LOOKUP_MECHANISMS.has(m.mechanism)) continue;
      worst++;
      const ref = { domain, term: m.text };
      if (m.mechanism === "ptr") {
        this.ptrTerms.push(ref);
        continue;
      }
      const name = this.targetName(ref, m.domainSpec);
      if (name === undefined) continue;
      switch (m.mechanism) {
        case "include": {
          const node = this.child(ref, name, "include");
          worst += node.worstCaseLookups;
          children.push(node);
          break;
        }
        case "a":
          this.addressVoid(ref, name);
          break;
        case "exists": {
          const a = this.read(() => this.view.a(name));
          if (a.ok && a.value === undefined) this.voidLookups.push({ ...ref, name, type: "a" });
          break;
        }
        case "mx": {
          const mx = this.read(() => this.view.mx(name));
          if (!mx.ok) break;
          if (mx.value === undefined) this.voidLookups.push({ ...ref, name, type: "mx" });
          else if (mx.value.length > SPF_MX_LIMIT) {
            this.broken(ref, name, "too-many-mx", `${name} has ${mx.value.length} MX records; RFC 7208 §4.6.4 allows ${SPF_MX_LIMIT}`);
          }
          break;
        }
      }
    }
    if (record.redirect !== undefined && !record.hasAll) {
      worst++;
      const ref = { domain, term: `redirect=${record.redirect.text}` };
      const name = this.targetName(ref, record.redirect);
      if (name !== undefined) {
        const node = this.child(ref, name, "redirect");
        worst += node.worstCaseLookups;
        children.push(node);
      }
    }
    return { lookupTerms: record.lookupTerms, worstCaseLookups: worst, children };
  }
}

function analyzeUncached(view: DnsView, cache: ViewCache, domain: string): SpfAnalysis {
  const walk = new Walk(view, cache);
  const txt = walk.read(() => view.txt(domain));
  const records = txt.ok ? (txt.value ?? []).filter(isSpfRecordText) : [];
  let tree: SpfTreeNode;
  if (!txt.ok) {
    tree = { domain, via: "root", problem: "DNS lookup failed", lookupTerms: 0, worstCaseLookups: 0, children: [] };
  } else if (records.length === 0) {
    tree = { domain, via: "root", problem: "no SPF record", lookupTerms: 0, worstCaseLookups: 0, children: [] };
  } else {
    // Several records make evaluation a permerror anyway; walking each still shows what they include.
    let lookupTerms = 0;
    let worst = 0;
    let invalid: string | undefined;
    const children: SpfTreeNode[] = [];
    for (const text of records) {
      const parsed = parseCached(text);
      if (!parsed.ok) {
        walk.syntaxErrors.push({ domain, record: text, ...(parsed.term !== undefined ? { term: parsed.term } : {}), error: parsed.error });
        invalid = "syntax error";
        continue;
      }
      const walked = walk.root(domain, parsed.record);
      lookupTerms = Math.max(lookupTerms, walked.lookupTerms);
      worst = Math.max(worst, walked.worstCaseLookups);
      children.push(...walked.children);
    }
    const problem = records.length > 1 ? `${records.length} SPF records` : invalid;
    tree = {
      domain,
      via: "root",
      ...(records.length === 1 ? { record: records[0]! } : {}),
      ...(problem !== undefined ? { problem } : {}),
      lookupTerms,
      worstCaseLookups: worst,
      children,
    };
  }
  const includedSet = new Set(walk.included);
  return {
    domain,
    records,
    ...(records.length === 1 ? { record: records[0]! } : {}),
    multipleRecords: records.length > 1,
    syntaxErrors: walk.syntaxErrors,
    worstCaseLookups: tree.worstCaseLookups,
    exceedsLookupLimit: tree.worstCaseLookups > SPF_LOOKUP_LIMIT || walk.brokenTargets.some((b) => b.problem === "loop"),
    voidLookups: walk.voidLookups,
    exceedsVoidLimit: walk.voidLookups.length > SPF_VOID_LOOKUP_LIMIT,
    brokenTargets: walk.brokenTargets,
    includedDomains: walk.included,
    macroTerms: walk.macroTerms,
    ptrTerms: walk.ptrTerms,
    dnsFailures: walk.dnsFailures,
    tree,
    includes: (target: string) => includedSet.has(normalizeName(target.trim())),
  };
}

const analyses = new WeakMap<DnsView, Map<string, SpfAnalysis>>();

/** The static SPF report of `domain`, memoised per view (lint rules ask for the same domains repeatedly). */
export function analyzeSpf(view: DnsView, domain: string): SpfAnalysis {
  const name = normalizeName(domain.trim());
  let perView = analyses.get(view);
  if (perView === undefined) {
    perView = new Map();
    analyses.set(view, perView);
  }
  let analysis = perView.get(name);
  if (analysis === undefined) {
    analysis = Object.freeze(analyzeUncached(view, viewCache(view), name));
    perView.set(name, analysis);
  }
  return analysis;
}

/** Whether `ip` passes SPF for `domain` (sender postmaster@domain): checkHost(...).result === "pass". */
export function authorizes(view: DnsView, domain: string, ip: string): boolean {
  return checkHost(view, { ip, domain, sender: `postmaster@${domain}` }).result === "pass";
}
