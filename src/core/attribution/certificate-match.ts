/**
 * R2/R3: which inbound connectors of a forest a presented certificate matches through their
 * TlsSenderCertificateName, and how precisely.
 */
import { labelCount } from "../domains";
import { ConnectorRef, ForestIndex } from "../model/world-index";

export interface CertificateMatch {
  readonly ref: ConnectorRef;
  /** The presented subject or SAN name that matched. */
  readonly presented: string;
  readonly wildcard: boolean;
  /** Higher is more precise: exact names beat wildcards, longer wildcard bases beat shorter ones. */
  readonly specificity: number;
  /** A wildcard matched a name two or more labels below its base, which the cmdlet text allows but no source confirms (X3). */
  readonly deep: boolean;
}

const EXACT = 1000;

/** Beyond this many distinct certificates the memo starts over, so memory stays bounded. */
const MEMO_LIMIT = 100_000;

/**
 * Every OnPremises connector of the forest, enabled or not, whose certificate name matches one of the
 * presented names. The answer depends only on the names and the (immutable) world, so it is memoised.
 */
export function matchCertificate(forest: ForestIndex, presentedNames: readonly string[]): readonly CertificateMatch[] {
  const key = presentedNames.length === 1 ? presentedNames[0]! : presentedNames.join("\n");
  const memo = forest.certificateMemo as Map<string, readonly CertificateMatch[]>;
  let matches = memo.get(key);
  if (matches === undefined) {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    matches = computeMatches(forest, presentedNames);
    memo.set(key, matches);
  }
  return matches;
}

function computeMatches(forest: ForestIndex, presentedNames: readonly string[]): CertificateMatch[] {
  // A certificate matches few connectors, so a linear de-duplication beats a Map on this hot path.
  const best: CertificateMatch[] = [];
  const offer = (m: CertificateMatch) => {
    const i = best.findIndex((b) => b.ref === m.ref);
    if (i < 0) best.push(m);
    else if (m.specificity > best[i]!.specificity || (m.specificity === best[i]!.specificity && best[i]!.deep && !m.deep)) best[i] = m;
  };
  for (const name of presentedNames) {
    if (name.startsWith("*.")) {
      // A wildcard certificate name can only equal a connector's wildcard; nothing documents other matches.
      for (const ref of forest.certWildcard.get(name.slice(2)) ?? []) offer({ ref, presented: name, wildcard: true, specificity: EXACT + labelCount(name), deep: false });
      continue;
    }
    for (const ref of forest.certExact.get(name) ?? []) offer({ ref, presented: name, wildcard: false, specificity: EXACT + labelCount(name), deep: false });
    // "*.contoso.com" covers contoso.com and all its subdomains (S13), so try the name and each parent as a base.
    let start = 0;
    let depth = 0;
    const labels = labelCount(name);
    while (start >= 0) {
      const refs = forest.certWildcard.get(start === 0 ? name : name.slice(start));
      if (refs) for (const ref of refs) offer({ ref, presented: name, wildcard: true, specificity: labels - depth, deep: depth >= 2 });
      const dot = name.indexOf(".", start);
      start = dot < 0 ? -1 : dot + 1;
      depth++;
    }
  }
  return best;
}
