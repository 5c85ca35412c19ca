/**
 * The Microsoft 365 clouds: where Exchange Online, Microsoft Graph and Entra ID sign-in live.
 * The token audience always comes from the cloud, even when requests go to an override URL
 * (an emulator or a TLS-inspecting proxy), because the audience is what the service checks.
 */
export type CloudName = "commercial" | "gcc" | "gcchigh" | "dod" | "china";

export interface Cloud {
  readonly name: CloudName;
  readonly exchangeUrl: string;
  readonly graphUrl: string;
  readonly authorityHost: string;
}

export const CLOUDS: Readonly<Record<CloudName, Cloud>> = {
  commercial: { name: "commercial", exchangeUrl: "https://outlook.office365.com", graphUrl: "https://graph.microsoft.com", authorityHost: "https://login.microsoftonline.com" },
  // GCC (moderate) tenants use the commercial endpoints.
  gcc: { name: "gcc", exchangeUrl: "https://outlook.office365.com", graphUrl: "https://graph.microsoft.com", authorityHost: "https://login.microsoftonline.com" },
  gcchigh: { name: "gcchigh", exchangeUrl: "https://outlook.office365.us", graphUrl: "https://graph.microsoft.us", authorityHost: "https://login.microsoftonline.us" },
  dod: { name: "dod", exchangeUrl: "https://outlook-dod.office365.us", graphUrl: "https://dod-graph.microsoft.us", authorityHost: "https://login.microsoftonline.us" },
  china: { name: "china", exchangeUrl: "https://outlook.office365.cn", graphUrl: "https://microsoftgraph.chinacloudapi.cn", authorityHost: "https://login.chinacloudapi.cn" },
};

export const CLOUD_NAMES = Object.keys(CLOUDS) as CloudName[];

export function isCloudName(value: unknown): value is CloudName {
  return typeof value === "string" && (CLOUD_NAMES as string[]).includes(value);
}

export function cloudOf(name: CloudName | undefined): Cloud {
  return CLOUDS[name ?? "commercial"];
}

/** The `.default` scope of a service: what an app-only token is requested for. */
export function defaultScope(resourceUrl: string): string {
  return `${resourceUrl.replace(/\/+$/, "")}/.default`;
}

/** Sign-in hosts MSAL can validate itself; any other host needs instance discovery turned off. */
export function isKnownAuthorityHost(host: string): boolean {
  const known = new Set(Object.values(CLOUDS).map((c) => c.authorityHost));
  return known.has(host.replace(/\/+$/, ""));
}
