/**
 * `TenantDomain` adds a domain to the tenant (Microsoft Graph) and exposes the TXT record that
 * proves ownership; `TenantDomainVerification` verifies it once that record is published and
 * exposes the records Microsoft 365 wants (the MX target among them).
 *
 *   const domain = new TenantDomain("contoso", { domainName: "contoso.com" });
 *   const txt = new azure.dns.RecordSet(..., { txtRecords: [{ value: [domain.verificationTxtRecord.text] }] });
 *   const verified = new TenantDomainVerification("contoso", { domainName: domain.domainName }, { dependsOn: [txt] });
 *   // verified.mxRecord.mailExchange is the MX target to publish.
 */
import * as pulumi from "@pulumi/pulumi";
import type { CloudName } from "../identity/clouds";
import { moduleSpecifier } from "./provider-shell";

const OPERATIONS = moduleSpecifier(require.resolve("./tenant-domain-operations"));
type Operations = typeof import("./tenant-domain-operations");
// A checkout's specifier is relative to the program folder, the provider process's working directory.
const operations = (): Operations => require(OPERATIONS.startsWith(".") ? require("node:path").resolve(OPERATIONS) : OPERATIONS);

export interface DnsRecordOutput {
  name: string;
  text?: string;
  mailExchange?: string;
  preference?: number;
  ttl: number;
}

export interface TenantDomainArgs {
  domainName: pulumi.Input<string>;
  tenantId?: pulumi.Input<string>;
  cloud?: pulumi.Input<CloudName>;
  /** Take over the domain even if it is already verified in the tenant (deleting the resource then removes it). */
  adopt?: pulumi.Input<boolean>;
}

export const tenantDomainProvider: pulumi.dynamic.ResourceProvider = {
  check: (olds, news) => operations().check("TenantDomain", olds, news),
  diff: (id, olds, news) => operations().diff("TenantDomain", id, olds, news),
  create: (inputs) => operations().create("TenantDomain", inputs),
  read: (id, props) => operations().read("TenantDomain", id, props ?? {}),
  update: (id, olds, news) => operations().update("TenantDomain", id, olds, news),
  delete: (id, props) => operations().remove("TenantDomain", id, props),
};

export class TenantDomain extends pulumi.dynamic.Resource {
  declare readonly domainName: pulumi.Output<string>;
  declare readonly tenantId: pulumi.Output<string>;
  declare readonly cloud: pulumi.Output<CloudName>;
  declare readonly isVerified: pulumi.Output<boolean>;
  /** The `MS=ms…` TXT record to publish at the domain before verification. */
  declare readonly verificationTxtRecord: pulumi.Output<DnsRecordOutput>;
  declare readonly verificationDnsRecords: pulumi.Output<Array<Record<string, unknown>>>;
  declare readonly adoptedExisting: pulumi.Output<boolean>;

  constructor(name: string, args: TenantDomainArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = { tenantId: undefined, cloud: undefined, isVerified: undefined, verificationTxtRecord: undefined, verificationDnsRecords: undefined, adoptedExisting: undefined };
    super(tenantDomainProvider, name, { ...outputs, ...args }, opts, "hybrid-mailflow", "TenantDomain");
  }
}

export interface TenantDomainVerificationArgs {
  domainName: pulumi.Input<string>;
  /** Services to enable once verified: Email, OfficeCommunicationsOnline, Yammer. */
  supportedServices?: pulumi.Input<pulumi.Input<string>[]>;
  tenantId?: pulumi.Input<string>;
  cloud?: pulumi.Input<CloudName>;
}

export const tenantDomainVerificationProvider: pulumi.dynamic.ResourceProvider = {
  check: (olds, news) => operations().check("TenantDomainVerification", olds, news),
  diff: (id, olds, news) => operations().diff("TenantDomainVerification", id, olds, news),
  create: (inputs) => operations().create("TenantDomainVerification", inputs),
  read: (id, props) => operations().read("TenantDomainVerification", id, props ?? {}),
  update: (id, olds, news) => operations().update("TenantDomainVerification", id, olds, news),
  delete: (id, props) => operations().remove("TenantDomainVerification", id, props),
};

export class TenantDomainVerification extends pulumi.dynamic.Resource {
  declare readonly domainName: pulumi.Output<string>;
  declare readonly tenantId: pulumi.Output<string>;
  declare readonly isVerified: pulumi.Output<boolean>;
  declare readonly supportedServices: pulumi.Output<string[]>;
  /** The MX record Microsoft 365 hands out for the domain, read from Graph. */
  declare readonly mxRecord: pulumi.Output<DnsRecordOutput>;
  declare readonly spfRecord: pulumi.Output<DnsRecordOutput>;
  declare readonly serviceConfigurationRecords: pulumi.Output<Array<Record<string, unknown>>>;

  constructor(name: string, args: TenantDomainVerificationArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = { tenantId: undefined, cloud: undefined, isVerified: undefined, mxRecord: undefined, spfRecord: undefined, serviceConfigurationRecords: undefined };
    super(tenantDomainVerificationProvider, name, { ...outputs, supportedServices: undefined, ...args }, opts, "hybrid-mailflow", "TenantDomainVerification");
  }
}
