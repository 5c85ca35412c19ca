import { isEopEndpoint } from "../domains";
import { Flow } from "../matrix/flows";
import { InboundConnector, SendConnector, Tenant } from "../model/schema";
import { HopResult } from "../result";
import { FlowGroup, findingFor, firstEopHop, groupedFlows } from "./flow-groups";
import { Rule, resourceId } from "./rule";

/**
 * What the hybrid needs on each path on-premises mail takes into Exchange Online, judged on the
 * simulated hop rather than on configuration: to the tenant's own cloud mailboxes it must arrive
 * Originating from the tenant and AuthAs Internal (R1, R13); relayed on through a send connector that
 * points at Exchange Online it must arrive Originating. Relay refusals are HMF001/HMF002's; this rule
 * catches the silent cases, where mail is still delivered but as Incoming + Anonymous mail.
 */
type Problem = "not-originating" | "other-tenant" | "anonymous" | "rejected";

/**
 * A send connector meant for the hybrid, as HealthChecker (S28) recognises one: it points at Exchange
 * Online (smart host) or at the tenant's routing domain (*.mail.onmicrosoft.com), or carries
 * CloudServicesMailEnabled. Mail an internet connector happens to deliver to the tenant's MX is not
 * hybrid mail.
 */
function isHybridSendConnector(sc: SendConnector): boolean {
  return sc.cloudServicesMailEnabled || sc.smartHosts.some(isEopEndpoint) || sc.addressSpaces.some((a) => a.endsWith(".mail.onmicrosoft.com"));
}

function problemOf(f: Flow, hop: HopResult): Problem | undefined {
  const own = f.recipientClass === "own-cloud" && isHybridSendConnector(f.route.sendConnector!);
  const relayViaEop = !own && f.route.sendConnector?.smartHosts.some(isEopEndpoint) === true;
  if (!own && !relayViaEop) return undefined;
  if (hop.outcome === "rejected") {
    // Relay refusals for other recipients are HMF001 (ATTR36) and HMF002 (TenantAttribution).
    return own ? "rejected" : undefined;
  }
  const a = hop.attribution;
  if (a.direction !== "Originating") return "not-originating";
  if (a.tenant !== f.tenant.id) return "other-tenant";
  if (own && hop.authAs !== "Internal") return "anonymous";
  return undefined;
}

function presented(sc: SendConnector, ips: readonly string[]): string {
  const cert = sc.certificate ? `certificate ${[sc.certificate.subject, ...sc.certificate.san.filter((n) => n !== sc.certificate!.subject)].join(", ")}` : "no certificate (no TlsCertificateName)";
  return `${cert} from ${ips.join(", ")}`;
}

function expects(c: InboundConnector): string {
  const parts: string[] = [];
  if (c.tlsSenderCertificateName) parts.push(`TlsSenderCertificateName ${c.tlsSenderCertificateName}`);
  if (c.senderIPAddresses.length > 0) parts.push(`SenderIPAddresses ${c.senderIPAddresses.join(", ")}`);
  if (!c.enabled) parts.push("disabled");
  return `"${c.name}" (${parts.length > 0 ? parts.join("; ") : "no certificate name and no IP addresses"})`;
}

function onPremisesConnectors(tenant: Tenant): string {
  const list = tenant.inboundConnectors.filter((c) => c.connectorType === "OnPremises");
  if (list.length === 0) return `${tenant.id} has no OnPremises inbound connector at all`;
  return `it no longer matches ${tenant.id}'s OnPremises inbound connector${list.length > 1 ? "s" : ""} ${list.map(expects).join(", ")}`;
}

const CONSEQUENCES =
  "they get anti-spam filtering as external mail, lose the internal (cross-premises) headers, and break calendar processing and groups restricted to internal senders";

