/**
 * Connector and accepted-domain settings as a program declares them: the cmdlet parameters in
 * camelCase (as in `src/core/model/schema.ts`). A field left undefined is not managed: it is
 * neither sent to the service nor compared with it.
 */
export type ConnectorType = "OnPremises" | "Partner";
export const CONNECTOR_TYPES: readonly ConnectorType[] = ["OnPremises", "Partner"];

export type ConnectorSource = "Default" | "HybridWizard" | "Migrated";
export const CONNECTOR_SOURCES: readonly ConnectorSource[] = ["Default", "HybridWizard", "Migrated"];

export interface InboundConnectorSettings {
  name: string;
  connectorType: ConnectorType;
  senderDomains?: string[];
  enabled?: boolean;
  comment?: string | null;
  connectorSource?: ConnectorSource;
  requireTls?: boolean;
  restrictDomainsToCertificate?: boolean;
  restrictDomainsToIPAddresses?: boolean;
  senderIPAddresses?: string[];
  tlsSenderCertificateName?: string | null;
  treatMessagesAsInternal?: boolean;
  cloudServicesMailEnabled?: boolean;
  associatedAcceptedDomains?: string[];
  trustedOrganizations?: string[];
  efSkipIPs?: string[];
  efSkipLastIP?: boolean;
  efUsers?: string[];
  /** Only New-InboundConnector takes it, so changing it means a new connector. */
  clientHostNames?: string[];
}

export type TlsSettings = "EncryptionOnly" | "CertificateValidation" | "DomainValidation";
export const TLS_SETTINGS: readonly TlsSettings[] = ["EncryptionOnly", "CertificateValidation", "DomainValidation"];
export type MtaStsMode = "Opportunistic" | "None";
export const MTA_STS_MODES: readonly MtaStsMode[] = ["Opportunistic", "None"];
export type SmtpDaneMode = "Opportunistic" | "Mandatory" | "None";
export const SMTP_DANE_MODES: readonly SmtpDaneMode[] = ["Opportunistic", "Mandatory", "None"];

export interface OutboundConnectorSettings {
  name: string;
  connectorType: ConnectorType;
  enabled?: boolean;
  comment?: string | null;
  connectorSource?: ConnectorSource;
  recipientDomains?: string[];
  allAcceptedDomains?: boolean;
  smartHosts?: string[];
  useMxRecord?: boolean;
  tlsSettings?: TlsSettings | null;
  tlsDomain?: string | null;
  isTransportRuleScoped?: boolean;
  routeAllMessagesViaOnPremises?: boolean;
  cloudServicesMailEnabled?: boolean;
  senderRewritingEnabled?: boolean;
  testMode?: boolean;
  mtaStsMode?: MtaStsMode;
  smtpDaneMode?: SmtpDaneMode;
  /** Set-OutboundConnector only: applied right after New-OutboundConnector. */
  validationRecipients?: string[];
  isValidated?: boolean;
  lastValidationTimestamp?: string | null;
}

export type AcceptedDomainType = "Authoritative" | "InternalRelay";
export const ACCEPTED_DOMAIN_TYPES: readonly AcceptedDomainType[] = ["Authoritative", "InternalRelay"];

export interface AcceptedDomainSettings {
  domainName: string;
  domainType?: AcceptedDomainType;
  matchSubDomains?: boolean;
  outboundOnly?: boolean;
  sendingFromDomainDisabled?: boolean;
  sendingToDomainDisabled?: boolean;
}

/** The services Graph lets a program add to or remove from a tenant domain. */
export const GRAPH_SETTABLE_SERVICES = ["Email", "OfficeCommunicationsOnline", "Yammer"] as const;
