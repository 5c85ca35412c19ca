/**
 * The Originating test (R1–R6, attribution-model.md §1.1): is this connection one of a tenant's own
 * on-premises servers? First by certificate across every tenant of the forest, then by IP address
 * narrowed by the MAIL FROM domain.
 */
import { domainOf } from "../domains";
import { AttributionVerdict, ConnectorMatch, ConnectorRef, DomainOwnership, ForestIndex, IpCandidates, OriginatingResult, WorldIndex, uncertainVerdict } from "../model/world-index";
import { Certificate } from "../model/types";
import { Trace } from "../trace";
import { CertificateMatch, matchCertificate } from "./certificate-match";

export interface ArrivingConnection {
  /** The certificate the sending server presented, or null. */
  readonly certificate: Certificate | null;
  readonly starttls: boolean;
  /** The connecting IPv4 address as an unsigned number, or undefined when unknown. */
  readonly ip: number | undefined;
  readonly ipText: string;
  readonly mailFrom: string;
}

/** The subject and SAN names a certificate presents, each once. */
export function presentedNames(certificate: Certificate): readonly string[] {
  const { subject, san } = certificate;
  if (san.length === 0 || (san.length === 1 && san[0] === subject)) return [subject];
  return [...new Set([subject, ...san])];
}

/** A memo key naming the certificate; the subject alone in the common case, without allocating. */
function certificateKey(certificate: Certificate): string {
  const { subject, san } = certificate;
  return san.length === 0 || (san.length === 1 && san[0] === subject) ? subject : presentedNames(certificate).join("\n");
}

/** The connector that made a message Originating, and how (certificate or MAIL FROM). */
export type OriginatingMatch = ConnectorMatch;

export type { OriginatingResult };

interface CertificateDomainStatus {
  readonly accepted: boolean;
  readonly gap?: string;
  /** Prose built only when someone reads it. */
  readonly why: () => string;
}

/** Connectors belong to one world, so a connector's status never changes once computed. */
const statusMemo = new WeakMap<ConnectorRef["connector"], CertificateDomainStatus>();

/** R4: is the domain of the connector's TlsSenderCertificateName an accepted domain of its tenant? */
export function certificateDomainStatus(index: WorldIndex, ref: ConnectorRef): CertificateDomainStatus {
  let status = statusMemo.get(ref.connector);
  if (!status) statusMemo.set(ref.connector, (status = computeCertificateDomainStatus(index, ref)));
  return status;
}

function computeCertificateDomainStatus(index: WorldIndex, ref: ConnectorRef): CertificateDomainStatus {
  const name = ref.connector.tlsSenderCertificateName!;
  const tenant = ref.tenant;
  if (name.startsWith("*.")) {
    const base = name.slice(2);
    const owner = index.acceptedIn(tenant, base);
    if (owner && !owner.viaMatchSubDomains) return { accepted: true, why: () => `${base} is an accepted domain of ${tenant.id}` };
    if (owner) return { accepted: true, gap: "X4", why: () => `${base} is covered only by MatchSubDomains on ${owner.accepted.domain}` };
    const below = index.acceptedBelow(tenant, base);
    if (below) {
      return { accepted: true, gap: "X3", why: () => `${base} is not accepted, but ${below.domain} below it is; the 2017 guidance (S3) counts that, newer sources are silent` };
    }
    return { accepted: false, why: () => `${base} is not an accepted domain of ${tenant.id}` };
  }
  const owner = index.acceptedIn(tenant, name);
  if (owner && !owner.viaMatchSubDomains) return { accepted: true, why: () => `${name} is itself an accepted domain of ${tenant.id}` };
  if (owner) return { accepted: true, gap: "X4", why: () => `${name} is covered only by MatchSubDomains on ${owner.accepted.domain}` };
  const parent = name.slice(name.indexOf(".") + 1);
  if (name.includes(".") && index.acceptedIn(tenant, parent)) {
    return {
      accepted: false,
      gap: "X3",
      why: () => `${name} is not an accepted domain of ${tenant.id} (its parent ${parent} is); the 2025 guidance (S19) and MC1226222 require the name itself, KB 4019940 reads the parent as enough`,
    };
  }
  return { accepted: false, why: () => `${name} is not an accepted domain of ${tenant.id}` };
}

