/**
 * The world model's types, written out rather than inferred from the zod schemas in `schema.ts`: the
 * package's declaration files must compile under the settings users have (no esModuleInterop, no
 * skipLibCheck), and zod's own declarations do not, so no public type may mention zod. `schema.ts`
 * checks at compile time that these types and its schemas agree, field for field.
 */

export type AcceptedDomainType = "Authoritative" | "InternalRelay";
export type ConnectorType = "OnPremises" | "Partner";

export interface AcceptedDomain {
  domain: string;
  type: AcceptedDomainType;
  matchSubDomains: boolean;
  /** The tenant's default domain: SRS rewrites non-verified P1s to bounces+SRS=…@ this domain. */
  default?: boolean | undefined;
  outboundOnly: boolean;
}

export interface InboundConnector {
  name: string;
  connectorType: ConnectorType;
  enabled: boolean;
  tlsSenderCertificateName: string | null;
  senderIPAddresses: string[];
  requireTls: boolean;
  restrictDomainsToCertificate: boolean;
  restrictDomainsToIPAddresses: boolean;
  senderDomains: string[];
  cloudServicesMailEnabled: boolean;
  treatMessagesAsInternal: boolean;
  associatedAcceptedDomains: string[];
}

export interface OutboundConnector {
  name: string;
  connectorType: ConnectorType;
  enabled: boolean;
  recipientDomains: string[];
  /** Applies to all accepted domains (`AllAcceptedDomains`), the HCW-less way to reach on-premises. */
  allAcceptedDomains: boolean;
  smartHosts: string[];
  useMxRecord: boolean;
  routeAllMessagesViaOnPremises: boolean;
  isTransportRuleScoped: boolean;
  cloudServicesMailEnabled: boolean;
  senderRewritingEnabled: boolean;
}

export interface Tenant {
  id: string;
  forest: string;
  acceptedDomains: AcceptedDomain[];
  inboundConnectors: InboundConnector[];
  outboundConnectors: OutboundConnector[];
  organization: { rejectDirectSend: boolean };
  /** Every address that exists in the directory; absent means every address in an accepted domain exists. */
  recipients?: string[] | undefined;
}

export interface MxRecord {
  preference: number;
  exchange: string;
}

export interface DnsRecords {
  txt?: string[] | undefined;
  mx?: MxRecord[] | undefined;
  a?: string[] | undefined;
  aaaa?: string[] | undefined;
  /** PTR records, under the reverse name (40.30.20.10.in-addr.arpa): what SPF's ptr and %{p} read. */
  ptr?: string[] | undefined;
}

export interface Certificate {
  subject: string;
  san: string[];
}

export interface OnPremServer {
  name: string;
  /** The public IPv4 addresses EOP and the internet see when this server sends. */
  egressIps: string[];
  helo?: string | undefined;
}

export interface SendConnector {
  name: string;
  enabled: boolean;
  /** `*`, `contoso.com`, `*.contoso.com` (the stored form `smtp:contoso.com;1` is normalised). */
  addressSpaces: string[];
  /** Empty means DNS (MX) routing. */
  smartHosts: string[];
  sourceServers: string[];
  /** The certificate this connector presents (TlsCertificateName); null when none is presented. */
  certificate: Certificate | null;
  cloudServicesMailEnabled: boolean;
  requireTls: boolean;
}

export interface OnPremises {
  name: string;
  /** The tenant (world `tenants[].id`) this organization is in hybrid with. */
  tenant: string;
  servers: OnPremServer[];
  sendConnectors: SendConnector[];
  /** Domains on-premises users and applications send as (P1 MAIL FROM), including on-premises-only ones. */
  senderDomains: string[];
  /** On-premises generates NDRs, out-of-office and other null-sender (`<>`) mail. */
  sendsNullSender: boolean;
  /** P1 domains of foreign senders whose mail on-premises forwards (forwarding rules, mailing lists). */
  forwardedSenderDomains: string[];
  /** Domains whose mailboxes live on-premises (recipient class "own on-premises"). */
  mailboxDomains: string[];
}

export interface Suppression {
  rule: string;
  /** The resource a finding names (e.g. `inboundConnector:FIRMA/Inbound from on-prem`), or `*`. */
  resource: string;
  reason: string;
}

/** A validated world: every default filled in, names lower-cased. */
export interface World {
  tenants: Tenant[];
  internetDomains: string[];
  dns: Record<string, DnsRecords>;
  onPremises: OnPremises[];
  suppressions: Suppression[];
}

export interface Message {
  forest: string;
  tls?: Certificate | null | undefined;
  starttls: boolean;
  connectingIp?: string | undefined;
  /** "" for the null reverse-path `<>`. */
  mailFrom: string;
  rcptTo: string[];
  mailboxTenant?: string | undefined;
  /** The on-premises send connector's CloudServicesMailEnabled; unknown means the HCW default ($true). */
  senderCloudServicesMailEnabled?: boolean | undefined;
  helo?: string | undefined;
}

export interface Scenario {
  id?: string | undefined;
  title?: string | undefined;
  basis?: string | undefined;
  world: World;
  message: Message;
  expect?: Record<string, unknown> | undefined;
}

/** A world as written: fields with a documented service default may be left out. */
export interface WorldInput {
  tenants: Array<{
    id: string;
    forest: string;
    acceptedDomains: Array<{ domain: string; type?: AcceptedDomainType | undefined; matchSubDomains?: boolean | undefined; default?: boolean | undefined; outboundOnly?: boolean | undefined }>;
    inboundConnectors?: Array<{ name: string; connectorType: ConnectorType } & { [K in Exclude<keyof InboundConnector, "name" | "connectorType">]?: InboundConnector[K] | undefined }> | undefined;
    outboundConnectors?: Array<{ name: string; connectorType: ConnectorType } & { [K in Exclude<keyof OutboundConnector, "name" | "connectorType">]?: OutboundConnector[K] | undefined }> | undefined;
    organization?: { rejectDirectSend?: boolean | undefined } | undefined;
    recipients?: string[] | undefined;
  }>;
  internetDomains?: string[] | undefined;
  /** MX records may be written as a host name (preference 10) or as `{ preference, exchange }`. */
  dns?: Record<string, { txt?: string[] | undefined; mx?: Array<string | MxRecord> | undefined; a?: string[] | undefined; aaaa?: string[] | undefined; ptr?: string[] | undefined }> | undefined;
  onPremises?:
    | Array<{
        name: string;
        tenant: string;
        servers: OnPremServer[];
        sendConnectors: Array<
          { name: string; addressSpaces: string[]; sourceServers: string[] } & {
            enabled?: boolean | undefined;
            smartHosts?: string[] | undefined;
            certificate?: { subject: string; san?: string[] | undefined } | null | undefined;
            cloudServicesMailEnabled?: boolean | undefined;
            requireTls?: boolean | undefined;
          }
        >;
        senderDomains: string[];
        sendsNullSender?: boolean | undefined;
        forwardedSenderDomains?: string[] | undefined;
        mailboxDomains?: string[] | undefined;
      }>
    | undefined;
  suppressions?: Array<{ rule: string; resource?: string | undefined; reason: string }> | undefined;
}

/** A message as written (scenario files, the explain flags). */
export interface MessageInput {
  forest: string;
  tls?: { subject: string; san?: string[] | undefined } | null | undefined;
  starttls?: boolean | undefined;
  connectingIp?: string | undefined;
  mailFrom: string;
  rcptTo: string[];
  mailboxTenant?: string | undefined;
  senderCloudServicesMailEnabled?: boolean | undefined;
  helo?: string | undefined;
}
