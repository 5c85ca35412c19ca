/**
 * The live-DNS shell for SPF: resolve, ahead of time, every record an SPF evaluation of some domains
 * could read, into a world-style `dns` map. The core then evaluates offline and synchronously
 * (worldDnsView(snapshot.dns, snapshot.errors)), so the network is touched once, here.
 */
import { promises as dnsPromises } from "node:dns";
import type { DnsRecords } from "../core/model/types";
import { dnsKey, isSpfRecordText, parseSpfRecord, SPF_MX_LIMIT, type DnsLookupFailure, type DnsRecordType, type MacroString, type SpfRecord } from "../core/spf";

export interface SpfSnapshotOptions {
  /** Resolver addresses as `Resolver.setServers` takes them ("127.0.0.1:5353", "[::1]:53"); default: the system's. */
  readonly servers?: readonly string[];
  /** Per-attempt timeout; default 5000 ms. */
  readonly timeoutMs?: number;
  /** Attempts per query; default 2. */
  readonly tries?: number;
  /** How many include/redirect hops to follow below each domain; default 10 (deeper always exceeds the lookup limit). */
  readonly maxDepth?: number;
  /** A bound on DNS queries in total, against hostile or runaway trees; default 1000. */
  readonly maxQueries?: number;
}

export interface SpfSnapshotSkip {
  /** The domain whose record holds the term. */
  readonly domain: string;
  readonly term: string;
  /**
   * `macro`: the target depends on the message; `depth` / `query-limit`: a bound was reached. A
   * domain whose own record lookup was cut off by the query limit shows the term "TXT lookup".
   */
  readonly why: "macro" | "depth" | "query-limit";
}

export interface SpfSnapshot {
  /** Names that answered with records; names that do not exist or had no data are absent (void). */
  readonly dns: Record<string, DnsRecords>;
  /** Lookups that failed otherwise (SERVFAIL, timeout, refused): pass to worldDnsView to get temperror. */
  readonly errors: DnsLookupFailure[];
  /** Targets that were not resolved, so an evaluation that reaches them sees them as void. */
  readonly skipped: SpfSnapshotSkip[];
}

/** c-ares codes for "the name does not exist" and "no records of this type": void lookups to SPF. */
const VOID_CODES = new Set(["ENOTFOUND", "ENODATA"]);

type Answer<T> = { kind: "records"; value: T } | { kind: "void" } | { kind: "error"; code: string };

class Snapshotter {
  readonly dns: Record<string, DnsRecords> = {};
  readonly errors: DnsLookupFailure[] = [];
  readonly skipped: SpfSnapshotSkip[] = [];
  private readonly pending = new Map<string, Promise<unknown>>();
  private readonly walked = new Set<string>();
  private queries = 0;

  constructor(
    private readonly resolver: dnsPromises.Resolver,
    private readonly maxDepth: number,
    private readonly maxQueries: number,
  ) {}

  private entry(name: string): DnsRecords {
    // hasOwn and defineProperty keep odd names ("constructor", "__proto__") away from the prototype.
    if (!Object.hasOwn(this.dns, name)) Object.defineProperty(this.dns, name, { value: {}, enumerable: true, writable: true, configurable: true });
    return this.dns[name]!;
  }

  /** One query per (name, type) for the whole snapshot, however many terms point at it. */
  private query<T>(name: string, type: DnsRecordType, run: () => Promise<T>, store: (value: T) => void): Promise<Answer<T>> {
    const id = `${type} ${name}`;
    const existing = this.pending.get(id);
    if (existing !== undefined) return existing as Promise<Answer<T>>;
    // Starting inside then() turns a synchronous throw from the resolver into a failed answer.
    const promise = Promise.resolve().then(run).then(
      (value): Answer<T> => {
        store(value);
        return { kind: "records", value };
      },
      (error: NodeJS.ErrnoException): Answer<T> => {
        const code = error.code ?? "EUNKNOWN";
        if (VOID_CODES.has(code)) return { kind: "void" };
        this.errors.push({ name, type, code });
        return { kind: "error", code };
      },
    );
    this.pending.set(id, promise);
    this.queries++;
    return promise;
  }

  private budget(domain: string, term: string): boolean {
    if (this.queries < this.maxQueries) return true;
    this.skipped.push({ domain, term, why: "query-limit" });
    return false;
  }

  txt(name: string): Promise<Answer<string[]>> {
    return this.query(
      name,
      "txt",
      // A TXT record may arrive as several character-strings; SPF joins them without spaces (RFC 7208 §3.3).
      async () => (await this.resolver.resolveTxt(name)).map((chunks) => chunks.join("")),
      (value) => {
        if (value.length > 0) this.entry(name).txt = value;
      },
    );
  }

