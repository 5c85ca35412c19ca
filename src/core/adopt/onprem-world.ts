/**
 * From the on-premises export to the world's `onPremises` entry. What Exchange does not hold (the
 * public addresses servers send from) comes from the caller; what Exchange decides at run time
 * (the certificate a connector without TlsCertificateName presents) is inferred and said so.
 */
import type { WorldInput } from "../model/schema";
import { certificatesNamed, type ExportedCertificate, type ExportedSendConnector, type OnPremExport } from "./onprem-export";
import { certificateNameCovers, commonName } from "./values";

type OnPremisesInput = WorldInput["onPremises"] extends (infer T)[] | undefined ? T : never;

export interface OnPremWorldOptions {
  /** The tenant (world `tenants[].id`) the organization is in hybrid with. */
  readonly tenant: string;
  readonly name?: string;
  /** Public IPv4 addresses each server sends from, by server name (any case). */
  readonly egress: ReadonlyMap<string, readonly string[]>;
  /** Sender domains to use when the export holds no accepted domain (plain Get-SendConnector output): the tenant's. */
  readonly fallbackSenderDomains?: readonly string[];
  /** For expiry notes; the caller's clock. */
  readonly now: Date;
}

export interface OnPremWorldResult {
  readonly onPremises: OnPremisesInput;
  /** Facts the conversion inferred or could not settle, for the user to read. */
  readonly notes: string[];
}

/** Servers that send through a connector and have no egress address yet: the caller must ask for them. */
export function sendingServers(exported: OnPremExport): string[] {
  const names = new Map<string, string>();
  for (const c of exported.sendConnectors) if (c.enabled) for (const s of c.sourceServers) names.set(s.toLowerCase(), s);
  return [...names.values()];
}

export function onPremisesFromExport(exported: OnPremExport, options: OnPremWorldOptions): OnPremWorldResult {
  const notes: string[] = [];
  const connectors = exported.sendConnectors.filter((c) => c.addressSpaces.length > 0);
  for (const c of exported.sendConnectors) {
    if (c.skippedAddressSpaces.length > 0) notes.push(`Send connector "${c.name}": non-SMTP address spaces ${c.skippedAddressSpaces.join(", ")} left out.`);
    if (c.addressSpaces.length === 0) notes.push(`Send connector "${c.name}" has no SMTP address space and was left out.`);
  }
  if (connectors.length === 0) throw new Error("the export holds no send connector with an SMTP address space; export with Get-SendConnector | ConvertTo-Json -Depth 5 (or the shipped script)");

  const egress = new Map([...options.egress].map(([k, v]) => [k.toLowerCase(), v]));
  const serverNames = sendingServers({ ...exported, sendConnectors: connectors });
  const servers = serverNames.map((name) => {
    const ips = egress.get(name.toLowerCase()) ?? [];
    return { name, egressIps: [...ips] };
  });

  const sendConnectors = connectors.map((c) => ({
    name: c.name,
    enabled: c.enabled,
    addressSpaces: c.addressSpaces,
    smartHosts: c.dnsRoutingEnabled ? [] : c.smartHosts,
    sourceServers: c.sourceServers,
    certificate: presentedCertificate(c, exported, notes, options.now),
    cloudServicesMailEnabled: c.cloudServicesMailEnabled,
    requireTls: c.requireTls,
  }));

  const own = exported.acceptedDomains.filter((d) => d.type !== "ExternalRelay" && !d.domain.endsWith(".onmicrosoft.com"));
  let senderDomains = unique([...own.map((d) => d.domain), ...exported.primaryAddressDomains.filter((d) => !d.endsWith(".onmicrosoft.com"))]);
  const fallback = (options.fallbackSenderDomains ?? []).filter((d) => !d.endsWith(".onmicrosoft.com"));
  if (senderDomains.length === 0 && fallback.length > 0) {
    senderDomains = unique(fallback);
    notes.push(`The export holds no accepted domain: senderDomains are taken from tenant ${options.tenant}'s accepted domains (${senderDomains.join(", ")}); add on-premises-only domains by hand, or include Get-AcceptedDomain output.`);
  }
  if (senderDomains.length === 0) {
    throw new Error("the export names no accepted domain; include Get-AcceptedDomain output (the shipped script does) so the world knows which domains on-premises senders use");
  }
  const mailboxDomains = unique(exported.primaryAddressDomains.filter((d) => !d.endsWith(".onmicrosoft.com")));
  if (exported.primaryAddressDomains.length === 0) notes.push("No email address policy in the export: mailboxDomains is left empty; list the domains of on-premises mailboxes there.");
  notes.push("forwardedSenderDomains is empty: Exchange does not record whose mail on-premises forwards; list those domains (mailing lists, forwarding rules) if any.");

  return {
    onPremises: {
      name: options.name ?? `${exported.organization ?? options.tenant} on-premises`,
      tenant: options.tenant,
      servers,
      sendConnectors,
      senderDomains,
      mailboxDomains,
    },
    notes,
  };
}

