/** SPF (RFC 7208) for the core engine: parse, evaluate (check_host) and analyse, all synchronous. */
export type {
  CheckHostInput,
  Ip4Network,
  Ip6Network,
  MacroLetter,
  MacroPart,
  MacroString,
  SpfCheckResult,
  SpfMatch,
  SpfMechanismName,
  SpfMechanismTerm,
  SpfModifierTerm,
  SpfParseResult,
  SpfQualifier,
  SpfRecord,
  SpfResult,
  SpfTerm,
} from "./types";
export { DnsTemporaryError, dnsKey, worldDnsView } from "./dns-view";
export type { DnsLookupFailure, DnsMap, DnsRecordType, DnsView, MxRecord } from "./dns-view";
export { isSpfRecordText, parseSpfRecord } from "./parse";
export { MICROSOFT_SPF_NAMES, MICROSOFT_SPF_RECORDS, MICROSOFT_SPF_SNAPSHOT_DATE, microsoftSpfName, withMicrosoftSpfRecords } from "./microsoft-records";
export type { MicrosoftCloud, MicrosoftSpfName } from "./microsoft-records";
export { expandMacroString, parseMacroString } from "./macro";
export type { MacroContext, MacroParse, MacroValues } from "./macro";
export { checkHost, SPF_LOOKUP_LIMIT, SPF_MX_LIMIT, SPF_VOID_LOOKUP_LIMIT } from "./check-host";
export { analyzeSpf, authorizes } from "./analyze";
export type {
  SpfAnalysis,
  SpfBrokenTarget,
  SpfSyntaxError,
  SpfTargetProblem,
  SpfTermRef,
  SpfTreeNode,
  SpfVoidLookup,
} from "./analyze";
