/**
 * What `headers` reports about one message: its path, the tenants that attributed it, how it left
 * Exchange Online, what each receiver recorded, and findings in the rules' style. Every value says
 * which header it was read from, so the report can be checked against the message by hand.
 */
import type { SpfResult } from "../spf";

/** One header field as the mail parser gives it: name as written, value unfolded, position in the block. */
export interface HeaderField {
  readonly name: string;
  /** Lower-case name, for lookups. */
  readonly key: string;
  /** Unfolded value (line breaks removed, whitespace kept); encoded words are not decoded. */
  readonly value: string;
  /** 0-based position in the header block, top (newest trace fields) first. */
  readonly index: number;
}

export type HopKind = "on-premises" | "eop-frontend" | "exchange-online" | "eop-outbound" | "third-party" | "receiver";

export interface Hop {
  /** The name the sending side gave (HELO/EHLO, or the `from` word), or null for a local submission. */
  readonly from: string | null;
  /** The sending side's address as the receiving side recorded it. */
  readonly fromIp: string | null;
  /** The reverse-DNS name the receiving side recorded for the sender, when it differs from `from`. */
  readonly fromRdns: string | null;
  /** The receiving host. */
  readonly by: string | null;
  /** When the receiving host took the message, ISO 8601 UTC; null when the date is missing or unreadable. */
  readonly at: string | null;
  readonly kind: HopKind;
  /** The protocol clause (`with ESMTPS`, `with mapi`, `with Microsoft SMTP Server`), when written. */
  readonly with: string | null;
  /** The envelope sender recorded in the hop (`envelope-from <...>`), when written. */
  readonly envelopeFrom: string | null;
  /** The envelope recipient recorded in the hop (`for <...>`), when written. */
  readonly for: string | null;
  /** Why the hop got its kind. */
  readonly why: string;
  /** Position of the Received field in the header block. */
  readonly field: number;
}

/** How the message reached the attributing tenant, read from FromEntityHeader and where the hop sits in the path. */
export type AttributionPath =
  | "cloud-mailbox"
  | "on-premises-relay"
  | "on-premises-inbound"
  | "connector-return"
  | "incoming"
  | "unknown";

export interface Attribution {
  /** The tenant GUID stamped by EOP, or null when the stamps of this pass were stripped. */
  readonly tenantId: string | null;
  /** The world tenant whose id is this GUID, when a world was given. */
  readonly worldTenant: string | null;
  /** X-MS-Exchange-CrossTenant-FromEntityHeader: `Hosted`, `HybridOnPrem`, or null. */
  readonly fromEntity: string | null;
  readonly path: AttributionPath;
  /** X-MS-Exchange-CrossTenant-AuthAs or X-MS-Exchange-Organization-AuthAs: `Internal`, `Anonymous`, or null. */
  readonly authAs: string | null;
  /** The address of the hop the tenant attributed (OriginalAttributedTenantConnectingIp Ip=, else the antispam CIP). */
  readonly connectingIp: string | null;
  /** The HELO of that hop (OriginalAttributedTenantConnectingIp Helo=, else the antispam H:). */
  readonly helo: string | null;
  /** X-Forefront-Antispam-Report DIR: `INB`, `OUT`, `INT`. */
  readonly direction: string | null;
  /** X-MS-Exchange-Organization-MessageDirectionality, only present inside the receiving tenant. */
  readonly directionality: string | null;
  readonly scl: number | null;
  readonly sfv: string | null;
  /** The EXO server that made the authentication decision (CrossTenant-AuthSource). */
  readonly authSource: string | null;
  /** Index into hops[] of the hop this pass began with, when the stamps name it. */
  readonly hop: number | null;
  /** `proven` when the tenant GUID is stamped; `partial` when only traces of the pass survive. */
  readonly proof: "proven" | "partial";
  /** The header fields this attribution rests on. */
  readonly evidence: readonly string[];
  readonly note: string | null;
}

export type EgressPool = "outbound" | "relay" | "high-risk" | "unknown";

export interface Egress {
  readonly ip: string | null;
  readonly host: string | null;
  readonly helo: string | null;
  readonly pool: EgressPool;
  /** Why the pool was chosen, with the source. */
  readonly why: string;
  readonly hop: number;
}

export interface AuthenticationResult {
  /** The authserv-id or receiver that recorded the result (`mx.microsoft.com`, `smtp.subspace.kernel.org`). */
  readonly receiver: string;
  /** The header field the result comes from. */
  readonly header: string;
  /** ARC instance (`i=`), for ARC-Authentication-Results. */
  readonly instance: number | null;
  readonly spf: string | null;
  readonly dkim: string | null;
  readonly dmarc: string | null;
  /** Microsoft's composite authentication, with its reason code (`pass reason=100`). */
  readonly compauth: string | null;
  readonly arc: string | null;
  readonly mailFrom: string | null;
  readonly headerFrom: string | null;
  /** The client address the result was computed for, when the header says. */
  readonly clientIp: string | null;
}

export interface HeaderFinding {
  readonly id: string;
  readonly title: string;
  readonly severity: "mandatory" | "advisory" | "info";
  readonly certainty: "documented" | "uncertain";
  readonly message: string;
  readonly fix: string | null;
  /** Source ids (`hybrid-mailflow sources`) and the header fields the finding rests on. */
  readonly sources: readonly string[];
  readonly evidence: readonly string[];
  /**
   * Documentation gaps the finding rests on: `X8` when it reads the X-MS-Exchange-CrossTenant-*
   * stamps, whose meanings no Microsoft reference page documents (attribution-model.md §7).
   */
  readonly gaps: readonly string[];
}

export interface FinalSpf {
  readonly result: SpfResult;
  readonly domain: string;
  readonly mailFrom: string;
  readonly ip: string;
  readonly reason: string;
  /** Where the MAIL FROM was read from. */
  readonly mailFromSource: string;
  /** `world` (the world file's DNS) or `live-dns`. */
  readonly dns: "world" | "live-dns";
  /** What the receiver itself recorded for the same check, when it did. */
  readonly recorded: string | null;
}

export interface RouteComparison {
  readonly predicted: readonly string[];
  readonly observed: readonly string[];
  readonly disagreements: readonly string[];
  readonly assumptions: readonly string[];
}

export interface HeaderAnalysis {
  readonly version: 1;
  readonly summary: { readonly from: string | null; readonly to: string | null; readonly subject: string | null; readonly messageId: string | null; readonly date: string | null };
  readonly hops: readonly Hop[];
  readonly attributions: readonly Attribution[];
  readonly egress: Egress | null;
  /** The envelope of the hop that left Exchange Online, read back from the headers, each value with its field. */
  readonly envelope: { readonly mailFrom: string | null; readonly mailFromSource: string | null; readonly recipient: string | null };
  readonly authentication: readonly AuthenticationResult[];
  readonly finalSpf: FinalSpf | null;
  readonly route: RouteComparison | null;
  readonly findings: readonly HeaderFinding[];
}
