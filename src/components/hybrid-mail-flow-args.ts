/**
 * `HybridMailFlow`'s arguments: the tenant, the on-premises organization in the world file's shape
 * (so one description serves `hybrid-mailflow check`, the policy pack and the deployment), the mail
 * domains, and how the two connectors are set up. Validation derives every connector setting from
 * those facts and refuses the configurations Microsoft calls anti-patterns before anything is created.
 */
import * as pulumi from "@pulumi/pulumi";
import { domainName as domainNameSchema } from "../core/model/schema";
import type { OnPremises } from "../core/model/types";
import { isAtOrBelow, patternCovers, wildcardBase } from "../core/domains";
import type { CloudName } from "../identity/clouds";
import { ComponentInputError, type ComponentInputIssue } from "./input-error";
import { certificateMatches, certificateNames, parseOnPremises } from "./on-premises-facts";
import { validateMailDomainArgs, type MailDomainArgs, type MailDomainSettings, type MicrosoftCloud } from "./mail-domain-args";

/** A certificate an on-premises send connector presents (its TlsCertificateName). */
export interface CertificateArgs {
  /** The subject name, e.g. `hybrid.contoso.com`. */
  subject: string;
  /** Subject alternative names. */
  san?: string[];
}

/** An on-premises server that sends mail. */
export interface OnPremServerArgs {
  /** The server's name, as send connectors list it in sourceServers. */
  name: string;
  /** The public IPv4 addresses Exchange Online and the internet see when this server sends. */
  egressIps: string[];
  /** The name the server gives in HELO/EHLO. */
  helo?: string;
}

/** An on-premises send connector (Get-SendConnector). */
export interface SendConnectorArgs {
  /** The connector's name. */
  name: string;
  /** Default true. */
  enabled?: boolean;
  /** `*`, `contoso.com`, `*.contoso.com` or `contoso.mail.onmicrosoft.com` (the Hybrid Configuration Wizard's connector). */
  addressSpaces: string[];
  /** Smart hosts; empty means DNS (MX) routing. */
  smartHosts?: string[];
  /** Names of servers (from servers) that use this connector. */
  sourceServers: string[];
  /** The certificate the connector presents; leave out when it presents none. */
  certificate?: CertificateArgs;
  /** CloudServicesMailEnabled, as the Hybrid Configuration Wizard sets it on its connector. Default false. */
  cloudServicesMailEnabled?: boolean;
  /** RequireTLS. Default true. */
  requireTls?: boolean;
}

/** The on-premises Exchange organization, in the `onPremises` shape of a world file (without `tenant`). */
export interface OnPremisesArgs {
  /** A name for the organization, used in connector names. */
  name: string;
  /** The servers that send mail. */
  servers: OnPremServerArgs[];
  /** The send connectors. */
  sendConnectors: SendConnectorArgs[];
  /** Domains on-premises users and applications send as (MAIL FROM), including on-premises-only ones. */
  senderDomains: string[];
  /** On-premises sends NDRs, out-of-office and other null-sender mail. Default true. */
  sendsNullSender?: boolean;
  /** Domains of foreign senders whose mail on-premises forwards. */
  forwardedSenderDomains?: string[];
  /** Domains whose mailboxes (some or all) live on-premises. */
  mailboxDomains?: string[];
}

/** How Exchange Online recognises the on-premises servers: by certificate (recommended by Microsoft) or by IP address. */
export const InboundAuthentication = { certificate: "certificate", ipAddress: "ipAddress" } as const;
export type InboundAuthentication = (typeof InboundAuthentication)[keyof typeof InboundAuthentication];

/** The inbound (OnPremises) connector that lets on-premises mail relay through Exchange Online. */
export interface InboundConnectorOptions {
  /** The connector's name. Default `Inbound from <onPremises.name>`. */
  name?: string;
  /** Default `certificate`. */
  authentication?: InboundAuthentication;
  /**
   * TlsSenderCertificateName. Default: the exact subject of the certificate the hybrid send connector presents.
   * It must itself be one of `domains` (a name dedicated to this organization's hybrid certificate,
   * e.g. hybrid.contoso.com), or `*.<one of domains>`; Microsoft calls anything else an anti-pattern (MC1226222).
   */
  tlsSenderCertificateName?: string;
  /** The on-premises send connector that sends to Exchange Online. Default: the one with cloudServicesMailEnabled, else the one whose address space is a *.mail.onmicrosoft.com domain. */
  hybridSendConnector?: string;
  /** CloudServicesMailEnabled (keeps hybrid mail internal). Default true. */
  cloudServicesMailEnabled?: boolean;
  /** RequireTls. Default true. */
  requireTls?: boolean;
}

