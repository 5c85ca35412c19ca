/**
 * What Exchange Online's host names say about a hop (attribution-model.md §4.3, §4.4, §4.5; the
 * naming itself is observed in real headers, grade E): front ends `*.mail.protection.outlook.com`
 * and `*.mx.microsoft`, mailbox and transport servers `*.prod.outlook.com` and
 * `*.outlook.office365.com`, outbound hosts `*.outbound.protection.outlook.com`. The sovereign
 * clouds use other suffixes and are not recognised here.
 */

const lower = (h: string | null): string => (h ?? "").toLowerCase().replace(/\.$/, "");

export function isEopFrontend(host: string | null): boolean {
  const h = lower(host);
  return h.endsWith(".mail.protection.outlook.com") || h.endsWith(".mx.microsoft") || (h.endsWith(".prod.protection.outlook.com") && h.includes(".eop-"));
}

export function isExchangeOnline(host: string | null): boolean {
  const h = lower(host);
  return h.endsWith(".prod.outlook.com") || h.endsWith(".outlook.office365.com") || h.endsWith(".prod.exchangelabs.com");
}

export function isEopOutbound(host: string | null): boolean {
  return lower(host).endsWith(".outbound.protection.outlook.com");
}

export function isMicrosoftHost(host: string | null): boolean {
  return isEopFrontend(host) || isExchangeOnline(host) || isEopOutbound(host);
}

/** The first label of an EXO server name, which AuthSource and CrossTenantHeadersStamped use to name the same server. */
export function serverLabel(host: string | null): string {
  return lower(host).split(".")[0] ?? "";
}

/** Registrable-looking suffix (last two labels), good enough to say two on-premises hosts are one organisation's. */
export function orgDomain(host: string | null): string {
  return lower(host).split(".").slice(-2).join(".");
}
