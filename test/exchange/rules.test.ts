import { checkAcceptedDomain, checkInboundConnector, checkOutboundConnector, checkTenantDomain } from "../../src/core/exchange/rules";
import type { InboundConnectorSettings, OutboundConnectorSettings } from "../../src/core/exchange/settings";
import { senderIpProblem, stripAddressSpace } from "../../src/core/exchange/values";

const fields = (issues: Array<{ field: string }>) => issues.map((i) => i.field);
const inbound = (s: Partial<InboundConnectorSettings>) => checkInboundConnector({ name: "In", connectorType: "Partner", senderDomains: ["fabrikam.com"], ...s });
const outbound = (s: Partial<OutboundConnectorSettings>) => checkOutboundConnector({ name: "Out", connectorType: "Partner", ...s });
const hcwInbound: InboundConnectorSettings = {
  name: "Inbound from 7f1b0c7e-1d5a-4a5e-9a4c-3f3b6f0a2b11",
  connectorType: "OnPremises",
  senderDomains: ["smtp:*;1"],
  tlsSenderCertificateName: "*.contoso.com",
  requireTls: true,
  cloudServicesMailEnabled: true,
};

describe("inbound connector rules", () => {
  it("requires senderDomains, as New-InboundConnector does", () => {
    const issues = checkInboundConnector({ name: "In", connectorType: "Partner" });
    expect(issues.map((i) => [i.field, i.severity])).toEqual([["senderDomains", undefined]]);
    expect(issues[0]!.message).toMatch(/New-InboundConnector/);
    expect(fields(inbound({ senderDomains: [] }))).toEqual(["senderDomains"]);
  });

  it("accepts an HCW-style OnPremises connector and a restricted Partner connector", () => {
    expect(checkInboundConnector(hcwInbound)).toEqual([]);
    expect(inbound({ senderDomains: ["fabrikam.com"], senderIPAddresses: ["203.0.113.0/24", "198.51.100.7"], restrictDomainsToIPAddresses: true })).toEqual([]);
  });

  it("limits names to 64 characters and requires one", () => {
    expect(fields(inbound({ name: "n".repeat(65) }))).toEqual(["name"]);
    expect(inbound({ name: "n".repeat(64) })).toEqual([]);
    expect(fields(inbound({ name: "  " }))).toEqual(["name"]);
  });

  it("takes IPv4 /24 to /32 only in senderIPAddresses", () => {
    expect(senderIpProblem("203.0.113.0/24")).toBeUndefined();
    expect(senderIpProblem("203.0.113.9/32")).toBeUndefined();
    expect(senderIpProblem("203.0.0.0/23")).toBe("prefix-too-short");
    expect(senderIpProblem("2001:db8::/64")).toBe("ipv6");
    expect(senderIpProblem("203.0.113.1-203.0.113.9")).toBe("range");
    expect(senderIpProblem("203.0.113")).toBe("not-an-address");
    expect(senderIpProblem("203.0.113.0/33")).toBe("not-an-address");
    const issues = inbound({ senderIPAddresses: ["203.0.0.0/16"] });
    expect(issues).toEqual([{ field: "senderIPAddresses", message: '"203.0.0.0/16" is wider than /24; Exchange Online accepts /24 to /32.', fix: expect.stringContaining("from /24 to /32") }]);
  });

  it("takes *, a domain or a leading wildcard in senderDomains, never an embedded wildcard", () => {
    expect(inbound({ senderDomains: ["*", "contoso.com", "*.contoso.com", "smtp:fabrikam.com;1"] })).toEqual([]);
    const issues = inbound({ senderDomains: ["a.*.contoso.com", "not a domain"] });
    expect(fields(issues)).toEqual(["senderDomains", "senderDomains"]);
    expect(issues[0]!.fix).toMatch(/only as the leading label/);
    expect(fields(inbound({ tlsSenderCertificateName: "mail.*.contoso.com" }))).toEqual(["tlsSenderCertificateName"]);
  });

  it("warns, without failing, about Partner-only restrictions on OnPremises connectors (the docs only call them not applicable)", () => {
    const issues = checkInboundConnector({ ...hcwInbound, restrictDomainsToCertificate: true, restrictDomainsToIPAddresses: true, senderIPAddresses: ["203.0.113.1"] });
    const partnerOnly = issues.filter((i) => i.severity === "warning");
    expect(partnerOnly.map((i) => [i.field, i.severity])).toEqual([
      ["restrictDomainsToCertificate", "warning"],
      ["restrictDomainsToIPAddresses", "warning"],
    ]);
    // false is harmless; RequireTls stays allowed on OnPremises (HCW sets it).
    expect(checkInboundConnector({ ...hcwInbound, restrictDomainsToCertificate: false, requireTls: true })).toEqual([]);
  });

  it("requires an OnPremises connector to identify the servers by certificate or IP", () => {
    expect(fields(checkInboundConnector({ ...hcwInbound, tlsSenderCertificateName: null }))).toEqual(["tlsSenderCertificateName"]);
    expect(checkInboundConnector({ ...hcwInbound, tlsSenderCertificateName: null, senderIPAddresses: ["203.0.113.10"] })).toEqual([]);
  });

  it("needs what each restriction restricts by, and not both in one connector", () => {
    expect(fields(inbound({ restrictDomainsToIPAddresses: true }))).toEqual(["senderIPAddresses"]);
    expect(fields(inbound({ restrictDomainsToCertificate: true }))).toEqual(["tlsSenderCertificateName"]);
    expect(fields(inbound({ restrictDomainsToCertificate: true, tlsSenderCertificateName: "mail.fabrikam.com", restrictDomainsToIPAddresses: true, senderIPAddresses: ["203.0.113.1"] }))).toEqual(["restrictDomainsToIPAddresses"]);
  });

  it("allows TreatMessagesAsInternal only on OnPremises without CloudServicesMailEnabled", () => {
    expect(fields(inbound({ treatMessagesAsInternal: true }))).toEqual(["treatMessagesAsInternal"]);
    expect(fields(checkInboundConnector({ ...hcwInbound, treatMessagesAsInternal: true }))).toEqual(["treatMessagesAsInternal"]);
    expect(checkInboundConnector({ ...hcwInbound, cloudServicesMailEnabled: false, treatMessagesAsInternal: true })).toEqual([]);
  });

  it("checks Enhanced Filtering entries", () => {
    expect(inbound({ efSkipIPs: ["203.0.113.10", "203.0.113.0/24", "203.0.113.10-203.0.113.20", "2001:db8::1"] })).toEqual([]);
    expect(fields(inbound({ efSkipIPs: ["10.0.0.1"] }))).toEqual(["efSkipIPs"]);
    expect(fields(inbound({ efSkipIPs: ["nonsense"] }))).toEqual(["efSkipIPs"]);
    expect(fields(inbound({ efSkipLastIP: true, efSkipIPs: ["203.0.113.10"] }))).toEqual(["efSkipIPs"]);
    expect(fields(inbound({ efUsers: ["not-an-address"] }))).toEqual(["efUsers"]);
  });

  it("skips rules about fields a preview does not know yet", () => {
    const unknown = new Set(["senderIPAddresses", "tlsSenderCertificateName"]);
    expect(checkInboundConnector({ ...hcwInbound, tlsSenderCertificateName: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" }, unknown)).toEqual([]);
  });
});

describe("outbound connector rules", () => {
  it("needs smart hosts exactly when MX routing is off", () => {
    expect(fields(outbound({ useMxRecord: false }))).toEqual(["smartHosts"]);
    expect(fields(outbound({ smartHosts: ["mail.contoso.com"] }))).toEqual(["useMxRecord"]);
    expect(outbound({ useMxRecord: false, smartHosts: ["mail.contoso.com", "203.0.113.25", "203.0.113.0/28"] })).toEqual([]);
    expect(fields(outbound({ useMxRecord: false, smartHosts: ["bad host!"] }))).toEqual(["smartHosts"]);
  });

  it("ties TlsDomain to DomainValidation (a TlsDomain without it only warns)", () => {
    expect(outbound({ tlsDomain: "mail.contoso.com", tlsSettings: "CertificateValidation" }).map((i) => [i.field, i.severity])).toEqual([["tlsDomain", "warning"]]);
    expect(fields(outbound({ tlsSettings: "DomainValidation" }))).toEqual(["tlsDomain"]);
    expect(outbound({ tlsSettings: "DomainValidation", tlsDomain: "*.contoso.com" })).toEqual([]);
    expect(fields(outbound({ tlsSettings: "Strict" as never }))).toEqual(["tlsSettings"]);
  });

  it("keeps OnPremises-only routing switches off Partner connectors", () => {
    expect(fields(outbound({ allAcceptedDomains: true, routeAllMessagesViaOnPremises: true, senderRewritingEnabled: true }))).toEqual(["allAcceptedDomains", "routeAllMessagesViaOnPremises", "senderRewritingEnabled"]);
    expect(checkOutboundConnector({ name: "Out", connectorType: "OnPremises", allAcceptedDomains: true, routeAllMessagesViaOnPremises: true })).toEqual([]);
  });

  it("checks enumerations, recipients and dates", () => {
    expect(fields(outbound({ mtaStsMode: "Enforce" as never, smtpDaneMode: "Mandatory" }))).toEqual(["mtaStsMode"]);
    expect(fields(outbound({ recipientDomains: ["*.*.contoso.com"] }))).toEqual(["recipientDomains"]);
    expect(fields(outbound({ validationRecipients: ["postmaster"], lastValidationTimestamp: "yesterday" }))).toEqual(["validationRecipients", "lastValidationTimestamp"]);
    expect(fields(checkOutboundConnector({ name: "Out", connectorType: "Cloud" as never }))).toEqual(["connectorType"]);
  });
});

describe("accepted domain and tenant domain rules", () => {
  it("allows MatchSubDomains only on InternalRelay and refuses ExternalRelay", () => {
    expect(checkAcceptedDomain({ domainName: "contoso.com", domainType: "InternalRelay", matchSubDomains: true })).toEqual([]);
    expect(fields(checkAcceptedDomain({ domainName: "contoso.com", matchSubDomains: true }))).toEqual(["matchSubDomains"]);
    expect(checkAcceptedDomain({ domainName: "contoso.com", domainType: "ExternalRelay" as never })[0]!.message).toMatch(/on-premises Exchange/);
    expect(fields(checkAcceptedDomain({ domainName: "not_a_domain" }))).toEqual(["domainName"]);
  });

  it("refuses initial domains and services Graph cannot set", () => {
    expect(checkTenantDomain("contoso.com", ["Email", "Yammer"])).toEqual([]);
    expect(fields(checkTenantDomain("contoso.onmicrosoft.com"))).toEqual(["domainName"]);
    expect(fields(checkTenantDomain("contoso.com", ["Intune"]))).toEqual(["supportedServices"]);
  });

  it("compares address spaces by domain", () => {
    expect(stripAddressSpace("smtp:*.Contoso.com;1")).toBe("*.contoso.com");
    expect(stripAddressSpace(" Contoso.com ")).toBe("contoso.com");
  });
});
