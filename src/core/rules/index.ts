/** Every rule `check` and the policy pack run, in id order. */
import { attr36Risk } from "./attr36-risk";
import { broadConnectorIp, looseConnectorIp } from "./broad-connector-ip";
import { certificateDomainNotAccepted } from "./certificate-domain-not-accepted";
import { certificateSharedAcrossTenants } from "./certificate-shared-across-tenants";
import { dbebOnPremisesRecipients } from "./dbeb-on-premises-recipients";
import { forestAssignment } from "./forest-assignment";
import { hybridMailNotAttributed } from "./hybrid-mail-not-attributed";
import { internalRelayWithoutOutbound } from "./internal-relay-without-outbound";
import { ipSharedAcrossTenants } from "./ip-shared-across-tenants";
import { matchSubDomainsAuthoritative } from "./match-subdomains-authoritative";
import { mxRouting } from "./mx-routing";
import { partnerParametersOnOnPremises } from "./partner-parameters-on-onpremises";
import { relayDenied } from "./relay-denied";
import { Rule } from "./rule";
import { spfMissingSenders } from "./spf-missing-senders";
import { spfPtrMechanism } from "./spf-ptr-mechanism";
import { spfRecordLimits } from "./spf-record-limits";
import { spfTargetNotDescribed } from "./spf-target-not-described";
import { tenantCapture } from "./tenant-capture";
import { tenantCaptureSpfFail } from "./tenant-capture-spf-fail";

export const ALL_RULES: readonly Rule[] = [
  attr36Risk,
  relayDenied,
  tenantCaptureSpfFail,
  tenantCapture,
  certificateDomainNotAccepted,
  ipSharedAcrossTenants,
  certificateSharedAcrossTenants,
  internalRelayWithoutOutbound,
  dbebOnPremisesRecipients,
  matchSubDomainsAuthoritative,
  spfMissingSenders,
  spfRecordLimits,
  partnerParametersOnOnPremises,
  broadConnectorIp,
  mxRouting,
  looseConnectorIp,
  hybridMailNotAttributed,
  forestAssignment,
  spfTargetNotDescribed,
  spfPtrMechanism,
];

export function ruleById(id: string): Rule | undefined {
  return ALL_RULES.find((r) => r.id === id);
}

export type { Rule, WorldRule, FlowRule, FlowObserver, Finding, Severity, RuleFinding, CheckContext, WorldPart } from "./rule";
export { WORLD_PARTS } from "./rule";
