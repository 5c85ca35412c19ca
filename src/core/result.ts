/** What simulating one message at one EOP hop yields; the fields of scenario format v1 and more. */
import { TraceStep } from "./trace";

export type Direction = "Originating" | "Incoming";
export type AttributedBy = "certificate" | "mailfrom" | "recipient" | "mailbox";
export type Outcome = "delivered" | "relayed" | "rejected";
export type EgressPool = "outbound" | "relay";
export type SpfResultCode = "pass" | "fail" | "softfail" | "neutral" | "none" | "permerror" | "temperror";
export type Certainty = "documented" | "uncertain";

export interface Attribution {
  tenant: string | null;
  direction: Direction | null;
  by: AttributedBy | null;
  connector: string | null;
}

export interface Ndr {
  /** e.g. "550 5.7.64" */
  code: string;
  /** e.g. "ATTR36", or null */
  tag: string | null;
  text: string;
}

export interface SpfVerdict {
  result: SpfResultCode;
  /** The P1 domain evaluated (after SRS rewriting). */
  domain: string;
  /** The address the final recipient sees the message arrive from. */
  ip: string;
  reason: string;
}

export interface RecipientResult {
  address: string;
  outcome: Outcome;
  ndr: Ndr | null;
  nextHop: string | null;
  egressPool: EgressPool | null;
  finalSpf: SpfResultCode | null;
}

export interface HopResult {
  certainty: Certainty;
  attribution: Attribution;
  outcome: Outcome;
  ndr: Ndr | null;
  /** For relayed mail: "internet", "onPremises" or "tenant:<id>". */
  nextHop: string | null;
  egressPool: EgressPool | null;
  authAs: "Internal" | "Anonymous" | null;
  finalSpf: SpfResultCode | null;
  finalSpfDetail: SpfVerdict | null;
  /** The P1 MAIL FROM as it leaves this hop (SRS may rewrite it). */
  mailFromOut: string | null;
  /** The tenant whose rules rejected the message, when it was rejected after being matched to one. */
  rejectedBy: string | null;
  /** Gap ids (attribution-model.md §7) the result rests on; empty when certainty is documented. */
  gaps: string[];
  /** Per-recipient results, when the message has more than one RCPT TO. */
  recipients?: RecipientResult[];
  trace: TraceStep[];
}
