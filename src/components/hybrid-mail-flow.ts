/**
 * `HybridMailFlow`: the Exchange Online side of an Exchange hybrid. From the on-premises facts (the
 * same shape a world file uses) it derives a certificate-based inbound connector that trusts only
 * the hybrid certificate's exact name, an outbound connector to on-premises with smart hosts and
 * domain-validated TLS, and a `MailDomain` per domain whose SPF authorizes the on-premises egress IPs
 * and Exchange Online. It records the on-premises facts in the stack so the policy pack can simulate
 * the result at preview time (src/core/stack/contract.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import { RECORD_PROPERTY, TOKENS, type HybridMailFlowRecord } from "../core/stack/contract";
import { InboundConnector, OutboundConnector } from "../resources";
import type { DnsRecord } from "./dns-records";
import { logWarnings, validateHybridMailFlowArgs, type HybridMailFlowArgs, type HybridMailFlowSettings } from "./hybrid-mail-flow-args";
import { MailDomain } from "./mail-domain";


/** Exchange hybrid mail flow for one tenant and one on-premises organization. */
export class HybridMailFlow extends pulumi.ComponentResource {
  /** The inbound connector's name. */
  public readonly inboundConnectorName: pulumi.Output<string>;
  /** The TlsSenderCertificateName the inbound connector trusts (undefined for IP-based connectors). */
  public readonly tlsSenderCertificateName: pulumi.Output<string | undefined>;
  /** The outbound connector's name, or undefined when there is none. */
  public readonly outboundConnectorName: pulumi.Output<string | undefined>;
  /** The domains, in the order declared. */
  public readonly domainNames: pulumi.Output<string[]>;
  /** Every DNS record set of every domain ({name, type, ttl, values}). */
  public readonly records: pulumi.Output<DnsRecord[]>;

  constructor(name: string, args: HybridMailFlowArgs, opts?: pulumi.ComponentResourceOptions) {
    const settings = validateHybridMailFlowArgs(args);
    const record = hybridMailFlowRecord(settings);
    super(TOKENS.hybridMailFlow, name, { ...args, [RECORD_PROPERTY]: record }, opts);
    logWarnings(settings, this);
    const child = { parent: this };
    const identity = { tenantId: settings.tenantId, cloud: settings.cloud };

    // The outbound connector exists before domains become InternalRelay, so unknown recipients have a way on-premises.
    const outbound = settings.outbound
      ? new OutboundConnector(
          `${name}-to-onprem`,
          {
            name: settings.outbound.name,
            connectorType: "OnPremises",
            recipientDomains: settings.outbound.recipientDomains,
            smartHosts: settings.outbound.smartHosts,
            useMxRecord: false,
            tlsSettings: "DomainValidation",
            tlsDomain: settings.outbound.tlsDomain,
            routeAllMessagesViaOnPremises: settings.outbound.routeAllMessagesViaOnPremises,
            cloudServicesMailEnabled: settings.outbound.cloudServicesMailEnabled,
            ...identity,
          },
          child,
        )
      : undefined;

    const mailDomains = new Map<string, MailDomain>();
    for (const d of settings.domains) {
      const needsRoute = outbound && (d.settings.domainType === "InternalRelay" || d.settings.mx === "onPremises");
      mailDomains.set(d.settings.domain, new MailDomain(`${name}-${d.settings.domain}`, d.args, { ...child, ...(needsRoute ? { dependsOn: [outbound] } : {}) }));
    }

    // The connector trusts a name only once that name is an accepted domain (MC1226222).
    const certificateDomain = settings.inbound.certificateDomain ? mailDomains.get(settings.inbound.certificateDomain) : undefined;
    new InboundConnector(
      `${name}-from-onprem`,
      {
        name: settings.inbound.name,
        connectorType: "OnPremises",
        senderDomains: ["*"],
        requireTls: settings.inbound.requireTls,
        cloudServicesMailEnabled: settings.inbound.cloudServicesMailEnabled,
        ...(settings.inbound.tlsSenderCertificateName ? { tlsSenderCertificateName: settings.inbound.tlsSenderCertificateName } : {}),
        ...(settings.inbound.senderIPAddresses ? { senderIPAddresses: settings.inbound.senderIPAddresses } : {}),
        ...identity,
      },
      { ...child, ...(certificateDomain ? { dependsOn: [certificateDomain] } : {}) },
    );

    this.inboundConnectorName = pulumi.output(settings.inbound.name);
    this.tlsSenderCertificateName = pulumi.output(settings.inbound.tlsSenderCertificateName);
    this.outboundConnectorName = pulumi.output(settings.outbound?.name);
    this.domainNames = pulumi.output(settings.domains.map((d) => d.settings.domain));
    this.records = pulumi.all([...mailDomains.values()].map((m) => m.records)).apply((lists) => lists.flat());
    this.registerOutputs({
      inboundConnectorName: this.inboundConnectorName,
      tlsSenderCertificateName: this.tlsSenderCertificateName,
      outboundConnectorName: this.outboundConnectorName,
      domainNames: this.domainNames,
      records: this.records,
      [RECORD_PROPERTY]: record,
    });
  }
}

/** What the policy pack reads back (src/core/stack/contract.ts). */
export function hybridMailFlowRecord(settings: HybridMailFlowSettings): HybridMailFlowRecord {
  return {
    schemaVersion: 1,
    tenantId: settings.tenantId,
    forest: settings.forest,
    initialDomain: settings.initialDomain,
    onPremises: [settings.onPremises],
  };
}
