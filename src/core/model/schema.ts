/**
 * The input schema of a world: tenants of Exchange Online in EOP forests, the internet around them,
 * DNS, and the on-premises organizations that send into them.
 *
 * It is a superset of the scenario format v1 (`test/scenarios/FORMAT.md`): every v1 world validates
 * unchanged, and hand-written world files may leave out fields whose service default is documented.
 * Field names follow the Exchange cmdlet parameters in camelCase so an admin recognises them.
 */
import { z } from "zod";
import { ipv4Problem } from "../net/ipv4";
import { commonNameOf, isDnWithoutCommonName, withoutRootDot } from "./names";
import type * as types from "./types";

const DOMAIN_RE = /^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))*$/i;

/** A DNS domain name such as `contoso.com`; stored lower-case. */
export const domainName = z
  .string()
  .trim()
  .transform(withoutRootDot)
  .refine((s) => DOMAIN_RE.test(s), {
    message: "must be a domain name such as contoso.com (letters, digits, hyphens and dots)",
  })
  .transform((s) => s.toLowerCase());

/** A domain or a leading wildcard `*.contoso.com`, as TlsSenderCertificateName and SenderDomains allow. */
export const wildcardDomain = z
  .string()
  .trim()
  .transform(withoutRootDot)
  .refine((s) => DOMAIN_RE.test(s.startsWith("*.") ? s.slice(2) : s), {
    message:
      "must be a domain (mail.contoso.com) or a leading wildcard (*.contoso.com); embedded wildcards such as a.*.contoso.com are rejected by Exchange Online",
  })
  .transform((s) => s.toLowerCase());

/** `*`, a domain, or `*.domain`; the stored form `smtp:contoso.com;1` is accepted and normalised. */
export const senderDomainPattern = z
  .string()
  .trim()
  .transform((s) => withoutRootDot(s.replace(/^smtp:/i, "").replace(/;\d+$/, "").toLowerCase()))
  .refine((s) => s === "*" || DOMAIN_RE.test(s.startsWith("*.") ? s.slice(2) : s), {
    message: "must be *, a domain such as contoso.com, or *.contoso.com",
  });

/** Said instead of "not an IPv4 address" when the value is IPv6, so the user learns why it is refused. */
const IPV6_REFUSED =
  "is an IPv6 address; Exchange Online connectors take IPv4 addresses only (SenderIPAddresses), so the model is IPv4: give the server's public IPv4 address";

/** Dotted decimal only: octal (010.20.30.40), hexadecimal and short forms are refused with the fix named. */
export const ipv4Address = z
  .string()
  .trim()
  .refine((s) => !s.includes(":"), { message: IPV6_REFUSED, abort: true })
  .superRefine((s, ctx) => {
    const problem = ipv4Problem(s, false);
    if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
  });

export const ipv4OrCidr = z
  .string()
  .trim()
  .refine((s) => !s.includes(":"), { message: IPV6_REFUSED, abort: true })
  .superRefine((s, ctx) => {
    const problem = ipv4Problem(s, true);
    if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
  });

export const emailAddress = z
  .string()
  .trim()
  .transform(withoutRootDot)
  .refine((s) => /^[^@\s]+@[^@\s]+$/.test(s) && DOMAIN_RE.test(s.split("@")[1] ?? ""), {
    message: "must be an e-mail address such as user@contoso.com",
  })
  .transform((s) => s.toLowerCase());

/**
 * An EOP forest name as the world spells it, compared case-insensitively: `eu1` and `EU1` are one
 * forest. Microsoft does not publish forest names (X2); any label of letters, digits and hyphens is
 * accepted, and HMF018 checks the assignment against the endpoint addresses the world gives.
 */
export const FOREST_NAME_RE = /^[A-Z][A-Z0-9-]{0,31}$/;

export const forestName = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .refine((s) => FOREST_NAME_RE.test(s), {
    message:
      "must name the EOP forest with letters, digits and hyphens, starting with a letter (e.g. EU1 or NAM); tenants share a forest when <tenant>.mail.protection.outlook.com resolves to the same addresses (docs/forests.md)",
  });

/** A P1 MAIL FROM: an address, or "" for the null reverse-path `<>` used by NDRs. */
export const reversePath = z.union([z.literal(""), emailAddress]);

/**
 * World files written by people are read strictly, so a misspelt field is an error rather than a
 * silently ignored setting; shared scenario vectors are read leniently so that annotations added by
 * other tools do not break them.
 */
