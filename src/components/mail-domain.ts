/**
 * `MailDomain`: one mail domain end to end. It adds the domain to the tenant, publishes the MS=
 * verification value together with SPF in the domain's single apex TXT record set, verifies the
 * domain once that record exists, sets the accepted-domain type once Exchange Online knows the
 * domain, and publishes MX (read from Microsoft 365, never built by hand), DKIM, DMARC and
 * autodiscover. Without `dns` nothing is published and `records` lists what to publish elsewhere.
 */
import * as pulumi from "@pulumi/pulumi";
import type * as azureDns from "@pulumi/azure-native/dns";
import { ComponentInputError } from "./input-error";
import { RECORD_PROPERTY, TOKENS, type MailDomainRecord } from "../core/stack/contract";
import { AcceptedDomain, TenantDomain, TenantDomainVerification } from "../resources";
import { planMailDomainRecords, publicRecord, type DnsRecord, type MxValue, type PlannedRecord } from "./dns-records";
import { apexTxtValues, validateMailDomainArgs, type MailDomainArgs, type MailDomainSettings } from "./mail-domain-args";
import { azureTxtRecords } from "./txt-chunks";

export { MailDomainType, MicrosoftCloud, MxTarget, type AzureDnsArgs, type DkimArgs, type MailDomainArgs } from "./mail-domain-args";

/** One mail domain of an Exchange Online tenant: tenant domain, verification, accepted-domain type and its DNS records. */
export class MailDomain extends pulumi.ComponentResource {
  /** The domain, lower-case. */
  public readonly domainName: pulumi.Output<string>;
  /** Every record set the domain needs ({name, type, ttl, values}); publish these yourself when `dns` is not given. */
  public readonly records: pulumi.Output<DnsRecord[]>;
  /** The SPF value published at the domain, or undefined when SPF is not managed. */
  public readonly spfRecord: pulumi.Output<string | undefined>;
  /** The MX hosts published for the domain. */
  public readonly mxHosts: pulumi.Output<string[]>;

  constructor(name: string, args: MailDomainArgs, opts?: pulumi.ComponentResourceOptions) {
    const settings = validateMailDomainArgs(args);
    super(TOKENS.mailDomain, name, { ...args, [RECORD_PROPERTY]: mailDomainRecord(settings) }, opts);
    const child = { parent: this };
    const identity = { tenantId: settings.tenantId, cloud: settings.cloud };

    const tenantDomain = new TenantDomain(name, { domainName: settings.domain, adopt: settings.adoptExisting, ...identity }, child);
    const verificationValue = tenantDomain.verificationTxtRecord.apply((r) => r?.text);
    const apexTxt = verificationValue.apply((ms) => apexTxtValues(settings, ms));

    // The shape (which record sets exist) is known now; values that come from Microsoft 365 fill in later.
    const shape = planMailDomainRecords(dnsPlan(settings, settings.mx === "onPremises" ? settings.onPremisesMx : [], []));
    const apexTxtShape = shape.find((r) => r.type === "TXT" && r.name === settings.domain)!;
    const zone = settings.dns;
    const dnsModule = zone ? azureNativeDns() : undefined;
    // Zone and record name are always explicit: azure-native would otherwise derive them from the Pulumi name.
    const recordSet = (record: PlannedRecord, fields: Partial<azureDns.RecordSetArgs>) =>
      new dnsModule!.RecordSet(
        `${name}-${recordKey(record, settings.domain)}`,
        {
          resourceGroupName: zone!.resourceGroupName,
          zoneName: zone!.zoneName,
          relativeRecordSetName: record.relativeName,
          recordType: record.type,
          ttl: record.ttl,
          ...fields,
        },
        child,
      );

    // SPF, MS= and the user's values share one record set: two resources on one name and type would overwrite each other.
    const apexTxtRecordSet = zone ? recordSet(apexTxtShape, { txtRecords: apexTxt.apply(azureTxtRecords) }) : undefined;

    const verification = new TenantDomainVerification(
      name,
      { domainName: tenantDomain.domainName, supportedServices: ["Email"], ...identity },
      { ...child, ...(apexTxtRecordSet ? { dependsOn: [apexTxtRecordSet] } : {}) },
    );
    // A component's dependsOn does not reach its children; the accepted-domain type is what changes routing, so it waits too.
    new AcceptedDomain(
      name,
      { domainName: settings.domain, domainType: settings.domainType, matchSubDomains: settings.matchSubDomains, ...identity },
      { ...child, dependsOn: [verification, ...plainDependencies(opts?.dependsOn)] },
    );

    const mx: pulumi.Output<MxValue[]> =
      settings.mx === "onPremises"
        ? pulumi.output([...settings.onPremisesMx])
        : verification.mxRecord.apply((record) => {
            if (!record?.mailExchange) {
              throw new Error(`MailDomain ${name}: Microsoft 365 returned no MX record for ${settings.domain}. Fix: make sure the domain is verified with the Email service, then run again.`);
            }
            return [{ preference: record.preference ?? 0, exchange: record.mailExchange.toLowerCase().replace(/\.$/, "") }];
          });
    const planned = pulumi.all([mx, apexTxt]).apply(([mxValues, txt]) => planMailDomainRecords(dnsPlan(settings, mxValues, txt)));

    if (zone) {
      for (const record of shape) {
        if (record === apexTxtShape) continue;
        // Only the MX waits for Microsoft 365; DKIM, DMARC and autodiscover values are known now.
        if (record.type === "MX") recordSet(record, { mxRecords: mx.apply((values) => values.map((m) => ({ preference: m.preference, exchange: m.exchange }))) });
        else if (record.type === "TXT") recordSet(record, { txtRecords: azureTxtRecords(record.values) });
        else recordSet(record, { cnameRecord: { cname: record.values[0]! } });
      }
    }

    this.domainName = pulumi.output(settings.domain);
    this.records = planned.apply((all) => all.map(publicRecord));
    this.spfRecord = pulumi.output(settings.spf ?? undefined);
    this.mxHosts = mx.apply((values) => values.map((m) => m.exchange));
    this.registerOutputs({
      domainName: this.domainName,
      records: this.records,
      spfRecord: this.spfRecord,
      mxHosts: this.mxHosts,
      [RECORD_PROPERTY]: mailDomainRecord(settings),
    });
  }
}

