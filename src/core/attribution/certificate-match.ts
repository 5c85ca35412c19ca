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

/** Every connector, enabled or not, whose certificate name matches one of the presented names. */
export function matchCertificate(forest: ForestIndex, presentedNames: readonly string[]): CertificateMatch[] {
  const best = new Map<ConnectorRef, CertificateMatch>();
  const offer = (m: CertificateMatch) => {
    const prior = best.get(m.ref);
    if (!prior || m.specificity > prior.specificity || (m.specificity === prior.specificity && prior.deep && !m.deep)) best.set(m.ref, m);
  };
  for (const name of presentedNames) {
    if (name.startsWith("*.")) {
      // A wildcard certificate name can only equal a connector's wildcard; nothing documents other matches.
      for (const ref of forest.certWildcard.get(name.slice(2)) ?? []) offer({ ref, presented: name, wildcard: true, specificity: EXACT + labelCount(name), deep: false });
      continue;
    }
    for (const ref of forest.certExact.get(name) ?? []) offer({ ref, presented: name, wildcard: false, specificity: EXACT + labelCount(name), deep: false });
    // "*.contoso.com" covers contoso.com and all its subdomains (S13), so try the name and each parent as a base.
    let base = name;
    let depth = 0;
    for (;;) {
      const refs = forest.certWildcard.get(base);
      if (refs) for (const ref of refs) offer({ ref, presented: name, wildcard: true, specificity: labelCount(base), deep: depth >= 2 });
      const dot = base.indexOf(".");
      if (dot < 0) break;
      base = base.slice(dot + 1);
      depth++;
    }
  }
  return [...best.values()];
}
