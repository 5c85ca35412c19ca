/**
 * The cmdlets the Exchange emulator knows, with each parameter's wire type, as the cmdlet
 * reference documents them. Anything else is refused the way the gateway refuses it.
 */
export type ParamType =
  | { readonly kind: "string" }
  | { readonly kind: "bool" }
  | { readonly kind: "multi" }
  | { readonly kind: "enum"; readonly values: readonly string[] }
  | { readonly kind: "datetime" }
  | { readonly kind: "identity" }
  | { readonly kind: "resultSize" };

const str = { kind: "string" } as const;
const bool = { kind: "bool" } as const;
const multi = { kind: "multi" } as const;
const datetime = { kind: "datetime" } as const;
const identity = { kind: "identity" } as const;
const resultSize = { kind: "resultSize" } as const;
const enumOf = (...values: string[]): ParamType => ({ kind: "enum", values });

export interface CmdletSpec {
  readonly params: Readonly<Record<string, ParamType>>;
  readonly required: readonly string[];
}

const connectorType = enumOf("Partner", "OnPremises");
const connectorSource = enumOf("Default", "HybridWizard", "Migrated", "AdminUI");
const confirm = { Confirm: bool, WhatIf: bool };

const inboundSettable = {
  AssociatedAcceptedDomains: multi,
  CloudServicesMailEnabled: bool,
  Comment: str,
  ConnectorSource: connectorSource,
  ConnectorType: connectorType,
  EFSkipIPs: multi,
  EFSkipLastIP: bool,
  EFSkipMailGateway: multi,
  EFTestMode: bool,
  EFUsers: multi,
  Enabled: bool,
  RequireTls: bool,
  RestrictDomainsToCertificate: bool,
  RestrictDomainsToIPAddresses: bool,
  ScanAndDropRecipients: multi,
  SenderDomains: multi,
  SenderIPAddresses: multi,
  TlsSenderCertificateName: str,
  TreatMessagesAsInternal: bool,
  TrustedOrganizations: multi,
  ...confirm,
};

const outboundSettable = {
  AllAcceptedDomains: bool,
  CloudServicesMailEnabled: bool,
  Comment: str,
  ConnectorSource: connectorSource,
  ConnectorType: connectorType,
  Enabled: bool,
  IsTransportRuleScoped: bool,
  MtaStsMode: enumOf("Opportunistic", "None"),
  RecipientDomains: multi,
  RouteAllMessagesViaOnPremises: bool,
  SenderRewritingEnabled: bool,
  SmartHosts: multi,
  SmtpDaneMode: enumOf("Opportunistic", "Mandatory", "None"),
  TestMode: bool,
  TlsDomain: str,
  TlsSettings: enumOf("EncryptionOnly", "CertificateValidation", "DomainValidation"),
  UseMXRecord: bool,
  ...confirm,
};

export const CMDLETS: Readonly<Record<string, CmdletSpec>> = {
  "Get-InboundConnector": { params: { Identity: identity, ResultSize: resultSize }, required: [] },
  "New-InboundConnector": { params: { Name: str, ClientHostNames: multi, ...inboundSettable }, required: ["Name", "SenderDomains"] },
  "Set-InboundConnector": { params: { Identity: identity, Name: str, ...inboundSettable }, required: ["Identity"] },
  "Remove-InboundConnector": { params: { Identity: identity, ...confirm }, required: ["Identity"] },
  "Get-OutboundConnector": {
    params: { Identity: identity, IncludeTestModeConnectors: bool, IsTransportRuleScoped: bool, ResultSize: resultSize },
    required: [],
  },
  "New-OutboundConnector": { params: { Name: str, LinkForModifiedConnector: str, ...outboundSettable }, required: ["Name"] },
  "Set-OutboundConnector": {
    params: { Identity: identity, Name: str, IsValidated: bool, LastValidationTimestamp: datetime, ValidationRecipients: multi, ...outboundSettable },
    required: ["Identity"],
  },
  "Remove-OutboundConnector": { params: { Identity: identity, ...confirm }, required: ["Identity"] },
  "Get-AcceptedDomain": { params: { Identity: identity, ResultSize: resultSize }, required: [] },
  "Get-OrganizationConfig": { params: { Identity: identity }, required: [] },
  "Set-AcceptedDomain": {
    params: {
      Identity: identity,
      DomainType: enumOf("Authoritative", "InternalRelay", "ExternalRelay"),
      MatchSubDomains: bool,
      OutboundOnly: bool,
      SendingFromDomainDisabled: bool,
      SendingToDomainDisabled: bool,
      CanHaveCloudCache: bool,
      EnableNego2Authentication: bool,
      MailFlowRegion: str,
      ...confirm,
    },
    required: ["Identity"],
  },
};
