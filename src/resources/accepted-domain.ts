/**
 * `AcceptedDomain`: the Exchange Online settings of an accepted domain. Exchange Online cannot
 * create or delete accepted domains, so this adopts one that exists (waiting for it to appear
 * after the tenant domain is verified) and restores its earlier settings when deleted.
 */
import * as pulumi from "@pulumi/pulumi";
import type { AcceptedDomainType } from "../core/exchange/settings";
import type { CloudName } from "../identity/clouds";
import { moduleSpecifier } from "./provider-shell";

const OPERATIONS = moduleSpecifier(require.resolve("./accepted-domain-operations"));
type Operations = typeof import("./accepted-domain-operations");
// A checkout's specifier is relative to the program folder, the provider process's working directory.
const operations = (): Operations => require(OPERATIONS.startsWith(".") ? require("node:path").resolve(OPERATIONS) : OPERATIONS);

export interface AcceptedDomainArgs {
  /** The domain, e.g. contoso.com; it must already be (or become) an accepted domain of the tenant. */
  domainName: pulumi.Input<string>;
  /** Authoritative (recipients live in this tenant) or InternalRelay (unknown recipients go on via an outbound connector). */
  domainType?: pulumi.Input<AcceptedDomainType>;
  /** Only with InternalRelay: also accept mail for every subdomain. */
  matchSubDomains?: pulumi.Input<boolean>;
  outboundOnly?: pulumi.Input<boolean>;
  sendingFromDomainDisabled?: pulumi.Input<boolean>;
  sendingToDomainDisabled?: pulumi.Input<boolean>;
  tenantId?: pulumi.Input<string>;
  cloud?: pulumi.Input<CloudName>;
}

export const acceptedDomainProvider: pulumi.dynamic.ResourceProvider = {
  check: (olds, news) => operations().check(olds, news),
  diff: (id, olds, news) => operations().diff(id, olds, news),
  create: (inputs) => operations().create(inputs),
  read: (id, props) => operations().read(id, props ?? {}),
  update: (id, olds, news) => operations().update(id, olds, news),
  delete: (id, props) => operations().remove(id, props),
};

export class AcceptedDomain extends pulumi.dynamic.Resource {
  declare readonly domainName: pulumi.Output<string>;
  declare readonly guid: pulumi.Output<string>;
  declare readonly tenantId: pulumi.Output<string>;
  declare readonly cloud: pulumi.Output<CloudName>;
  /** The managed settings as they were before this resource changed them; restored on delete. */
  declare readonly originalSettings: pulumi.Output<Record<string, unknown>>;

  constructor(name: string, args: AcceptedDomainArgs, opts?: pulumi.CustomResourceOptions) {
    super(acceptedDomainProvider, name, { guid: undefined, tenantId: undefined, cloud: undefined, originalSettings: undefined, ...args }, opts, "hybrid-mailflow", "AcceptedDomain");
  }
}
