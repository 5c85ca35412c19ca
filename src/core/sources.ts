/**
 * The public sources the engine's rules rest on, and the gaps where they are silent or contradict
 * each other. Ids match `attribution-model.md` (S# sources, X# gaps) so a trace line can be checked
 * against the evidence a mail administrator can read.
 */

export interface Source {
  readonly id: string;
  readonly title: string;
  readonly url?: string;
  /** D Microsoft docs, M other Microsoft, T third party, E empirical, I our inference. */
  readonly grade: "D" | "M" | "T" | "E" | "I";
}

const list: Source[] = [
  { id: "S1", grade: "M", title: "Exchange Team blog: Office 365 Message Attribution (2019)", url: "https://techcommunity.microsoft.com/t5/exchange-team-blog/office-365-message-attribution/ba-p/749143" },
  { id: "S2", grade: "M", title: "Microsoft Japan support: Office 365 message attribution (translation of S1, 2021)" },
  { id: "S3", grade: "M", title: "Microsoft Japan support: three points on connector settings (2017)" },
  { id: "S4", grade: "D", title: "Configure a certificate-based connector to relay email through Microsoft 365 (KB 3169958)", url: "https://learn.microsoft.com/exchange/troubleshoot/email-delivery/office-365-notice" },
  { id: "S5", grade: "D", title: "KB 4019940: 550 5.7.64 Relay Access Denied ATTR36 (HCW warning)" },
  { id: "S6", grade: "D", title: "KB 4051495: 550 5.7.64 TenantAttribution when sending mail externally" },
  { id: "S7", grade: "D", title: "KB 3212877: TenantAttribution when the intermediate chain is missing" },
  { id: "S8", grade: "D", title: "ATTR35 response code when mail is sent to EOP/EXO" },
  { id: "S9", grade: "D", title: "KB 3173405: ATTR34 hop count exceeded; fix NDR 5.4.6 / 5.4.14" },
  { id: "S10", grade: "D", title: "Email non-delivery reports in Exchange Online", url: "https://learn.microsoft.com/exchange/mail-flow-best-practices/non-delivery-reports-in-exchange-online/non-delivery-reports-in-exchange-online" },
  { id: "S11", grade: "D", title: "KB 2827473: 550 5.4.1 Relay Access Denied (Dedicated/ITAR, retired)" },
  { id: "S12", grade: "D", title: "Exchange Online mail-flow docs (connectors, accepted domains, DBEB, hybrid transport)" },
  { id: "S13", grade: "D", title: "Exchange PowerShell cmdlet reference (New-InboundConnector, Set-AcceptedDomain, ...)" },
  { id: "S14", grade: "D", title: "Updated requirements for SMTP relay through Exchange Online (2023)", url: "https://learn.microsoft.com/exchange/mail-flow-best-practices/updated-requirements-smtp-relay" },
  { id: "S15", grade: "M", title: "Microsoft Q&A guide: verify compliance with the SMTP relay requirements (2023)" },
  { id: "S16", grade: "M", title: "Message Center MC1226222: guidance for on-premises connectors (2026)" },
  { id: "S17", grade: "M", title: "Exchange Team blog: Direct Send vs sending directly to a tenant (2025)" },
  { id: "S18", grade: "M", title: "Exchange Team blog: more control over Direct Send (RejectDirectSend, 2025)" },
  { id: "S19", grade: "M", title: "Exchange Team blog: TLS certificates in Exchange hybrid (2025)" },
  { id: "S20", grade: "M", title: "Exchange Team blog: when is a message internal? (2020)" },
  { id: "S21", grade: "D", title: "Microsoft Learn: troubleshoot hybrid mail flow" },
  { id: "S22", grade: "M", title: "EOP field notes: which tenant a message was attributed to" },
  { id: "S23", grade: "D", title: "Defender for Office 365: SPF, DMARC, outbound pools", url: "https://learn.microsoft.com/defender-office-365/email-authentication-spf-configure" },
  { id: "S24", grade: "D", title: "Sender Rewriting Scheme (SRS) in Microsoft 365", url: "https://learn.microsoft.com/exchange/reference/sender-rewriting-scheme" },
  { id: "S25", grade: "D", title: "Microsoft 365 URLs and IP address ranges", url: "https://learn.microsoft.com/microsoft-365/enterprise/urls-and-ip-address-ranges" },
  { id: "S26", grade: "M", title: "mx.microsoft and DNSSEC (MC1048624, inbound DANE)" },
  { id: "S27", grade: "D", title: "RFC 7208 Sender Policy Framework", url: "https://www.rfc-editor.org/rfc/rfc7208" },
  { id: "S28", grade: "D", title: "CSS-Exchange HealthChecker: cloud connector checks" },
  { id: "S29", grade: "T", title: "Third-party write-ups on EOP attribution and hybrid SPF failures" },
  { id: "S30", grade: "E", title: "Message headers in public list archives" },
  { id: "S31", grade: "M", title: "Exchange Team: throttling persistently vulnerable Exchange servers" },
  { id: "S33", grade: "T", title: "Microsoft365DSC EXOAcceptedDomain (MatchSubDomains note)" },
  { id: "S34", grade: "M", title: "MC266466: new outbound relay pool 40.95.0.0/16 (2021)" },
  { id: "S35", grade: "D", title: "KB 2888788 / KB 3087172: TLS and HCW certificate errors" },
  { id: "S36", grade: "D", title: "RFC 3207 SMTP Service Extension for Secure SMTP over TLS (STARTTLS): certificates are exchanged only in the TLS handshake", url: "https://www.rfc-editor.org/rfc/rfc3207" },
];

export const SOURCES: ReadonlyMap<string, Source> = new Map(list.map((s) => [s.id, s]));

export interface Gap {
  readonly id: string;
  readonly title: string;
}

/** attribution-model.md §7: where public documentation is silent or contradictory. X13 is ours: the reference grades R10 M/low without a gap id. */
const gaps: Gap[] = [
  { id: "X1", title: "certificate matched but its domain is not accepted: fallback to MAIL FROM is implied by some sources and contradicted by others" },
  { id: "X2", title: "how EOP forests map to regions, and cross-forest attribution, are not documented" },
  { id: "X3", title: "wildcard depth, the accepted-domain test of certificate names and the 'most precise match' metric are not documented" },
  { id: "X4", title: "whether MatchSubDomains makes subdomain senders count for relay is not documented" },
  { id: "X5", title: "RequireTls on OnPremises connectors: no documented result for cleartext mail" },
  { id: "X6", title: "disabled or missing connectors: 5.7.64 in current docs, 5.4.1 in retired ones" },
  { id: "X7", title: "AssociatedAcceptedDomains: documented as source scoping, observed as recipient scoping" },
  { id: "X9", title: "only ATTR34/35/36 are publicly documented" },
  { id: "X10", title: "which outbound pool relays on-premises NDRs (null MAIL FROM) is not documented" },
  { id: "X13", title: "several recipient tenants in one unattributed transaction: refused in 2017 guidance (S3), hinted by on-premises code, not documented for EOP today" },
  { id: "X14", title: "the contents of Microsoft's GCC High/DoD (spf.protection.office365.us) and 21Vianet (spf.protection.partner.outlook.cn) SPF records are in no source read; only the commercial records are in the snapshot" },
];

export const GAPS: ReadonlyMap<string, Gap> = new Map(gaps.map((g) => [g.id, g]));

export function describeSource(id: string): string {
  const s = SOURCES.get(id);
  return s ? `${s.id} ${s.title}${s.url ? ` <${s.url}>` : ""}` : id;
}
