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
  { id: "S2", grade: "M", title: "Microsoft Japan support: Office 365 message attribution (translation of S1, 2021)", url: "https://github.com/jpmessaging/blog/blob/HEAD/source/_posts/office-365-message-attribution.md" },
  { id: "S3", grade: "M", title: "Microsoft Japan support: three points on connector settings (2017)", url: "https://github.com/jpmessaging/blog/blob/HEAD/source/_posts/Three-Key-Points-for-Connector-Settings.md" },
  { id: "S4", grade: "D", title: "Configure a certificate-based connector to relay email through Microsoft 365 (KB 3169958)", url: "https://learn.microsoft.com/exchange/troubleshoot/email-delivery/office-365-notice" },
  { id: "S5", grade: "D", title: "KB 4019940: 550 5.7.64 Relay Access Denied ATTR36 (HCW warning)", url: "https://github.com/MicrosoftDocs/SupportArticles-docs/blob/HEAD/Exchange/ExchangeHybrid/hybrid-configuration-wizard-errors/relay-access-denied-attr36-ndr.md" },
  { id: "S6", grade: "D", title: "KB 4051495: 550 5.7.64 TenantAttribution when sending mail externally", url: "https://github.com/MicrosoftDocs/SupportArticles-docs/blob/HEAD/Exchange/ExchangeOnline/email-delivery/ndr/relay-access-denied-smtp.md" },
  { id: "S7", grade: "D", title: "KB 3212877: TenantAttribution when the intermediate chain is missing", url: "https://github.com/MicrosoftDocs/SupportArticles-docs/blob/HEAD/Exchange/ExchangeOnline/email-delivery/ndr/tenantattribution-ndr.md" },
  { id: "S8", grade: "D", title: "ATTR35 response code when mail is sent to EOP/EXO", url: "https://github.com/MicrosoftDocs/SupportArticles-docs/blob/HEAD/Exchange/ExchangeOnline/email-delivery/wrong-office-365-region-exo.md" },
  { id: "S9", grade: "D", title: "KB 3173405: ATTR34 hop count exceeded; fix NDR 5.4.6 / 5.4.14", url: "https://github.com/MicrosoftDocs/SupportArticles-docs/blob/HEAD/Exchange/ExchangeOnline/administration/hop-count-exceeded-ndr.md" },
  { id: "S10", grade: "D", title: "Email non-delivery reports in Exchange Online", url: "https://learn.microsoft.com/exchange/mail-flow-best-practices/non-delivery-reports-in-exchange-online/non-delivery-reports-in-exchange-online" },
  { id: "S11", grade: "D", title: "KB 2827473: 550 5.4.1 Relay Access Denied (Dedicated/ITAR, retired)" },
  { id: "S12", grade: "D", title: "Exchange Online mail-flow docs (connectors, accepted domains, DBEB, hybrid transport)", url: "https://learn.microsoft.com/exchange/mail-flow-best-practices/use-connectors-to-configure-mail-flow/set-up-connectors-to-route-mail" },
  { id: "S13", grade: "D", title: "Exchange PowerShell cmdlet reference (New-InboundConnector, Set-AcceptedDomain, ...)", url: "https://learn.microsoft.com/powershell/module/exchange/new-inboundconnector" },
  { id: "S14", grade: "D", title: "Updated requirements for SMTP relay through Exchange Online (2023)", url: "https://learn.microsoft.com/exchange/mail-flow-best-practices/updated-requirements-smtp-relay" },
  { id: "S15", grade: "M", title: "Microsoft Q&A guide: verify compliance with the SMTP relay requirements (2023)", url: "https://learn.microsoft.com/answers/a/11582569" },
  { id: "S16", grade: "M", title: "Message Center MC1226222: guidance for on-premises connectors (2026)", url: "https://mwpro.co.uk/blog/2026/02/04/updated-prevent-fix-guidance-for-on-premises-connectors-configuration-mc1226222" },
  { id: "S17", grade: "M", title: "Exchange Team blog: Direct Send vs sending directly to a tenant (2025)", url: "https://github.com/jpmessaging/blog/blob/HEAD/source/_posts/direct-send-vs-sending-directly-to-an-exchange-online-tenant.md" },
  { id: "S18", grade: "M", title: "Exchange Team blog: more control over Direct Send (RejectDirectSend, 2025)", url: "https://techcommunity.microsoft.com/blog/exchange/introducing-more-control-over-direct-send-in-exchange-online/4408790" },
  { id: "S19", grade: "M", title: "Exchange Team blog: TLS certificates in Exchange hybrid (2025)", url: "https://github.com/jpmessaging/blog/blob/HEAD/source/_posts/tls-certificates-in-exchange-hybrid---common-issues--how-to-fix-them.md" },
  { id: "S20", grade: "M", title: "Exchange Team blog: when is a message internal? (2020)", url: "https://techcommunity.microsoft.com/t5/exchange-team-blog/demystifying-and-troubleshooting-hybrid-mail-flow-when-is-a/ba-p/1420838" },
  { id: "S21", grade: "D", title: "Microsoft Learn: troubleshoot hybrid mail flow" },
  { id: "S22", grade: "M", title: "EOP field notes: which tenant a message was attributed to", url: "https://blogs.technet.microsoft.com/eopfieldnotes/2019/01/03/use-headers-to-determine-which-exchange-online-tenant-a-message-was-attributed-to/" },
  { id: "S23", grade: "D", title: "Defender for Office 365: SPF, DMARC, outbound pools", url: "https://learn.microsoft.com/defender-office-365/email-authentication-spf-configure" },
  { id: "S24", grade: "D", title: "Sender Rewriting Scheme (SRS) in Microsoft 365", url: "https://learn.microsoft.com/exchange/reference/sender-rewriting-scheme" },
  { id: "S25", grade: "D", title: "Microsoft 365 URLs and IP address ranges", url: "https://learn.microsoft.com/microsoft-365/enterprise/urls-and-ip-address-ranges" },
  { id: "S26", grade: "M", title: "mx.microsoft and DNSSEC (MC1048624, inbound DANE)", url: "https://c7solutions.com/2024/02/what-is-mx-microsoft" },
  { id: "S27", grade: "D", title: "RFC 7208 Sender Policy Framework", url: "https://www.rfc-editor.org/rfc/rfc7208" },
  { id: "S28", grade: "D", title: "CSS-Exchange HealthChecker: cloud connector checks", url: "https://github.com/microsoft/CSS-Exchange/blob/HEAD/docs/Diagnostics/HealthChecker/CloudConnectorCheck.md" },
  { id: "S29", grade: "T", title: "Third-party write-ups on EOP attribution and hybrid SPF failures", url: "https://hornedowl.net/2019/04/04/the-curious-case-of-seemingly-random-spf-failures-in-an-exchange-hybrid/" },
  { id: "S30", grade: "E", title: "Message headers in public list archives" },
  { id: "S31", grade: "M", title: "Exchange Team: throttling persistently vulnerable Exchange servers" },
  { id: "S33", grade: "T", title: "Microsoft365DSC EXOAcceptedDomain (MatchSubDomains note)", url: "https://github.com/microsoft/Microsoft365DSC/blob/HEAD/docs/docs/resources/exchange/EXOAcceptedDomain.md" },
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
  { id: "X8", title: "no reference page documents the X-MS-Exchange-CrossTenant-*, X-EOPTenantAttributedMessage and X-MS-Exchange-Organization-MessageDirectionality headers; their meanings come from samples" },
  { id: "X9", title: "only ATTR34/35/36 are publicly documented" },
  { id: "X10", title: "which outbound pool relays on-premises NDRs (null MAIL FROM) is not documented" },
  { id: "X13", title: "several recipient tenants in one unattributed transaction: refused in 2017 guidance (S3), hinted by on-premises code, not documented for EOP today" },
  { id: "X14", title: "the contents of Microsoft's GCC High/DoD (spf.protection.office365.us) and 21Vianet (spf.protection.partner.outlook.cn) SPF records are in no source read; only the commercial records are in the snapshot" },
];