function describe(problem: Problem, sc: SendConnector, tenant: Tenant, group: FlowGroup, hop: HopResult): { message: string; fix?: string } {
  const n = group.count;
  const ips = [...new Set([...group.egressIps].map((ip) => ip ?? "?"))];
  const own = group.first.recipientClass === "own-cloud";
  const where = own ? `to ${tenant.id}'s cloud mailboxes` : `relayed through Exchange Online by "${sc.name}"`;
  const head = `"${sc.name}" presents ${presented(sc, ips)}`;
  switch (problem) {
    case "not-originating":
      return {
        message: `${head}, and ${onPremisesConnectors(tenant)}: ${n} on-premises flow(s) ${where} arrive as Incoming + Anonymous mail instead of Originating from ${tenant.id}${own ? `, so ${CONSEQUENCES}; with a Partner lock-down they get 5.7.51, with RejectDirectSend 5.7.68` : ", so the tenant's outbound rules and relay do not apply to them"}.`,
      };
    case "other-tenant":
      return {
        message: `${head}, which makes ${n} on-premises flow(s) ${where} Originating from ${hop.attribution.tenant} (connector "${hop.attribution.connector}") instead of ${tenant.id}: another tenant's connector captures them, and ${onPremisesConnectors(tenant)}.`,
        fix: `Give ${tenant.id}'s OnPremises connector the exact name of the certificate "${sc.name}" presents (an accepted domain of ${tenant.id}), and remove the other tenant's overlapping TlsSenderCertificateName or IP addresses (rules HMF006, HMF007).`,
      };
    case "anonymous": {
      const connector = tenant.inboundConnectors.find((c) => c.name === hop.attribution.connector);
      const missing = [
        ...(sc.cloudServicesMailEnabled ? [] : [`the send connector "${sc.name}"`]),
        ...(connector && !connector.cloudServicesMailEnabled ? [`the inbound connector "${connector.name}"`] : []),
      ];
      return {
        message: `${head} and is attributed to ${tenant.id} through "${hop.attribution.connector}", but CloudServicesMailEnabled is not set on ${missing.join(" nor on ") || "both sides"}: ${n} on-premises flow(s) ${where} arrive Originating but AuthAs Anonymous, so ${CONSEQUENCES}.`,
        fix: `Set CloudServicesMailEnabled $true on ${missing.join(" and ") || "both connectors"} (Set-SendConnector / Set-InboundConnector), as the Hybrid Configuration Wizard does; HealthChecker reports a send connector to Exchange Online without it as misconfigured.`,
      };
    }
    case "rejected":
      return {
        message: `${head}, and ${onPremisesConnectors(tenant)}: ${n} on-premises flow(s) ${where} are refused with ${hop.ndr?.code ?? "an NDR"}${hop.ndr?.tag ? ` ${hop.ndr.tag}` : ""} (${hop.ndr?.text ?? ""}).`,
      };
  }
}

/** The send connector, problem and path a flow shows, or undefined when it shows none. */
function groupOf(f: Flow): string | undefined {
  // Users' own mail is what the hybrid must keep internal; NDRs and forwarded foreign senders never
  // attribute through an IP connector anyway, which HMF001 covers where it matters (relay).
  if (f.senderKind !== "on-premises" || !f.org || !f.route.sendConnector || f.egressIp === null) return undefined;
  const hop = firstEopHop(f);
  if (!hop) return undefined;
  const problem = problemOf(f, hop);
  if (!problem) return undefined;
  return `${resourceId.sendConnector(f.org.name, f.route.sendConnector.name)}|${problem}|${f.recipientClass === "own-cloud" ? "own" : "relay"}`;
}

export const hybridMailNotAttributed: Rule = {
  id: "HMF017",
  reads: ["tenants", "acceptedDomains", "inboundConnectors", "outboundConnectors", "organization", "onPremises", "dns"],
  title: "Hybrid mail from on-premises is no longer attributed (Incoming + Anonymous)",
  severity: "mandatory",
  description:
    "On-premises mail that reaches Exchange Online must match the tenant's OnPremises inbound connector (Originating) and, towards the tenant's own cloud mailboxes, carry CloudServicesMailEnabled on both sides (AuthAs Internal). After a certificate renewal under another name, an egress IP change, or with a hybrid send connector without TlsCertificateName or CloudServicesMailEnabled, the mail is still delivered but as Incoming + Anonymous: anti-spam filtering, internal headers dropped, calendar processing and restricted groups broken, 5.7.51 or 5.7.68 where the tenant locks down direct mail. Relay to the internet fails only where the organization relays through Exchange Online (HMF002); otherwise nothing bounces and the hybrid degrades silently.",
  sources: ["S6", "S10", "S21", "S28", "S13", "S2"],
  fix: "Make the tenant's OnPremises inbound connector match what the hybrid send connector presents: after a certificate renewal re-run the Hybrid Configuration Wizard or set TlsSenderCertificateName to the new certificate's name (an accepted domain); after an IP change update SenderIPAddresses; give the send connector its certificate (TlsCertificateName) and CloudServicesMailEnabled $true.",
  observeFlows: () =>
    groupedFlows(groupOf, (key, g) => {
      const [resource, problem] = key.split("|") as [string, Problem];
      const { message, fix } = describe(problem, g.first.route.sendConnector!, g.first.tenant, g, firstEopHop(g.first)!);
      return findingFor(resource, g, message, fix);
    }),
};
