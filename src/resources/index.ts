export { InboundConnector, inboundConnectorProvider, type InboundConnectorArgs } from "./inbound-connector";
export { OutboundConnector, outboundConnectorProvider, type OutboundConnectorArgs } from "./outbound-connector";
export { AcceptedDomain, acceptedDomainProvider, type AcceptedDomainArgs } from "./accepted-domain";
export {
  TenantDomain,
  TenantDomainVerification,
  tenantDomainProvider,
  tenantDomainVerificationProvider,
  type DnsRecordOutput,
  type TenantDomainArgs,
  type TenantDomainVerificationArgs,
} from "./tenant-domain";
export { InvalidInputError, ObjectExistsError, UNKNOWN } from "./provider-support";
export { resetRunState } from "./run-state";