/** The outbound (OnPremises) connector from Exchange Online to on-premises. */
export interface OutboundConnectorOptions {
  /** The connector's name. Default `Outbound to <onPremises.name>`. */
  name?: string;
  /** The on-premises hosts that receive mail from Exchange Online, e.g. `hybrid.contoso.com`. */
  smartHosts: string[];
  /** The name the on-premises receive certificate must have (TlsSettings DomainValidation). Default: the first smart host. */
  tlsDomain?: string;
  /** Domains routed to on-premises. Default: the InternalRelay domains, the domains whose MX points on-premises and onPremises.mailboxDomains. */
  recipientDomains?: string[];
  /** Centralized mail transport: route all of Exchange Online's outbound mail via on-premises (RouteAllMessagesViaOnPremises). Default false. */
  centralizedMailTransport?: boolean;
  /** CloudServicesMailEnabled. Default true. */
  cloudServicesMailEnabled?: boolean;
}

/** Publish all domains in Azure DNS unless a domain says otherwise. */
export interface AzureDnsDefaultsArgs {
  /** The resource group that holds the zones. */
  resourceGroupName: string;
}

export interface HybridMailFlowArgs {
  /** The tenant: its GUID or `contoso.onmicrosoft.com`. */
  tenantId: string;
  /** The EOP forest (region) the tenant lives in, e.g. `EUR` or `NAM`; checks compare tenants within a forest. */
  forest: string;
  /** The tenant's initial domain, e.g. `contoso.onmicrosoft.com`. */
  initialDomain: string;
  /** The Microsoft cloud: commercial (default), gcc, gcchigh, dod or china. */
  cloud?: MicrosoftCloud;
  /** The on-premises organization in hybrid with the tenant. */
  onPremises: OnPremisesArgs;
  /** The mail domains; each becomes a MailDomain. tenantId and cloud are taken from this component. */
  domains: MailDomainArgs[];
  /** Azure DNS defaults for every domain (a domain's own dns.zoneName defaults to the domain itself). Default: nothing is published. */
  dns?: AzureDnsDefaultsArgs;
  /** The inbound connector from on-premises. Default: certificate-based, derived from onPremises. */
  inboundConnector?: InboundConnectorOptions;
  /** The outbound connector to on-premises. Default: none; required when a domain is InternalRelay or has mailboxes on-premises. */
  outboundConnector?: OutboundConnectorOptions;
  /** Add the on-premises servers' egress IPs (ip4:) to the SPF record of every on-premises sender domain. Default true. */
  spfIncludesOnPremises?: boolean;
}

export interface HybridMailFlowSettings {
  readonly tenantId: string;
  readonly forest: string;
  readonly initialDomain: string;
  readonly cloud: CloudName;
  readonly onPremises: OnPremises;
  readonly domains: readonly { readonly args: MailDomainArgs; readonly settings: MailDomainSettings }[];
  readonly inbound: {
    readonly name: string;
    readonly tlsSenderCertificateName?: string;
    readonly senderIPAddresses?: string[];
    readonly cloudServicesMailEnabled: boolean;
    readonly requireTls: boolean;
    /** The domain whose MailDomain must exist before the connector (the certificate's accepted domain). */
    readonly certificateDomain?: string;
  };
  readonly outbound?: {
    readonly name: string;
    readonly smartHosts: string[];
    readonly tlsDomain: string;
    readonly recipientDomains: string[];
    readonly routeAllMessagesViaOnPremises: boolean;
    readonly cloudServicesMailEnabled: boolean;
  };
  /** Things worth a warning but not an error (e.g. tenant capture, FAQ 6(b)). */
  readonly warnings: readonly string[];
}

const CONNECTOR_NAME_MAX = 64;

function connectorName(given: string | undefined, fallback: string, field: string, issues: ComponentInputIssue[]): string {
  const name = (given ?? fallback).trim();
  if (given !== undefined && (name.length === 0 || name.length > CONNECTOR_NAME_MAX)) {
    issues.push({ field, problem: `must be 1 to ${CONNECTOR_NAME_MAX} characters`, fix: "give a shorter name" });
  }
  return name.slice(0, CONNECTOR_NAME_MAX);
}

