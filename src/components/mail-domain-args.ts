/**
 * `MailDomain`'s arguments and their validation. Everything is checked (and the SPF record composed)
 * before a resource exists, so a mistake names its field and fix instead of leaving a half-made domain.
 */
import { domainName as domainNameSchema } from "../core/model/schema";
import type { CloudName } from "../identity/clouds";
import { CLOUDS } from "../identity/clouds";
import { type MxValue, relativeRecordName } from "./dns-records";
import { ComponentInputError, type ComponentInputIssue } from "./input-error";
import { composeSpf, type SpfArgs } from "./spf-record";
import { assertTxtRecordSetSize } from "./txt-chunks";

// The string unions below are `as const` objects so Pulumi's component analyzer turns them into schema enums.

/** Authoritative: every recipient lives in Exchange Online (unknown ones are rejected, DBEB). InternalRelay: unknown recipients go on to on-premises. */
export const MailDomainType = { Authoritative: "Authoritative", InternalRelay: "InternalRelay" } as const;
export type MailDomainType = (typeof MailDomainType)[keyof typeof MailDomainType];

/** Where the domain's MX points. */
export const MxTarget = { exchangeOnline: "exchangeOnline", onPremises: "onPremises" } as const;
export type MxTarget = (typeof MxTarget)[keyof typeof MxTarget];

/** The Microsoft cloud the tenant lives in. */
export const MicrosoftCloud = { commercial: "commercial", gcc: "gcc", gcchigh: "gcchigh", dod: "dod", china: "china" } as const;
export type MicrosoftCloud = (typeof MicrosoftCloud)[keyof typeof MicrosoftCloud];

/** Publish the records in an Azure DNS zone (azure-native `dns.RecordSet`). */
export interface AzureDnsArgs {
  /** The resource group that holds the zone. Required, except inside HybridMailFlow when its dns gives it. */
  resourceGroupName?: string;
  /** The Azure DNS zone, e.g. `contoso.com`. Default: the domain itself. A subdomain (`hybrid.contoso.com`) may live in its parent's zone. */
  zoneName?: string;
}

/** DKIM CNAME targets exactly as Microsoft gives them (Defender portal or `Get-DkimSigningConfig`). */
export interface DkimArgs {
  /** The target of `selector1._domainkey`, e.g. `selector1-contoso-com._domainkey.contoso.n-v1.dkim.mail.microsoft`. */
  selector1: string;
  /** The target of `selector2._domainkey`. */
  selector2: string;
}

export interface MailDomainArgs {
  /** The domain, e.g. `contoso.com`. It is added to the tenant, verified and configured as an accepted domain. */
  domain: string;
  /** The tenant (GUID or `contoso.onmicrosoft.com`). Default: the AZURE_TENANT_ID of the Pulumi run. */
  tenantId?: string;
  /** The Microsoft cloud: commercial (default), gcc, gcchigh, dod or china. It also picks the SPF include. */
  cloud?: MicrosoftCloud;
  /** Accepted-domain type in Exchange Online. Default `Authoritative`. Use InternalRelay when some recipients exist only on-premises. */
  domainType?: MailDomainType;
  /** Accept mail for every subdomain too. Only with InternalRelay (Exchange Online refuses it for Authoritative domains). Default false. */
  matchSubDomains?: boolean;
  /** Where the MX points. Default `exchangeOnline`: the MX target is read from Microsoft 365 after verification, never built by hand. */
  mx?: MxTarget;
  /** With `mx: onPremises`: the on-premises (or gateway) hosts, most preferred first; published with preference 10, 20, … */
  onPremisesMxHosts?: string[];
  /** The senders the SPF record authorizes. Default: Exchange Online only, `-all`. */
  spf?: SpfArgs;
  /** Publish SPF at the domain. Default true; set false when another system owns SPF (its value then belongs in extraTxtValues). */
  manageSpf?: boolean;
  /** Other TXT values at the domain (e.g. other services' verification codes); they share the one TXT record set with SPF and MS=. */
  extraTxtValues?: string[];
  /** DKIM selector CNAMEs. Default: not published (enable DKIM in Microsoft 365 first, then copy its two targets here). */
  dkim?: DkimArgs;
  /** The DMARC policy published at `_dmarc`, e.g. `v=DMARC1; p=quarantine; rua=mailto:dmarc@contoso.com`. Default: not published. */
  dmarc?: string;
  /** Target of the `autodiscover` CNAME, e.g. `autodiscover.outlook.com` or your on-premises Exchange host. Default: not published. */
  autodiscoverCname?: string;
  /** Publish in Azure DNS. Default: nothing is published; the `records` output lists what to publish elsewhere. */
  dns?: AzureDnsArgs;
  /** TTL of every record set, in seconds. Default 3600. */
  ttl?: number;
  /** Take over the domain if it is already in the tenant. Default false. */
  adoptExisting?: boolean;
}

