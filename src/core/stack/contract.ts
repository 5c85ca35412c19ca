/**
 * The contract between the Pulumi shells: what the components record in a stack and what the policy
 * pack (and `preflight`) read back to rebuild a world. It lives in the core because both sides must
 * agree on it without importing each other; it holds names and shapes only, no Pulumi code.
 */
import type { WorldInput } from "../model/types";

/** Type tokens of the resources a hybrid-mailflow stack contains. */
export const TOKENS = {
  hybridMailFlow: "hybrid-mailflow:index:HybridMailFlow",
  mailDomain: "hybrid-mailflow:index:MailDomain",
  inboundConnector: "pulumi-nodejs:dynamic/hybrid-mailflow:InboundConnector",
  outboundConnector: "pulumi-nodejs:dynamic/hybrid-mailflow:OutboundConnector",
  acceptedDomain: "pulumi-nodejs:dynamic/hybrid-mailflow:AcceptedDomain",
  tenantDomain: "pulumi-nodejs:dynamic/hybrid-mailflow:TenantDomain",
  tenantDomainVerification: "pulumi-nodejs:dynamic/hybrid-mailflow:TenantDomainVerification",
  dnsRecordSet: "azure-native:dns:RecordSet",
  dnsZone: "azure-native:dns:Zone",
} as const;

/** The property under which a component records its facts, both in `super()` inputs and in `registerOutputs`. */
export const RECORD_PROPERTY = "hybridMailflow";

type WorldOnPremises = NonNullable<WorldInput["onPremises"]>[number];

/**
 * What `HybridMailFlow` records so a preview can be simulated: the tenant it manages and the
 * on-premises facts (servers, egress IPs, send connectors with their certificates, sender domains)
 * that no cloud resource holds. Connectors, accepted domains and DNS are not repeated here: the
 * policy pack reads them from the stack's own resources, so what it checks is what will be deployed.
 */
export interface HybridMailFlowRecord {
  readonly schemaVersion: 1;
  /** The tenant (GUID or `contoso.onmicrosoft.com`); resources without their own `tenantId` belong to it. */
  readonly tenantId: string;
  /** The EOP forest the tenant is homed in (e.g. `EUR`, `NAM`); attribution compares tenants within a forest. */
  readonly forest: string;
  /** The tenant's `*.onmicrosoft.com` domain, always accepted. */
  readonly initialDomain: string;
  /** World-shaped on-premises organizations; their `tenant` equals `tenantId`. */
  readonly onPremises: WorldOnPremises[];
  /** RejectDirectSend of the organization, when the component manages it. */
  readonly rejectDirectSend?: boolean;
}

/** What `MailDomain` records: the domain and what it intends, so checks can run before records exist. */
export interface MailDomainRecord {
  readonly schemaVersion: 1;
  readonly domain: string;
  readonly tenantId: string;
  readonly domainType: "Authoritative" | "InternalRelay";
  readonly matchSubDomains: boolean;
  /** Where the MX points: Exchange Online Protection, or on-premises hosts. */
  readonly mx: { readonly target: "exchangeOnline" } | { readonly target: "onPremises"; readonly hosts: string[] };
  /** The SPF value published at the apex, or null when the component does not manage SPF. */
  readonly spf: string | null;
}