export function validateHybridMailFlowArgs(args: HybridMailFlowArgs): HybridMailFlowSettings {
  const issues: ComponentInputIssue[] = [];
  const warnings: string[] = [];
  if (args === undefined || args === null) throw new ComponentInputError("args", "are required", "pass tenantId, forest, initialDomain, onPremises and domains");
  if (typeof args.tenantId !== "string" || args.tenantId.trim() === "") issues.push({ field: "tenantId", problem: "is required", fix: "give the tenant's GUID or its contoso.onmicrosoft.com domain" });
  if (typeof args.forest !== "string" || args.forest.trim() === "") issues.push({ field: "forest", problem: "is required", fix: "name the EOP forest of the tenant, e.g. EUR or NAM (Get-OrganizationConfig shows it in the tenant's region)" });
  const initial = domainNameSchema.safeParse(args.initialDomain ?? "");
  if (!initial.success) issues.push({ field: "initialDomain", problem: `"${args.initialDomain ?? ""}" is not a domain name`, fix: "give the tenant's initial domain, e.g. contoso.onmicrosoft.com" });
  if (!Array.isArray(args.domains) || args.domains.length === 0) issues.push({ field: "domains", problem: "lists no domain", fix: "declare at least one mail domain, e.g. [{ domain: \"contoso.com\" }]" });
  if (issues.length > 0) throw new ComponentInputError(issues, "HybridMailFlow");

  const tenantId = args.tenantId.trim();
  const cloud = args.cloud ?? "commercial";
  const onPremises = parseOnPremises(args.onPremises, tenantId);
  const allEgressIps = [...new Set(onPremises.servers.flatMap((s) => s.egressIps))];
  const onPremSenders = new Set(onPremises.senderDomains);

  // Domains: each validated as a MailDomain would be, with the component's tenant, cloud, DNS and on-premises senders filled in.
  const seen = new Map<string, number>();
  const domains = args.domains.map((d, i) => {
    const field = `domains[${i}]`;
    try {
      if (d.tenantId !== undefined && d.tenantId !== tenantId) {
        throw new ComponentInputError(`${field}.tenantId`, `"${d.tenantId}" differs from tenantId "${tenantId}"`, "leave it out; every domain of a HybridMailFlow belongs to its tenant");
      }
      const name = typeof d.domain === "string" ? d.domain.trim().toLowerCase() : "";
      const sendsFromOnPremises = onPremSenders.has(name) && (args.spfIncludesOnPremises ?? true) && (d.manageSpf ?? true);
      const spf = sendsFromOnPremises ? { ...d.spf, ip4: [...new Set([...allEgressIps, ...(d.spf?.ip4 ?? [])])] } : d.spf;
      const dnsArgs = args.dns || d.dns ? { ...d.dns, resourceGroupName: d.dns?.resourceGroupName ?? args.dns?.resourceGroupName ?? "" } : undefined;
      const full: MailDomainArgs = { ...d, tenantId, cloud, ...(spf ? { spf } : {}), ...(dnsArgs ? { dns: dnsArgs } : {}) };
      const settings = validateMailDomainArgs(full, field);
      const earlier = seen.get(settings.domain);
      if (earlier !== undefined) throw new ComponentInputError(`${field}.domain`, `${settings.domain} is already declared as domains[${earlier}]`, "declare each domain once");
      seen.set(settings.domain, i);
      return { args: full, settings };
    } catch (e) {
      if (e instanceof ComponentInputError) throw new ComponentInputError(e.issues, "HybridMailFlow");
      throw e;
    }
  });
  const declared = new Map(domains.map((d) => [d.settings.domain, d.settings]));
  for (const sender of onPremises.senderDomains) {
    if (!declared.has(sender)) warnings.push(`onPremises.senderDomains: ${sender} is not one of domains, so its SPF record and accepted domain are not managed here; make sure its SPF authorizes ${allEgressIps.join(", ")}.`);
  }

  // The inbound connector and the certificate it trusts.
  const inboundArgs = args.inboundConnector ?? {};
  const authentication = inboundArgs.authentication ?? "certificate";
  if (authentication !== "certificate" && authentication !== "ipAddress") issues.push({ field: "inboundConnector.authentication", problem: `"${authentication}" is not supported`, fix: "use certificate (recommended) or ipAddress" });
  const enabledConnectors = onPremises.sendConnectors.filter((c) => c.enabled);
  let hybridConnector = inboundArgs.hybridSendConnector !== undefined ? onPremises.sendConnectors.find((c) => c.name === inboundArgs.hybridSendConnector) : undefined;
  if (inboundArgs.hybridSendConnector !== undefined && !hybridConnector) {
    issues.push({ field: "inboundConnector.hybridSendConnector", problem: `no send connector named "${inboundArgs.hybridSendConnector}"`, fix: `use one of ${onPremises.sendConnectors.map((c) => c.name).join(", ")}` });
  }
  hybridConnector ??= enabledConnectors.find((c) => c.cloudServicesMailEnabled) ?? enabledConnectors.find((c) => c.addressSpaces.some((a) => a.endsWith(".mail.onmicrosoft.com")));

  let tlsSenderCertificateName: string | undefined;
  let senderIPAddresses: string[] | undefined;
  let certificateDomain: string | undefined;
  if (authentication === "certificate") {
    const given = inboundArgs.tlsSenderCertificateName?.trim().toLowerCase();
    tlsSenderCertificateName = given ?? hybridConnector?.certificate?.subject;
    if (!tlsSenderCertificateName) {
      issues.push({
        field: hybridConnector ? `onPremises.sendConnectors[${onPremises.sendConnectors.indexOf(hybridConnector)}].certificate` : "inboundConnector.hybridSendConnector",
        problem: hybridConnector ? `the hybrid send connector "${hybridConnector.name}" presents no certificate, so there is nothing to trust` : "no on-premises send connector sends to Exchange Online (none has cloudServicesMailEnabled or a *.mail.onmicrosoft.com address space)",
        fix: hybridConnector ? "give the connector its certificate { subject: hybrid.contoso.com }" : "describe the hybrid send connector in onPremises.sendConnectors, or name it in inboundConnector.hybridSendConnector",
      });
    } else {
      const base = wildcardBase(tlsSenderCertificateName);
      const accepted = declared.get(base);
      if (!accepted) {
        const parent = [...declared.keys()].find((d) => isAtOrBelow(base, d));
        issues.push({
          field: given ? "inboundConnector.tlsSenderCertificateName" : "inboundConnector.tlsSenderCertificateName (derived from the hybrid send connector's certificate)",
          problem:
            `${tlsSenderCertificateName} is not an accepted domain of the tenant (MC1226222): EOP attributes on-premises mail by the certificate's domain, and a name that is not accepted ` +
            `makes NDRs and forwarded mail fail with 550 5.7.64 ATTR36${parent ? ` (its parent ${parent} is not enough: Microsoft requires the name itself)` : ""}`,
          fix: `add { domain: "${base}" } to domains (a name dedicated to this organization's hybrid certificate), or use a certificate whose name is one of ${[...declared.keys()].join(", ")}`,
        });
      } else {
        certificateDomain = base;
        if (tlsSenderCertificateName.startsWith("*.")) {
          warnings.push(`inboundConnector.tlsSenderCertificateName ${tlsSenderCertificateName} is a wildcard: every certificate under ${base} that on-premises presents anywhere makes its mail Originating in this tenant (tenant capture, FAQ 6(b)); Microsoft recommends the exact name of the hybrid certificate.`);
        }
        if (hybridConnector && !certificateNames(hybridConnector.certificate).some((n) => certificateMatches(tlsSenderCertificateName!, n))) {
          issues.push({
            field: "inboundConnector.tlsSenderCertificateName",
            problem: `${tlsSenderCertificateName} does not match the certificate of the hybrid send connector "${hybridConnector.name}" (${certificateNames(hybridConnector.certificate).join(", ") || "none"}), so on-premises mail would be refused with 550 5.7.64 TenantAttribution`,
            fix: "use the name the hybrid send connector's certificate carries, or leave tlsSenderCertificateName out to derive it",
          });
        }
        const capturing = enabledConnectors.filter((c) => c !== hybridConnector && certificateNames(c.certificate).some((n) => certificateMatches(tlsSenderCertificateName!, n)));
        for (const c of capturing) {
          warnings.push(
            `onPremises send connector "${c.name}" presents a certificate that matches ${tlsSenderCertificateName}: its mail to other Microsoft 365 tenants is captured by this tenant and relayed from Exchange Online (FAQ 6(b)). Give the hybrid send connector its own certificate (e.g. hybrid.<domain>) and trust only that name.`,
          );
        }
      }
    }
  } else {
    if (!hybridConnector) {
      issues.push({ field: "inboundConnector.hybridSendConnector", problem: "no on-premises send connector sends to Exchange Online", fix: "describe it in onPremises.sendConnectors (cloudServicesMailEnabled: true), or name it here" });
    } else {
      const sources = new Set(hybridConnector.sourceServers);
      senderIPAddresses = [...new Set(onPremises.servers.filter((s) => sources.has(s.name)).flatMap((s) => s.egressIps))];
      warnings.push("inboundConnector.authentication ipAddress: Microsoft recommends certificate-based OnPremises connectors (MC1226222); make sure these IPs are not shared with any other organization.");
    }
  }
  const inbound = {
    name: connectorName(inboundArgs.name, `Inbound from ${onPremises.name}`, "inboundConnector.name", issues),
    ...(tlsSenderCertificateName ? { tlsSenderCertificateName } : {}),
    ...(senderIPAddresses ? { senderIPAddresses } : {}),
    cloudServicesMailEnabled: inboundArgs.cloudServicesMailEnabled ?? true,
    requireTls: inboundArgs.requireTls ?? true,
    ...(certificateDomain ? { certificateDomain } : {}),
  };

  // The outbound connector and the domains that need it.
  const needOnPremises = domains
    .filter((d) => d.settings.domainType === "InternalRelay" || d.settings.mx === "onPremises" || onPremises.mailboxDomains.includes(d.settings.domain))
    .map((d) => d.settings.domain);
  let outbound: HybridMailFlowSettings["outbound"];
  const out = args.outboundConnector;
  if (out) {
    const smartHosts = (out.smartHosts ?? []).map((h) => h.trim().toLowerCase());
    if (smartHosts.length === 0) issues.push({ field: "outboundConnector.smartHosts", problem: "is empty", fix: "list the on-premises hosts that receive mail from Exchange Online, e.g. [hybrid.contoso.com]; MX routing to on-premises loops when the MX points to Exchange Online (ATTR34)" });
    const recipientDomains = (out.recipientDomains ?? needOnPremises).map((d) => d.trim().toLowerCase());
    if (recipientDomains.length === 0 && !out.centralizedMailTransport) {
      issues.push({ field: "outboundConnector.recipientDomains", problem: "no domain is routed to on-premises", fix: "list the domains with on-premises recipients, or mark them InternalRelay, or list them in onPremises.mailboxDomains" });
    }
    for (const needed of needOnPremises) {
      if (!recipientDomains.some((p) => patternCovers(p, needed))) {
        issues.push({ field: "outboundConnector.recipientDomains", problem: `does not cover ${needed}, which has recipients on-premises`, fix: `add ${needed}` });
      }
    }
    const tlsDomain = (out.tlsDomain ?? smartHosts[0] ?? "").trim().toLowerCase();
    outbound = {
      name: connectorName(out.name, `Outbound to ${onPremises.name}`, "outboundConnector.name", issues),
      smartHosts,
      tlsDomain,
      recipientDomains,
      routeAllMessagesViaOnPremises: out.centralizedMailTransport ?? false,
      cloudServicesMailEnabled: out.cloudServicesMailEnabled ?? true,
    };
  } else {
    domains.forEach((d, i) => {
      if (d.settings.domainType === "InternalRelay") {
        issues.push({ field: `domains[${i}].domainType`, problem: `${d.settings.domain} is InternalRelay but there is no outbound connector to on-premises, so mail for on-premises recipients loops or bounces (554 5.4.14 ATTR34)`, fix: "give outboundConnector.smartHosts, or make the domain Authoritative" });
      }
    });
  }
  if (issues.length > 0) throw new ComponentInputError(issues, "HybridMailFlow");

  return { tenantId, forest: args.forest.trim(), initialDomain: initial.data!, cloud, onPremises, domains, inbound, ...(outbound ? { outbound } : {}), warnings };
}

/** Logged once per component so `pulumi preview` shows them next to the resource. */
export function logWarnings(settings: HybridMailFlowSettings, resource: pulumi.Resource): void {
  for (const w of settings.warnings) pulumi.log.warn(w, resource);
}