const NOTHING: readonly ConnectorRef[] = Object.freeze([]);
const NO_MATCH: OriginatingResult = Object.freeze({ match: undefined, matchedWithoutAcceptedDomain: NOTHING, disabled: NOTHING });
const NO_CANDIDATES: IpCandidates = Object.freeze({ refs: NOTHING, firstByTenant: undefined });

export function testOriginating(index: WorldIndex, forest: ForestIndex | undefined, conn: ArrivingConnection, trace: Trace): OriginatingResult {
  if (!forest) {
    if (trace.verbose) trace.step("R2", ["S2"], () => "No tenant of this world is in the forest the connection landed in, so no connector can match.");
    return { match: undefined, matchedWithoutAcceptedDomain: NOTHING, disabled: NOTHING };
  }
  // Most messages match nothing or match cleanly; these lists stay shared empty ones until something is added.
  const disabled = scratchDisabled.reset();
  const unaccepted = scratchUnaccepted.reset();
  if (conn.certificate) {
    if (trace.verbose) {
      const match = certificateStep(index, forest, conn.certificate, trace, disabled, unaccepted);
      if (match) return { match, matchedWithoutAcceptedDomain: unaccepted.items, disabled: disabled.items };
    } else {
      const outcome = certificateOutcome(index, forest, conn.certificate);
      for (let i = 0; i < outcome.gaps.length; i++) trace.gap(outcome.gaps[i]!);
      if (outcome.result) return outcome.result;
      disabled.items = outcome.disabled;
      unaccepted.items = outcome.unaccepted;
    }
  } else if (trace.verbose) {
    trace.step("R2", ["S2"], () => "The sending server presented no certificate, so the certificate step is skipped.");
  }

  // Only now is the MAIL FROM domain needed (certificate attribution never looks at it), and only if some
  // connector matched by certificate or IP: one look-up then serves every such connector.
  const ip = conn.ip;
  const byIpAddress = ip === undefined ? NO_CANDIDATES : forest.ipCandidates(ip);
  const p1Owner = unaccepted.items.length > 0 || byIpAddress.refs.length > 0 ? index.ownerOfAddress(conn.mailFrom) : undefined;
  // The domain as text is needed only for prose.
  const p1Domain = trace.verbose ? domainOf(conn.mailFrom) : "";
  // X1: a certificate-matched connector whose certificate domain is not accepted may still attribute by the MAIL FROM domain.
  if (p1Owner) {
    const candidates = unaccepted.items;
    for (let i = 0; i < candidates.length; i++) {
      const ref = candidates[i]!;
      if (p1Owner.tenant === ref.tenant) {
        mailFromFallback(trace, ref, p1Domain);
        if (p1Owner.viaMatchSubDomains) mailFromViaSubdomains(trace, p1Domain, p1Owner.accepted.domain);
        return disabled.items === NOTHING ? ref.byMailFrom.alone : { match: ref.byMailFrom, matchedWithoutAcceptedDomain: NOTHING, disabled: disabled.items };
      }
    }
  }

  const byIp = ipStep(byIpAddress, conn, p1Domain, p1Owner, trace, disabled, unaccepted);
  if (disabled.items === NOTHING && (byIp || unaccepted.items === NOTHING)) return byIp ? byIp.alone : NO_MATCH;
  return { match: byIp, matchedWithoutAcceptedDomain: byIp ? NOTHING : unaccepted.items, disabled: disabled.items };
}

/**
 * The Originating test's match for a connection that presents no certificate, as `Engine.attribute`
 * needs it: the connector match itself rather than a result that points to it, one object fewer to read
 * per message. Without a certificate no connector is listed as disabled or unaccepted before the IP
 * step, so the match is the one testOriginating finds.
 */
export function matchByAddress(index: WorldIndex, forest: ForestIndex, conn: ArrivingConnection, trace: Trace): OriginatingMatch | undefined {
  const ip = conn.ip;
  if (ip === undefined) return undefined;
  const candidates = forest.ipCandidates(ip);
  if (candidates.refs.length === 0) return undefined;
  const p1Owner = index.ownerOfAddress(conn.mailFrom);
  return ipStep(candidates, conn, trace.verbose ? domainOf(conn.mailFrom) : "", p1Owner, trace, scratchDisabled.reset(), scratchUnaccepted.reset());
}

