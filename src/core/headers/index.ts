/** Explaining a real message from its headers: attribution, path, egress pool, SPF. */
export { analyzeHeaders, analyzeHeaderFields } from "./analyze";
export type { AnalyzeOptions } from "./analyze";
export { readHeaderFields, MAX_HEADER_SECTION_BYTES } from "./read";
export { parseReceived } from "./received";
export { coveredByMicrosoftSpf, microsoftSpfDns } from "./egress";
export type * from "./types";
