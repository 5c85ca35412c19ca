/** Pack settings (`--policy-pack-config`) for the broken programs: the facts a stack cannot hold. */
import { exchangeObjectsProgram } from "./programs";
import type { ProjectFiles } from "./workspace";

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

/** A connector trusting mail.contoso.net, a name no accepted domain covers (HMF005), with its pack config. */
export function certificateNotAccepted(name: string, tenantId: string): ProjectFiles {
  return {
    name,
    program: exchangeObjectsProgram({
      inbound: { name: "Inbound from on-premises", connectorType: "OnPremises", senderDomains: ["*"], tlsSenderCertificateName: "mail.contoso.net", cloudServicesMailEnabled: true },
      acceptedDomains: ["contoso.com"],
    }),
    files: {
      "policy.json": packConfig({
        tenant: tenantSettings(tenantId),
        onPremises: onPremises(tenantId, [
          { name: "Outbound to Office 365", addressSpaces: ["contoso.mail.onmicrosoft.com"], sourceServers: ["EX01"], certificate: { subject: "mail.contoso.net" }, cloudServicesMailEnabled: true },
        ]),
        dns: GOOD_SPF,
      }),
    },
  };
}
