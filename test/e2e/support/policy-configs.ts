/** Pack settings (`--policy-pack-config`) for the broken programs: the facts a stack cannot hold. */

export const SERVER = { name: "EX01", egressIps: ["198.51.100.20"] };

export function tenantSettings(tenantId: string) {
  return { id: tenantId, forest: "EUR", initialDomain: "contoso.onmicrosoft.com" };
}

/** SPF that authorizes the on-premises server and Exchange Online. */
export const GOOD_SPF = { "contoso.com": { txt: ["v=spf1 ip4:198.51.100.20 include:spf.protection.outlook.com -all"] } };

export function onPremises(tenantId: string, sendConnectors: readonly Record<string, unknown>[]) {
  return [{ name: "Contoso on-premises", tenant: tenantId, servers: [SERVER], sendConnectors, senderDomains: ["contoso.com"], sendsNullSender: false }];
}

export function packConfig(settings: Record<string, unknown>, levels: Record<string, string> = {}): string {
  return JSON.stringify({ ...levels, "hybrid-mailflow": settings }, null, 2);
}