function defineSchemas(object: typeof z.object) {
  const acceptedDomainSchema = object({
    domain: domainName,
    type: z.enum(["Authoritative", "InternalRelay"]).default("Authoritative"),
    matchSubDomains: z.boolean().default(false),
    /** The tenant's default domain: SRS rewrites non-verified P1s to bounces+SRS=…@ this domain. */
    default: z.boolean().optional(),
    outboundOnly: z.boolean().default(false),
  });

  const inboundConnectorSchema = object({
    name: z.string().trim().min(1, "must not be empty").max(64, "Exchange Online limits connector names to 64 characters"),
    connectorType: z.enum(["OnPremises", "Partner"]),
    enabled: z.boolean().default(true),
    tlsSenderCertificateName: wildcardDomain.nullable().default(null),
    senderIPAddresses: z.array(ipv4OrCidr).default([]),
    requireTls: z.boolean().default(true),
    restrictDomainsToCertificate: z.boolean().default(false),
    restrictDomainsToIPAddresses: z.boolean().default(false),
    senderDomains: z.array(senderDomainPattern).default(["*"]),
    cloudServicesMailEnabled: z.boolean().default(false),
    treatMessagesAsInternal: z.boolean().default(false),
    associatedAcceptedDomains: z.array(domainName).default([]),
  });

  const outboundConnectorSchema = object({
    name: z.string().trim().min(1, "must not be empty").max(64, "Exchange Online limits connector names to 64 characters"),
    connectorType: z.enum(["OnPremises", "Partner"]),
    enabled: z.boolean().default(true),
    recipientDomains: z.array(senderDomainPattern).default([]),
    /** Applies to all accepted domains (`AllAcceptedDomains`), the HCW-less way to reach on-premises. */
    allAcceptedDomains: z.boolean().default(false),
    smartHosts: z.array(z.string().trim().min(1)).default([]),
    useMxRecord: z.boolean().default(false),
    routeAllMessagesViaOnPremises: z.boolean().default(false),
    isTransportRuleScoped: z.boolean().default(false),
    cloudServicesMailEnabled: z.boolean().default(false),
    senderRewritingEnabled: z.boolean().default(false),
  });

  const tenantSchema = object({
    id: z.string().trim().min(1, "must not be empty"),
    forest: forestName,
    acceptedDomains: z.array(acceptedDomainSchema).min(1, "a tenant has at least its onmicrosoft.com domain"),
    inboundConnectors: z.array(inboundConnectorSchema).default([]),
    outboundConnectors: z.array(outboundConnectorSchema).default([]),
    organization: object({ rejectDirectSend: z.boolean().default(false) }).default({ rejectDirectSend: false }),
    /** Every address that exists in the directory; absent means every address in an accepted domain exists. */
    recipients: z.array(emailAddress).optional(),
  });

  const mxRecord = z.union([
    z.string().trim().min(1).transform((exchange) => ({ preference: 10, exchange: exchange.toLowerCase() })),
    object({ preference: z.number().int().min(0).max(65535), exchange: z.string().trim().min(1).transform((s) => s.toLowerCase()) }),
  ]);

  const dnsRecordsSchema = object({
    txt: z.array(z.string()).optional(),
    mx: z.array(mxRecord).optional(),
    a: z.array(ipv4Address).optional(),
    aaaa: z.array(z.string()).optional(),
    /** PTR records, under the reverse name (40.30.20.10.in-addr.arpa): what SPF's ptr and %{p} read. */
    ptr: z.array(z.string().trim().min(1).transform((s) => s.toLowerCase().replace(/\.$/, ""))).optional(),
  });

  const certificateSchema = object({
    /** A host name, or the subject DN as Get-ExchangeCertificate prints it; the CN is kept. */
    subject: z
      .string()
      .refine((s) => !isDnWithoutCommonName(s), { message: "is a distinguished name without CN=; give the certificate's host name (its CN or a SAN), e.g. mail.contoso.com", abort: true })
      .transform(commonNameOf)
      .pipe(wildcardDomain),
    san: z.array(wildcardDomain).default([]),
  });

  const onPremServerSchema = object({
    name: z.string().trim().min(1),
    /** The public IPv4 addresses EOP and the internet see when this server sends. */
    egressIps: z.array(ipv4Address).min(1, "list the public IPv4 address(es) this server sends from"),
    helo: z.string().trim().optional(),
  });

  const sendConnectorSchema = object({
    name: z.string().trim().min(1),
    enabled: z.boolean().default(true),
    /** `*`, `contoso.com`, `*.contoso.com` or the stored form `smtp:contoso.com;1`. */
    addressSpaces: z.array(senderDomainPattern).min(1, "a send connector needs at least one address space, e.g. * or tenant.mail.onmicrosoft.com"),
    /** Empty means DNS (MX) routing. */
    smartHosts: z.array(z.string().trim().min(1).transform((s) => s.toLowerCase())).default([]),
    sourceServers: z.array(z.string().trim().min(1)).min(1, "name the servers (from onPremises.servers) that use this connector"),
    /** The certificate this connector presents (TlsCertificateName); null when none is presented. */
    certificate: certificateSchema.nullable().default(null),
    cloudServicesMailEnabled: z.boolean().default(false),
    requireTls: z.boolean().default(true),
  });

  const onPremisesSchema = object({
    name: z.string().trim().min(1),
    /** The tenant (world `tenants[].id`) this organization is in hybrid with. */
    tenant: z.string().trim().min(1),
    servers: z.array(onPremServerSchema).min(1, "list the on-premises servers that send mail"),
    sendConnectors: z.array(sendConnectorSchema).min(1, "list the on-premises send connectors"),
    /** Domains on-premises users and applications send as (P1 MAIL FROM), including on-premises-only ones. */
    senderDomains: z.array(domainName).min(1, "list the domains on-premises senders use in MAIL FROM"),
    /** On-premises generates NDRs, out-of-office and other null-sender (`<>`) mail. */
    sendsNullSender: z.boolean().default(true),
    /** P1 domains of foreign senders whose mail on-premises forwards (forwarding rules, mailing lists). */
    forwardedSenderDomains: z.array(domainName).default([]),
    /** Domains whose mailboxes live on-premises (recipient class "own on-premises"). */
    mailboxDomains: z.array(domainName).default([]),
  });

  const suppressionSchema = object({
    rule: z.string().trim().min(1),
    /** The resource a finding names (e.g. `inboundConnector:FIRMA/Inbound from on-prem`), or `*`. */
    resource: z.string().trim().min(1).default("*"),
    reason: z.string().trim().min(10, "give a written reason of at least 10 characters, so reviewers know why the risk is accepted"),
  });

  const worldSchema = object({
    tenants: z.array(tenantSchema).min(1, "a world needs at least one tenant"),
    internetDomains: z.array(domainName).default([]),
    dns: z.record(z.string().transform((s) => s.toLowerCase().replace(/\.$/, "")), dnsRecordsSchema).default({}),
    onPremises: z.array(onPremisesSchema).default([]),
    suppressions: z.array(suppressionSchema).default([]),
  });

  const messageSchema = z
    .object({
      forest: forestName,
      tls: certificateSchema.nullable().optional(),
      starttls: z.boolean().default(true),
      connectingIp: ipv4Address.optional(),
      mailFrom: reversePath,
      rcptTo: z.array(emailAddress).min(1, "give at least one RCPT TO address"),
      mailboxTenant: z.string().trim().min(1).optional(),
      /** The on-premises send connector's CloudServicesMailEnabled; unknown means the HCW default ($true). */
      senderCloudServicesMailEnabled: z.boolean().optional(),
      helo: z.string().trim().optional(),
    })
    .superRefine((m, ctx) => {
      if (m.mailboxTenant === undefined && m.connectingIp === undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["connectingIp"],
          message: "give connectingIp (the sending server's public IPv4) or mailboxTenant (a cloud mailbox sender)",
        });
      }
    });

  const scenarioSchema = object({
    id: z.string().optional(),
    title: z.string().optional(),
    basis: z.string().optional(),
    world: worldSchema,
    message: messageSchema,
    expect: z.record(z.string(), z.unknown()).optional(),
  });

  return {
    acceptedDomainSchema,
    inboundConnectorSchema,
    outboundConnectorSchema,
    tenantSchema,
    mxRecord,
    dnsRecordsSchema,
    certificateSchema,
    onPremServerSchema,
    sendConnectorSchema,
    onPremisesSchema,
    suppressionSchema,
    worldSchema,
    messageSchema,
    scenarioSchema,
  };
}