/**
 * The certificate a connector presents. With TlsCertificateName the named one (the newest when a
 * renewal left several with the same issuer and subject). Without it Exchange picks, at run time, a
 * certificate that covers the connector's FQDN (else the server's); that choice is inferred here.
 */
function presentedCertificate(c: ExportedSendConnector, exported: OnPremExport, notes: string[], now: Date): { subject: string; san: string[] } | null {
  if (c.tlsCertificate) {
    const found = newest(certificatesNamed(exported.certificates, c.tlsCertificate));
    const subject = commonName(c.tlsCertificate.subject);
    if (!found) {
      if (!subject) throw new Error(`send connector "${c.name}": TlsCertificateName's subject "${c.tlsCertificate.subject}" has no CN`);
      notes.push(`Send connector "${c.name}" names certificate ${c.tlsCertificate.subject}, which is not in the export: its SANs are unknown (export Get-ExchangeCertificate too).`);
      return { subject: subject.toLowerCase(), san: [] };
    }
    expiryNote(c.name, found, notes, now);
    return asWorldCertificate(found, c.name);
  }
  const host = c.fqdn ?? exported.servers.find((s) => c.sourceServers.some((n) => n.toLowerCase() === s.name.toLowerCase()))?.fqdn;
  if (!host) {
    notes.push(`Send connector "${c.name}" has no TlsCertificateName and no FQDN is known for it; its certificate is unknown and left out (the world then presents none).`);
    return null;
  }
  const covering = exported.certificates.filter((cert) => cert.domains.some((d) => certificateNameCovers(d, host)) || certificateNameCovers(commonName(cert.subject) ?? "", host));
  const smtp = covering.filter((cert) => cert.services === undefined || cert.services.some((s) => s.toUpperCase() === "SMTP"));
  const chosen = newest(smtp.length > 0 ? smtp : covering);
  if (!chosen) {
    notes.push(`Send connector "${c.name}" has no TlsCertificateName and no exported certificate covers ${host}; the world assumes a certificate named ${host} (inferred, uncertain).`);
    return { subject: host, san: [] };
  }
  notes.push(`Send connector "${c.name}" has no TlsCertificateName: Exchange picks a certificate for ${host} at run time; the world assumes ${chosen.subject} (thumbprint ${chosen.thumbprint}) (inferred, uncertain).`);
  expiryNote(c.name, chosen, notes, now);
  return asWorldCertificate(chosen, c.name);
}

function asWorldCertificate(cert: ExportedCertificate, connector: string): { subject: string; san: string[] } {
  const subject = commonName(cert.subject) ?? cert.domains[0];
  if (!subject) throw new Error(`send connector "${connector}": certificate ${cert.thumbprint} has neither a CN nor certificate domains`);
  return { subject: subject.toLowerCase(), san: cert.domains.filter((d) => /^(\*\.)?[a-z0-9.-]+$/i.test(d)) };
}

function newest(certs: readonly ExportedCertificate[]): ExportedCertificate | undefined {
  return [...certs].sort((a, b) => (b.notAfter?.getTime() ?? 0) - (a.notAfter?.getTime() ?? 0))[0];
}

function expiryNote(connector: string, cert: ExportedCertificate, notes: string[], now: Date): void {
  if (cert.notAfter && cert.notAfter.getTime() < now.getTime()) {
    notes.push(`Send connector "${connector}": certificate ${cert.subject} (thumbprint ${cert.thumbprint}) expired on ${cert.notAfter.toISOString().slice(0, 10)}.`);
  }
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
