/**
 * Microsoft's SPF records as published (late 2026), so nested includes are counted and EOP's egress
 * addresses evaluate as they would on the internet. Offline worlds and stack checks add them to DNS.
 */
export const MICROSOFT_SPF_RECORDS: Readonly<Record<string, { readonly txt: readonly string[] }>> = {
  "spf.protection.outlook.com": {
    txt: ["v=spf1 ip4:40.92.0.0/15 ip4:40.107.0.0/16 ip4:52.100.0.0/14 ip4:104.47.0.0/17 ip6:2a01:111:f400::/48 ip6:2a01:111:f403::/48 include:spfd.protection.outlook.com -all"],
  },
  "spfd.protection.outlook.com": { txt: ["v=spf1 ip4:51.4.72.0/24 ip4:51.5.72.0/24 ip4:51.5.80.0/27 ip4:51.4.80.0/27 -all"] },
};