export const strictSchemas = defineSchemas(z.strictObject as unknown as typeof z.object);
export const lenientSchemas = defineSchemas(z.object);
const { worldSchema, dnsRecordsSchema, certificateSchema, messageSchema, scenarioSchema } = lenientSchemas;
export { worldSchema, messageSchema, scenarioSchema };

export type {
  AcceptedDomain,
  Certificate,
  DnsRecords,
  InboundConnector,
  Message,
  MessageInput,
  OnPremises,
  OnPremServer,
  OutboundConnector,
  Scenario,
  SendConnector,
  Suppression,
  Tenant,
  World,
  WorldInput,
} from "./types";

/**
 * The written-out types of `types.ts` must say what the schemas say: if a schema changes, one of these
 * lines stops compiling, naming the type to update. (Public declarations use `types.ts`, never zod's types.)
 */
type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Optional fields made required, at every depth, so a field missing on one side is a difference too. */
type DeepRequired<T> = T extends ReadonlyArray<infer E> ? DeepRequired<E>[] : T extends object ? { [K in keyof T]-?: DeepRequired<Exclude<T[K], undefined>> } : T;
type Same<A, B> = Mutual<A, B> extends true ? Mutual<DeepRequired<A>, DeepRequired<B>> : false;
type Agrees<T extends true> = T;
export type SchemaAgreement = [
  Agrees<Same<types.World, z.output<typeof worldSchema>>>,
  Agrees<Same<types.Message, z.output<typeof messageSchema>>>,
  Agrees<Same<types.Scenario, z.output<typeof scenarioSchema>>>,
  Agrees<Same<types.DnsRecords, z.output<typeof dnsRecordsSchema>>>,
  Agrees<Same<types.Certificate, z.output<typeof certificateSchema>>>,
  Agrees<Same<types.WorldInput, z.input<typeof worldSchema>>>,
  Agrees<Same<types.MessageInput, z.input<typeof messageSchema>>>,
];