export const GAPS: ReadonlyMap<string, Gap> = new Map(gaps.map((g) => [g.id, g]));

/**
 * The model's rules: R1–R15 are the attribution rules of the model document (docs/attribution-model.md),
 * the named steps are the parts of a hop past attribution that traces cite. Each says what the engine does,
 * in one sentence, and which sources it rests on; the document gives the reasoning and the evidence.
 */
export interface ModelRule {
  readonly id: string;
  readonly title: string;
  readonly sources: readonly string[];
  /** A gap id when the rule rests on something the sources leave open. */
  readonly gaps?: readonly string[];
}

const modelRules: ModelRule[] = [
  { id: "R1", title: "Attribution is decided per hop, and Originating (from a tenant) is tried before Incoming (to a tenant)", sources: ["S2"] },
  { id: "R2", title: "Certificate step: the presented certificate names are matched against TlsSenderCertificateName of OnPremises connectors in every tenant of the EOP forest the connection lands in", sources: ["S2", "S3", "S13"] },
  { id: "R3", title: "A wildcard *.contoso.com matches contoso.com and its subdomains; the model takes any depth", sources: ["S13"], gaps: ["X3"] },
  { id: "R4", title: "A certificate match makes mail Originating only when the certificate's domain is an accepted domain of that tenant", sources: ["S2", "S3", "S4", "S5"], gaps: ["X1"] },
  { id: "R5", title: "When several tenants match a certificate, the most precisely matching one wins (exact name before wildcard, then the longest accepted domain)", sources: ["S2", "S29"], gaps: ["X3"] },
  { id: "R6", title: "IP step: OnPremises connectors listing the source IP, narrowed to the tenant that has the MAIL FROM domain as an accepted domain; the null sender never matches", sources: ["S2", "S14"] },
  { id: "R7", title: "Otherwise mail is Incoming to the tenant that owns the recipient's domain, subject to its Partner connectors (5.7.51); no owner means 5.7.64 TenantAttribution", sources: ["S2", "S19"] },
  { id: "R8", title: "Relay to a domain the tenant does not accept needs Originating mail: an accepted certificate or MAIL FROM domain, and a matching OnPremises connector", sources: ["S14", "S15"] },
  { id: "R9", title: "One on-premises organization in hybrid with several tenants needs a certificate per tenant and no shared connector IPs", sources: ["S16"] },
  { id: "R10", title: "One SMTP transaction resolves to one tenant; unattributable mail to recipients of several tenants is not accepted together", sources: ["S3"], gaps: ["X13"] },
  { id: "R11", title: "A wildcard hybrid connector captures on-premises mail to other tenants of the same forest, even mail sent to their MX, whenever the server presents the matching certificate", sources: ["S2", "S3", "S14"] },
  { id: "R12", title: "When no connector of yours matches, your on-premises mail to another tenant is simply Incoming to that tenant", sources: ["S2", "S17"] },
  { id: "R13", title: "Originating is not the same as Internal: AuthAs Internal needs CloudServicesMailEnabled on both sides (or TreatMessagesAsInternal)", sources: ["S13", "S21", "S30"] },
  { id: "R14", title: "Partner connector restrictions apply to Incoming mail only; correctly attributed on-premises mail is not affected", sources: ["S2", "S12", "S19"] },
  { id: "R15", title: "A domain is an accepted domain of one tenant at a time, so two tenants cannot both own a certificate's domain (a general Microsoft 365 rule, our inference here)", sources: [] },
  { id: "CMT", title: "Centralized mail transport: the tenant's external mail is routed through on-premises first", sources: ["S12"] },
  { id: "DBEB", title: "Directory-Based Edge Blocking: mail to an address that does not exist in an Authoritative domain is rejected (5.4.1)", sources: ["S10", "S12"] },
  { id: "IR", title: "InternalRelay: mail to an address not in the tenant's directory goes to on-premises through an outbound connector, or loops (ATTR34) without one", sources: ["S9", "S12"] },
  { id: "POOL", title: "Which Exchange Online pool relayed mail leaves from: the outbound pool (in spf.protection.outlook.com) or the relay pool 40.95.0.0/16", sources: ["S23", "S34"], gaps: ["X10"] },
  { id: "RDS", title: "RejectDirectSend: anonymous mail with the tenant's own accepted domain in MAIL FROM is rejected (5.7.68) unless a connector matched", sources: ["S13", "S18"] },
  { id: "SPF", title: "The final recipient evaluates SPF (RFC 7208) for the MAIL FROM domain against the IP the mail arrives from", sources: ["S23", "S27"] },
  { id: "SRS", title: "Sender Rewriting Scheme: relayed mail whose MAIL FROM is not an accepted domain leaves with a rewritten MAIL FROM", sources: ["S24"] },
];

export const MODEL_RULES: ReadonlyMap<string, ModelRule> = new Map(modelRules.map((r) => [r.id, r]));

export function describeSource(id: string): string {
  const s = SOURCES.get(id);
  return s ? `${s.id} ${s.title}${s.url ? ` <${s.url}>` : ""}` : id;
}
