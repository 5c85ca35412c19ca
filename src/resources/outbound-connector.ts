/**
 * `OutboundConnector`: an Exchange Online outbound connector (New/Set/Get/Remove-OutboundConnector).
 * Settings left out are not managed. Credentials come from the environment of the Pulumi run;
 * see docs/exchange-and-graph.md.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ConnectorSource, ConnectorType, MtaStsMode, SmtpDaneMode, TlsSettings } from "../core/exchange/settings";
import type { CloudName } from "../identity/clouds";
import { moduleSpecifier } from "./provider-shell";

const OPERATIONS = moduleSpecifier(require.resolve("./connector-operations"));
type Operations = typeof import("./connector-operations");
// A checkout's specifier is relative to the program folder, the provider process's working directory.
const operations = (): Operations => require(OPERATIONS.startsWith(".") ? require("node:path").resolve(OPERATIONS) : OPERATIONS);

export interface OutboundConnectorArgs {
  /** The connector's name (at most 64 characters); it can be renamed in place. */
  name: pulumi.Input<string>;
  connectorType: pulumi.Input<ConnectorType>;
  enabled?: pulumi.Input<boolean>;
  comment?: pulumi.Input<string>;
  connectorSource?: pulumi.Input<ConnectorSource>;
  /** Destination domains: `*`, `contoso.com` or `*.contoso.com`. */
  recipientDomains?: pulumi.Input<pulumi.Input<string>[]>;
  /** OnPremises only: use the connector for every accepted domain. */
  allAcceptedDomains?: pulumi.Input<boolean>;
  /** Host names, IPv4 addresses or CIDR blocks; needs useMxRecord: false. */
  smartHosts?: pulumi.Input<pulumi.Input<string>[]>;
  useMxRecord?: pulumi.Input<boolean>;
  tlsSettings?: pulumi.Input<TlsSettings>;
  /** Only with tlsSettings: DomainValidation. */
  tlsDomain?: pulumi.Input<string>;
  isTransportRuleScoped?: pulumi.Input<boolean>;
  /** OnPremises only (centralized mail transport). */
  routeAllMessagesViaOnPremises?: pulumi.Input<boolean>;
  cloudServicesMailEnabled?: pulumi.Input<boolean>;
  /** OnPremises only (Sender Rewriting Scheme). */
  senderRewritingEnabled?: pulumi.Input<boolean>;
  testMode?: pulumi.Input<boolean>;
  mtaStsMode?: pulumi.Input<MtaStsMode>;
  smtpDaneMode?: pulumi.Input<SmtpDaneMode>;
  /** Applied with Set-OutboundConnector right after creation. */
  validationRecipients?: pulumi.Input<pulumi.Input<string>[]>;
  isValidated?: pulumi.Input<boolean>;
  /** ISO 8601 UTC, e.g. "2026-05-06T14:30:00Z". */
  lastValidationTimestamp?: pulumi.Input<string>;
  tenantId?: pulumi.Input<string>;
  cloud?: pulumi.Input<CloudName>;
  /** Take over an existing connector of the same name and apply these settings to it. */
  adopt?: pulumi.Input<boolean>;
}

export const outboundConnectorProvider: pulumi.dynamic.ResourceProvider = {
  check: (olds, news) => operations().check("OutboundConnector", olds, news),
  diff: (id, olds, news) => operations().diff("OutboundConnector", id, olds, news),
  create: (inputs) => operations().create("OutboundConnector", inputs),
  read: (id, props) => operations().read("OutboundConnector", id, props ?? {}),
  update: (id, olds, news) => operations().update("OutboundConnector", id, olds, news),
  delete: (id, props) => operations().remove("OutboundConnector", id, props),
};

export class OutboundConnector extends pulumi.dynamic.Resource {
  declare readonly guid: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly tenantId: pulumi.Output<string>;
  declare readonly cloud: pulumi.Output<CloudName>;
  declare readonly adoptedExisting: pulumi.Output<boolean>;

  constructor(name: string, args: OutboundConnectorArgs, opts?: pulumi.CustomResourceOptions) {
    super(outboundConnectorProvider, name, { guid: undefined, tenantId: undefined, cloud: undefined, adoptedExisting: undefined, ...args }, opts, "hybrid-mailflow", "OutboundConnector");
  }
}
