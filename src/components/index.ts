/** Pulumi components: a whole hybrid (`HybridMailFlow`) or one mail domain (`MailDomain`). */
export { HybridMailFlow, hybridMailFlowRecord } from "./hybrid-mail-flow";
export {
  InboundAuthentication,
  type AzureDnsDefaultsArgs,
  type CertificateArgs,
  type HybridMailFlowArgs,
  type InboundConnectorOptions,
  type OnPremServerArgs,
  type OnPremisesArgs,
  type OutboundConnectorOptions,
  type SendConnectorArgs,
} from "./hybrid-mail-flow-args";
export { MailDomain, mailDomainRecord, MailDomainType, MicrosoftCloud, MxTarget, type AzureDnsArgs, type DkimArgs, type MailDomainArgs } from "./mail-domain";
export { composeSpf, EXCHANGE_ONLINE_SPF_INCLUDE, SpfAllPolicy, type SpfArgs, type SpfIncludeArgs } from "./spf-record";
export { chunkTxtValue, TXT_RECORD_SET_MAX, TXT_STRING_MAX } from "./txt-chunks";
export { DnsRecordType, type DnsRecord } from "./dns-records";
export { ComponentInputError, type ComponentInputIssue } from "./input-error";