class LazyList {
  items: readonly ConnectorRef[] = NOTHING;

  reset(): this {
    this.items = NOTHING;
    return this;
  }

  push(ref: ConnectorRef): void {
    this.items = this.items === NOTHING ? [ref] : [...this.items, ref];
  }

  /** Adds a whole shared list; it is kept as it is when nothing came before, since lists are never changed in place. */
  pushAll(refs: readonly ConnectorRef[]): void {
    if (refs.length > 0) this.items = this.items === NOTHING ? refs : [...this.items, ...refs];
  }
}

// testOriginating never re-enters itself, and `items` arrays are never changed in place, so one pair of holders serves every call.
const scratchDisabled = new LazyList();
const scratchUnaccepted = new LazyList();

interface CertificateStepOutcome {
  /** The whole Originating result when the certificate decides it, shared by every such message. */
  readonly result: OriginatingResult | undefined;
  readonly disabled: readonly ConnectorRef[];
  readonly unaccepted: readonly ConnectorRef[];
  readonly gaps: readonly string[];
}

/**
 * The certificate step depends only on the presented names and the world, and a forest sees the same
 * servers again and again, so when no prose is wanted its outcome is computed once per certificate.
 */
function certificateOutcome(index: WorldIndex, forest: ForestIndex, certificate: Certificate): CertificateStepOutcome {
  const key = certificateKey(certificate);
  const memo = forest.certificateStepMemo as Map<string, CertificateStepOutcome>;
  let outcome = memo.get(key);
  if (outcome === undefined) {
    const quiet = new Trace(false);
    const d = new LazyList();
    const u = new LazyList();
    const match = certificateStep(index, forest, certificate, quiet, d, u);
    // A clean match answers with the connector's own shared result, which sits beside its verdict in memory.
    const result = match ? (u.items === NOTHING && d.items === NOTHING ? match.alone : { match, matchedWithoutAcceptedDomain: u.items, disabled: d.items }) : undefined;
    outcome = { result, disabled: d.items, unaccepted: u.items, gaps: quiet.gaps.length === 0 ? NO_GAPS : quiet.gaps };
    if (memo.size >= CERTIFICATE_MEMO_LIMIT) memo.clear();
    memo.set(key, outcome);
  }
  return outcome;
}

const NO_GAPS: readonly string[] = Object.freeze([]);

/**
 * The attribution a certificate decides on its own, as the shared verdict `Engine.attribute` returns
 * (uncertain when a gap lies on the way), or null when the certificate does not decide it. Memoised
 * apart from the step's outcome so that one look-up reaches the verdict, where the outcome's answer is
 * three objects away from it.
 */
export function certificateVerdict(index: WorldIndex, forest: ForestIndex, certificate: Certificate): AttributionVerdict | null {
  const key = certificateKey(certificate);
  const memo = forest.certificateVerdictMemo as Map<string, AttributionVerdict | null>;
  let verdict = memo.get(key);
  if (verdict === undefined) {
    const outcome = certificateOutcome(index, forest, certificate);
    const decided = outcome.result?.match?.verdict;
    verdict = decided === undefined ? null : outcome.gaps.length === 0 ? decided : uncertainVerdict(decided.attribution);
    if (memo.size >= CERTIFICATE_MEMO_LIMIT) memo.clear();
    memo.set(key, verdict);
  }
  return verdict;
}

/** Beyond this many distinct certificates a memo starts over, so memory stays bounded. */
const CERTIFICATE_MEMO_LIMIT = 100_000;