function plainDependencies(dependsOn: pulumi.ComponentResourceOptions["dependsOn"]): pulumi.Resource[] {
  if (dependsOn === undefined) return [];
  if (pulumi.Resource.isInstance(dependsOn)) return [dependsOn];
  return Array.isArray(dependsOn) ? dependsOn.filter((d): d is pulumi.Resource => pulumi.Resource.isInstance(d)) : [];
}

function dnsPlan(settings: MailDomainSettings, mx: readonly MxValue[], apexTxt: readonly string[]) {
  return {
    domain: settings.domain,
    zoneName: settings.zoneName,
    ttl: settings.ttl,
    mx,
    apexTxt,
    ...(settings.dkim ? { dkim: settings.dkim } : {}),
    ...(settings.dmarc !== undefined ? { dmarc: settings.dmarc } : {}),
    ...(settings.autodiscoverCname !== undefined ? { autodiscover: settings.autodiscoverCname } : {}),
  };
}

/** A stable, readable suffix for the record set's Pulumi name: `mx`, `txt`, `dmarc-txt`, `selector1-domainkey-cname`. */
function recordKey(record: PlannedRecord, domain: string): string {
  const label = record.name === domain ? "" : record.name.slice(0, record.name.length - domain.length - 1);
  const prefix = label.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "").toLowerCase();
  return prefix ? `${prefix}-${record.type.toLowerCase()}` : record.type.toLowerCase();
}

/** What the policy pack reads back (src/core/stack/contract.ts). */
export function mailDomainRecord(settings: MailDomainSettings): MailDomainRecord {
  return {
    schemaVersion: 1,
    domain: settings.domain,
    tenantId: settings.tenantId ?? process.env.AZURE_TENANT_ID ?? "",
    domainType: settings.domainType,
    matchSubDomains: settings.matchSubDomains,
    mx: settings.mx === "onPremises" ? { target: "onPremises", hosts: settings.onPremisesMx.map((m) => m.exchange) } : { target: "exchangeOnline" },
    spf: settings.spf,
  };
}

/**
 * `@pulumi/azure-native` (about 140 MB) is an optional peer dependency: only a MailDomain with `dns`
 * publishes Azure DNS records, so it is loaded then, and its absence is an input error naming the fix.
 */
function azureNativeDns(): typeof azureDns {
  try {
    return require("@pulumi/azure-native/dns") as typeof azureDns;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND") throw error;
    throw new ComponentInputError("dns", "publishes records in Azure DNS, which needs @pulumi/azure-native, and it is not installed", "npm install @pulumi/azure-native, or leave out dns and publish the records listed in the records output yourself");
  }
}