  addresses(name: string): Promise<unknown> {
    return Promise.all([
      this.query(name, "a", () => this.resolver.resolve4(name), (value) => {
        if (value.length > 0) this.entry(name).a = value;
      }),
      this.query(name, "aaaa", () => this.resolver.resolve6(name), (value) => {
        if (value.length > 0) this.entry(name).aaaa = value;
      }),
    ]);
  }

  async mx(name: string, domain: string, term: string): Promise<void> {
    const answer = await this.query(
      name,
      "mx",
      async () => (await this.resolver.resolveMx(name)).map((mx) => ({ preference: mx.priority, exchange: dnsKey(mx.exchange) })),
      (value) => {
        if (value.length > 0) this.entry(name).mx = value;
      },
    );
    // Over the MX limit the evaluation is a permerror before any address is read.
    if (answer.kind !== "records" || answer.value.length > SPF_MX_LIMIT) return;
    await Promise.all(
      answer.value
        .filter((mx) => mx.exchange !== "" && this.budget(domain, term))
        .map((mx) => this.addresses(mx.exchange)),
    );
  }

  /** A plain target name, or undefined (recorded as skipped) when it depends on the message. */
  private targetOf(domain: string, term: string, spec: MacroString | undefined): string | undefined {
    if (spec === undefined) return domain;
    if (spec.hasMacros) {
      this.skipped.push({ domain, term, why: "macro" });
      return undefined;
    }
    return dnsKey(spec.parts.length === 0 ? "" : (spec.parts[0] as { readonly text: string }).text);
  }

  /** Resolves what `record` can read; returns the include/redirect targets for the next level. */
  private async record(domain: string, record: SpfRecord, depth: number): Promise<string[]> {
    const next: string[] = [];
    const work: Promise<unknown>[] = [];
    const follow = (term: string, target: string): void => {
      if (depth >= this.maxDepth) this.skipped.push({ domain, term, why: "depth" });
      else next.push(target);
    };
    for (const m of record.mechanisms) {
      if (m.mechanism === "all" || m.mechanism === "ip4" || m.mechanism === "ip6" || m.mechanism === "ptr") continue;
      const target = this.targetOf(domain, m.text, m.domainSpec);
      if (target === undefined || !this.budget(domain, m.text)) continue;
      if (m.mechanism === "include") follow(m.text, target);
      else if (m.mechanism === "a") work.push(this.addresses(target));
      else if (m.mechanism === "mx") work.push(this.mx(target, domain, m.text));
      else work.push(this.query(target, "a", () => this.resolver.resolve4(target), (value) => {
        if (value.length > 0) this.entry(target).a = value;
      }));
    }
    if (record.redirect !== undefined) {
      const term = `redirect=${record.redirect.text}`;
      const target = this.targetOf(domain, term, record.redirect);
      if (target !== undefined) follow(term, target);
    }
    if (record.exp !== undefined) {
      const term = `exp=${record.exp.text}`;
      const target = this.targetOf(domain, term, record.exp);
      if (target !== undefined && this.budget(domain, term)) work.push(this.txt(target));
    }
    await Promise.all(work);
    return next;
  }

  /** Walks one level: the SPF records of `domains`, collecting the next level's targets. */
  async level(domains: readonly string[], depth: number): Promise<string[]> {
    const fresh = domains.filter((d) => !this.walked.has(d));
    for (const d of fresh) this.walked.add(d);
    const nextLists = await Promise.all(
      fresh.map(async (domain) => {
        if (!this.budget(domain, "TXT lookup")) return [];
        const answer = await this.txt(domain);
        if (answer.kind !== "records") return [];
        const lists = await Promise.all(
          answer.value.filter(isSpfRecordText).map((text) => {
            const parsed = parseSpfRecord(text);
            // A record with a syntax error is a permerror before any of its targets is read.
            return parsed.ok ? this.record(domain, parsed.record, depth) : Promise.resolve([]);
          }),
        );
        return lists.flat();
      }),
    );
    return [...new Set(nextLists.flat())];
  }
}

/**
 * Resolves every TXT/A/AAAA/MX name an SPF evaluation of `domains` could touch, following
 * include and redirect targets (and a/mx/exists/exp targets) that contain no macros.
 */
export async function snapshotSpfDns(domains: readonly string[], opts: SpfSnapshotOptions = {}): Promise<SpfSnapshot> {
  const resolver = new dnsPromises.Resolver({ timeout: opts.timeoutMs ?? 5000, tries: opts.tries ?? 2 });
  if (opts.servers !== undefined && opts.servers.length > 0) resolver.setServers([...opts.servers]);
  const snapshot = new Snapshotter(resolver, opts.maxDepth ?? 10, opts.maxQueries ?? 1000);
  try {
    let level = [...new Set(domains.map((d) => dnsKey(d.trim())).filter((d) => d !== ""))];
    for (let depth = 0; level.length > 0; depth++) level = await snapshot.level(level, depth);
  } finally {
    resolver.cancel();
  }
  return { dns: snapshot.dns, errors: snapshot.errors, skipped: snapshot.skipped };
}