function certificateStep(
  index: WorldIndex,
  forest: ForestIndex,
  certificate: Certificate,
  trace: Trace,
  disabled: LazyList,
  unaccepted: LazyList,
): OriginatingMatch | undefined {
  const names = presentedNames(certificate);
  const matches = matchCertificate(forest, names);
  if (matches.length === 0) {
    if (trace.verbose) trace.step("R2", ["S2", "S3"], () => `No OnPremises connector of any tenant in the forest has a TlsSenderCertificateName matching the certificate (${names.join(", ")}).`);
    return undefined;
  }
  // One pass keeps the most precise valid match, and notes whether other tenants matched and whether they tie.
  let chosen: CertificateMatch | undefined;
  let otherTenants = false;
  let tied = false;
  for (const m of matches) {
    const c = m.ref.connector;
    if (!c.enabled) {
      disabled.push(m.ref);
      if (trace.verbose) trace.step("R2", ["S11", "S12"], () => `Connector "${c.name}" of ${m.ref.tenant.id} (${c.tlsSenderCertificateName}) matches ${m.presented} but is disabled, so it is not considered.`);
      continue;
    }
    if (m.deep) {
      trace.step(
        "R3",
        ["S13", "S5"],
        () => `Wildcard ${c.tlsSenderCertificateName} of "${c.name}" (${m.ref.tenant.id}) matches ${m.presented}, two or more labels below its base: the cmdlet reference says "all subdomains", KB 4019940 suggests otherwise.`,
        "X3",
      );
    } else if (trace.verbose) {
      trace.step("R2", ["S2", "S13"], () => `Certificate name ${m.presented} matches TlsSenderCertificateName ${c.tlsSenderCertificateName} of OnPremises connector "${c.name}" in tenant ${m.ref.tenant.id}.`);
    }
    const status = certificateDomainStatus(index, m.ref);
    if (trace.verbose) trace.step("R4", ["S2", "S3", "S4", "S5"], () => `Certificate domain check for "${c.name}": ${status.why()}.`, status.gap);
    else if (status.gap) trace.gap(status.gap);
    if (!status.accepted) {
      unaccepted.push(m.ref);
      continue;
    }
    if (!chosen) {
      chosen = m;
      continue;
    }
    if (m.ref.tenant !== chosen.ref.tenant) otherTenants = true;
    if (m.specificity > chosen.specificity) {
      chosen = m;
      tied = false;
    } else if (m.specificity === chosen.specificity && m.ref.tenant !== chosen.ref.tenant) {
      tied = true;
    }
  }
  if (!chosen) return undefined;
  if (otherTenants) {
    const names = [...new Set(matches.map((m) => m.ref.tenant.id))].join(", ");
    if (tied) {
      trace.step("R5", ["S2"], () => `Tenants ${names} match equally precisely; S2 attributes only when exactly one tenant results, so the certificate step finds none.`, "X3");
      return undefined;
    }
    trace.step("R5", ["S2"], () => `Several tenants match (${names}); the most precise match wins (S2), but the precision metric is not documented: exact names are taken to beat wildcards, longer bases shorter ones.`, "X3");
  }
  const winner = chosen;
  if (trace.verbose) trace.step("R1", ["S2"], () => `Originating from tenant ${winner.ref.tenant.id} through connector "${winner.ref.connector.name}" (attributed by certificate).`);
  return winner.ref.byCertificate;
}

