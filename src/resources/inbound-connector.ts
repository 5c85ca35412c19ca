/**
 * `InboundConnector`: an Exchange Online inbound connector (New/Set/Get/Remove-InboundConnector).
 * Settings left out are not managed. Credentials come from the environment of the Pulumi run;
 * see docs/exchange-and-graph.md.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ConnectorSource, ConnectorType } from "../core/exchange/settings";
import type { CloudName } from "../identity/clouds";
import { moduleSpecifier } from "./provider-shell";

const OPERATIONS = moduleSpecifier(require.resolve("./connector-operations"));
type Operations = typeof import("./connector-operations");
// A checkout's specifier is relative to the program folder, the provider process's working directory.
const operations = (): Operations => require(OPERATIONS.startsWith(".") ? require("node:path").resolve(OPERATIONS) : OPERATIONS);

export interface InboundConnectorArgs {
  /** The connector's name (at most 64 characters); it can be renamed in place. */
  name: pulumi.Input<string>;
  /** `OnPremises` for your own servers, `Partner` for another organization or service. */
  connectorType: pulumi.Input<ConnectorType>;
  /** Domains the connector takes mail from: `*`, `contoso.com` or `*.contoso.com`. */
  senderDomains?: pulumi.Input<pulumi.Input<string>[]>;
  enabled?: pulumi.Input<boolean>;
  comment?: pulumi.Input<string>;
  connectorSource?: pulumi.Input<ConnectorSource>;
  requireTls?: pulumi.Input<boolean>;
  /** Partner only. */
  restrictDomainsToCertificate?: pulumi.Input<boolean>;
  /** Partner only. */
  restrictDomainsToIPAddresses?: pulumi.Input<boolean>;
  /** IPv4 addresses or CIDR blocks from /24 to /32. */
  senderIPAddresses?: pulumi.Input<pulumi.Input<string>[]>;
  /** The subject (or SAN) of the sending servers' certificate: `mail.contoso.com` or `*.contoso.com`. */
  tlsSenderCertificateName?: pulumi.Input<string>;
  /** OnPremises only, and not with cloudServicesMailEnabled. */
  treatMessagesAsInternal?: pulumi.Input<boolean>;
  cloudServicesMailEnabled?: pulumi.Input<boolean>;
  associatedAcceptedDomains?: pulumi.Input<pulumi.Input<string>[]>;
  trustedOrganizations?: pulumi.Input<pulumi.Input<string>[]>;
  /** Enhanced Filtering: public IPs of hops in front of Exchange Online to skip. */
  efSkipIPs?: pulumi.Input<pulumi.Input<string>[]>;
  efSkipLastIP?: pulumi.Input<boolean>;
  efUsers?: pulumi.Input<pulumi.Input<string>[]>;
  /** Only settable at creation: changing it replaces the connector. */
  clientHostNames?: pulumi.Input<pulumi.Input<string>[]>;
  /** The tenant (GUID or onmicrosoft.com domain); defaults to AZURE_TENANT_ID. */
  tenantId?: pulumi.Input<string>;
  /** commercial (default), gcc, gcchigh, dod or china; defaults to HYBRID_MAILFLOW_CLOUD. */
  cloud?: pulumi.Input<CloudName>;
  /** Take over an existing connector of the same name and apply these settings to it. */
  adopt?: pulumi.Input<boolean>;
}

/** The provider Pulumi runs; exported so tests and tools can drive it directly. */
export const inboundConnectorProvider: pulumi.dynamic.ResourceProvider = {
  check: (olds, news) => operations().check("InboundConnector", olds, news),
  diff: (id, olds, news) => operations().diff("InboundConnector", id, olds, news),
  create: (inputs) => operations().create("InboundConnector", inputs),
  read: (id, props) => operations().read("InboundConnector", id, props ?? {}),
  update: (id, olds, news) => operations().update("InboundConnector", id, olds, news),
  delete: (id, props) => operations().remove("InboundConnector", id, props),
};

export class InboundConnector extends pulumi.dynamic.Resource {
  /** The connector's Guid, which is also the resource ID (names can change, Guids do not). */
  declare readonly guid: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly tenantId: pulumi.Output<string>;
  declare readonly cloud: pulumi.Output<CloudName>;
  /** True when an existing connector of this name was taken over instead of created. */
  declare readonly adoptedExisting: pulumi.Output<boolean>;

  constructor(name: string, args: InboundConnectorArgs, opts?: pulumi.CustomResourceOptions) {
    super(inboundConnectorProvider, name, { guid: undefined, tenantId: undefined, cloud: undefined, adoptedExisting: undefined, ...args }, opts, "hybrid-mailflow", "InboundConnector");
  }
}