/** The arguments after validation, with defaults applied. */
export interface MailDomainSettings {
  readonly domain: string;
  readonly tenantId?: string;
  readonly cloud: CloudName;
  readonly domainType: MailDomainType;
  readonly matchSubDomains: boolean;
  readonly mx: MxTarget;
  readonly onPremisesMx: readonly MxValue[];
  readonly spf: string | null;
  readonly extraTxtValues: readonly string[];
  readonly dkim?: DkimArgs;
  readonly dmarc?: string;
  readonly autodiscoverCname?: string;
  readonly dns?: { readonly resourceGroupName: string; readonly zoneName: string };
  readonly zoneName: string;
  readonly ttl: number;
  readonly adoptExisting: boolean;
}

/** Room left for the MS=ms… value, which only exists once the domain is added. */
const VERIFICATION_VALUE_RESERVE = 64;
const HOST_RE = /^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,62})(?:\.[a-z0-9_](?:[a-z0-9_-]{0,62}))*\.?$/i;

function hostName(value: string): string {
  return value.trim().toLowerCase().replace(/\.$/, "");
}

/** Validates and normalizes; `field` prefixes every field in errors (e.g. `domains[2]` inside HybridMailFlow). */
export function validateMailDomainArgs(args: MailDomainArgs, field = ""): MailDomainSettings {
  const at = (path: string) => (field ? `${field}.${path}` : path);
  const issues: ComponentInputIssue[] = [];
  const issue = (path: string, problem: string, fix?: string) => issues.push({ field: at(path), problem, fix });

  const parsedDomain = domainNameSchema.safeParse(args?.domain ?? "");
  if (!parsedDomain.success) {
    throw new ComponentInputError(at("domain"), `"${args?.domain ?? ""}" is not a domain name`, "give a domain such as contoso.com (letters, digits, hyphens and dots)");
  }
  const domain = parsedDomain.data;
  const cloud = args.cloud ?? "commercial";
  if (!Object.hasOwn(CLOUDS, cloud)) issue("cloud", `"${cloud}" is not a known cloud`, `use one of ${Object.keys(CLOUDS).join(", ")}`);
  const domainType = args.domainType ?? "Authoritative";
  if (domainType !== "Authoritative" && domainType !== "InternalRelay") issue("domainType", `"${domainType}" is not an accepted-domain type`, "use Authoritative or InternalRelay");
  const matchSubDomains = args.matchSubDomains ?? false;
  if (matchSubDomains && domainType !== "InternalRelay") {
    issue("matchSubDomains", "Exchange Online allows MatchSubDomains only on InternalRelay domains", "set domainType: InternalRelay, or add each subdomain as its own domain");
  }

  const mx = args.mx ?? "exchangeOnline";
  const onPremisesMx: MxValue[] = [];
  if (mx === "onPremises") {
    const hosts = args.onPremisesMxHosts ?? [];
    if (hosts.length === 0) issue("onPremisesMxHosts", "mx is onPremises but no host is given", "list the on-premises hosts that receive this domain's internet mail, e.g. [mail.contoso.com]");
    hosts.forEach((h, i) => {
      if (!HOST_RE.test(h.trim())) issue(`onPremisesMxHosts[${i}]`, `"${h}" is not a host name`, "give a host name such as mail.contoso.com");
      else onPremisesMx.push({ preference: 10 * (i + 1), exchange: hostName(h) });
    });
  } else if (mx === "exchangeOnline") {
    if ((args.onPremisesMxHosts ?? []).length > 0) issue("onPremisesMxHosts", "is only used with mx: onPremises", "remove it, or set mx: onPremises");
  } else {
    issue("mx", `"${mx}" is not an MX target`, "use exchangeOnline or onPremises");
  }

  const ttl = args.ttl ?? 3600;
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > 2147483647) issue("ttl", `${ttl} is not a whole number of seconds from 1 to 2147483647`, "use e.g. 3600");

  let dns: MailDomainSettings["dns"];
  let zoneName = domain;
  if (args.dns !== undefined) {
    if (!args.dns.resourceGroupName || typeof args.dns.resourceGroupName !== "string") issue("dns.resourceGroupName", "is required to publish in Azure DNS", "give the resource group of the zone, or leave dns out to only output the records");
    const zone = domainNameSchema.safeParse(args.dns.zoneName ?? domain);
    if (!zone.success) issue("dns.zoneName", `"${args.dns.zoneName}" is not a zone name`, "give the Azure DNS zone, e.g. contoso.com");
    else {
      zoneName = zone.data;
      try {
        relativeRecordName(domain, zoneName);
      } catch {
        issue("dns.zoneName", `${domain} is not in the zone ${zoneName}`, `use the zone that holds ${domain} (the domain itself or a parent)`);
      }
    }
    dns = { resourceGroupName: args.dns.resourceGroupName ?? "", zoneName };
  }

  const extraTxtValues = [...(args.extraTxtValues ?? [])];
  const manageSpf = args.manageSpf ?? true;
  extraTxtValues.forEach((v, i) => {
    if (typeof v !== "string" || v.length === 0) issue(`extraTxtValues[${i}]`, "must be a non-empty string", "remove the empty value");
    else if (manageSpf && /^v=spf1(\s|$)/i.test(v)) {
      issue(`extraTxtValues[${i}]`, "is an SPF record, but the component already publishes one; two v=spf1 records make SPF permerror", "declare the senders in spf (ip4, includes) instead, or set manageSpf: false to publish your own");
    }
  });
  if (!manageSpf && args.spf !== undefined) issue("spf", "is given but manageSpf is false", "remove spf, or set manageSpf: true");

  if (args.dkim !== undefined) {
    for (const key of ["selector1", "selector2"] as const) {
      const target = args.dkim[key];
      if (typeof target !== "string" || !HOST_RE.test(target.trim())) issue(`dkim.${key}`, `"${target}" is not a host name`, "copy the CNAME target Microsoft shows for this selector");
    }
  }
  if (args.dmarc !== undefined && !/^v=DMARC1\s*;/i.test(args.dmarc.trim())) {
    issue("dmarc", `"${args.dmarc}" is not a DMARC record`, "start it with v=DMARC1; e.g. v=DMARC1; p=quarantine; rua=mailto:dmarc@contoso.com");
  }
  if (args.autodiscoverCname !== undefined && !HOST_RE.test(args.autodiscoverCname.trim())) {
    issue("autodiscoverCname", `"${args.autodiscoverCname}" is not a host name`, "give e.g. autodiscover.outlook.com");
  }
  if (issues.length > 0) throw new ComponentInputError(issues);

  const spf = manageSpf ? composeSpf(domain, args.spf ?? {}, cloud, at("spf")).record : null;
  const apexValues = [...(spf ? [spf] : []), ...extraTxtValues, "x".repeat(VERIFICATION_VALUE_RESERVE)];
  assertTxtRecordSetSize(apexValues, domain, at("extraTxtValues"));

  return {
    domain,
    tenantId: args.tenantId,
    cloud,
    domainType,
    matchSubDomains,
    mx,
    onPremisesMx,
    spf,
    extraTxtValues,
    ...(args.dkim ? { dkim: { selector1: hostName(args.dkim.selector1), selector2: hostName(args.dkim.selector2) } } : {}),
    ...(args.dmarc !== undefined ? { dmarc: args.dmarc.trim() } : {}),
    ...(args.autodiscoverCname !== undefined ? { autodiscoverCname: hostName(args.autodiscoverCname) } : {}),
    dns,
    zoneName,
    ttl,
    adoptExisting: args.adoptExisting ?? false,
  };
}

/** The apex TXT values in publishing order: SPF first (what people look for), then MS=, then the user's own. */
export function apexTxtValues(settings: MailDomainSettings, verificationValue: string | undefined): string[] {
  const values = [...(settings.spf ? [settings.spf] : []), ...(verificationValue ? [verificationValue] : []), ...settings.extraTxtValues];
  return [...new Set(values)];
}