function ipStep(
  candidates: IpCandidates,
  conn: ArrivingConnection,
  p1Domain: string,
  p1Owner: DomainOwnership | undefined,
  trace: Trace,
  disabled: LazyList,
  unaccepted: LazyList,
): OriginatingMatch | undefined {
  if (conn.ip === undefined) return undefined;
  const refs = candidates.refs;
  if (refs.length === 0) {
    if (trace.verbose) explainIp(trace, "no connector", conn, undefined, p1Domain);
    return undefined;
  }
  const firstByTenant = candidates.firstByTenant;
  if (firstByTenant !== undefined && !trace.verbose) {
    // No candidate is disabled here, so the walk below would skip every connector of other tenants without
    // a trace and stop at the first one of the MAIL FROM's tenant (none for the null sender, which has no owner).
    const match = p1Owner === undefined ? undefined : firstByTenant.get(p1Owner.tenantOrdinal);
    if (p1Owner === undefined || match === undefined) {
      unaccepted.pushAll(refs);
      return undefined;
    }
    if (!conn.starttls && match.connector.requireTls) requireTlsKept(trace, match);
    if (p1Owner.viaMatchSubDomains) mailFromViaSubdomains(trace, p1Domain, p1Owner.accepted.domain);
    return match;
  }
  // An indexed loop without closures: a closure over the loop variable would allocate a context per
  // candidate even when no prose is wanted, which on shared gateway IPs was most of the step's cost.
  for (let i = 0; i < refs.length; i++) {
    const ref = refs[i]!;
    const c = ref.connector;
    if (!c.enabled) {
      disabled.push(ref);
      if (trace.verbose) explainIp(trace, "disabled", conn, ref, p1Domain);
      continue;
    }
    if (trace.verbose) explainIp(trace, "listed", conn, ref, p1Domain);
    if (conn.mailFrom === "") {
      if (trace.verbose) explainIp(trace, "null sender", conn, ref, p1Domain);
      continue;
    }
    const owner = p1Owner?.tenant === ref.tenant ? p1Owner : undefined;
    if (!owner) {
      if (trace.verbose) explainIp(trace, "sender not accepted", conn, ref, p1Domain);
      continue;
    }
    if (!conn.starttls && c.requireTls) requireTlsKept(trace, ref);
    if (owner.viaMatchSubDomains) mailFromViaSubdomains(trace, p1Domain, owner.accepted.domain);
    if (trace.verbose) explainIp(trace, "attributed", conn, ref, p1Domain);
    return ref.byMailFrom;
  }
  // Nothing attributed, so every enabled candidate matched without an accepted domain. Listing them only
  // now spares the list when a later candidate attributes (the common case on a shared gateway).
  for (let i = 0; i < refs.length; i++) if (refs[i]!.connector.enabled) unaccepted.push(refs[i]!);
  return undefined;
}

type IpEvent = "no connector" | "disabled" | "listed" | "null sender" | "sender not accepted" | "attributed";

/** The prose of the IP step, kept out of its loop (see ipStep). */
function explainIp(trace: Trace, event: IpEvent, conn: ArrivingConnection, ref: ConnectorRef | undefined, p1Domain: string): void {
  const c = ref?.connector;
  const tenant = ref?.tenant.id;
  switch (event) {
    case "no connector":
      return trace.step("R6", ["S2"], () => `No OnPremises connector of any tenant in the forest lists ${conn.ipText} in SenderIPAddresses.`);
    case "disabled":
      return trace.step("R6", ["S11", "S12"], () => `Connector "${c!.name}" of ${tenant} lists ${conn.ipText} but is disabled, so it is not considered.`);
    case "listed":
      return trace.step("R6", ["S2"], () => `IP ${conn.ipText} is in SenderIPAddresses of OnPremises connector "${c!.name}" in tenant ${tenant}.`);
    case "null sender":
      return trace.step("R6", ["S2", "S14"], () => "The MAIL FROM is the null sender <>, which is never an accepted domain, so the IP match cannot attribute the message.");
    case "sender not accepted":
      return trace.step("R6", ["S2", "S14"], () => `MAIL FROM domain ${p1Domain} is not an accepted domain of ${tenant}.`);
    case "attributed":
      return trace.step("R1", ["S2", "S14"], () => `Originating from tenant ${tenant} through connector "${c!.name}" (IP match, MAIL FROM domain ${p1Domain} accepted).`);
  }
}

function requireTlsKept(trace: Trace, ref: Pick<ConnectorRef, "connector">): void {
  trace.step("R6", ["S13"], () => `"${ref.connector.name}" has RequireTls but the session was not encrypted; since 2024 the cmdlet docs apply RequireTls to Partner connectors only, so the match is kept.`, "X5");
}

function mailFromFallback(trace: Trace, ref: ConnectorRef, p1Domain: string): void {
  trace.step(
    "R8",
    ["S3", "S14", "S16"],
    () => `Falling back to the MAIL FROM domain: ${p1Domain} is an accepted domain of ${ref.tenant.id}, the tenant of the certificate-matched connector "${ref.connector.name}". S3, S14 and MC1226222 describe this fallback; S2 and S19 do not.`,
    "X1",
  );
}

function mailFromViaSubdomains(trace: Trace, p1Domain: string, parent: string): void {
  trace.step("R8", ["S14", "S18"], () => `${p1Domain} counts as accepted only through MatchSubDomains on ${parent}; that is documented for RejectDirectSend, not for relay.`, "X4");
}
