import * as pulumi from "@pulumi/pulumi";
import { find, installMocks, output, registered, registeredOutputs, settle } from "./mock-cloud";
import { worldFromRegistrations } from "./world-from-stack";
import { RECORD_PROPERTY, TOKENS, type HybridMailFlowRecord } from "../../src/core/stack/contract";
import { parseWorld } from "../../src/core/model/load";
import { runCheck } from "../../src/core/check/run-check";
import type { HybridMailFlowArgs } from "../../src/components";

beforeAll(() => installMocks());
beforeEach(() => {
  registered.length = 0;
});

// eslint-disable-next-line @typescript-eslint/no-require-imports
const components = () => require("../../src/components") as typeof import("../../src/components");

/** Contoso: hybrid certificate hybrid.contoso.com, internet certificate mail.contoso.com, MX in Exchange Online. */
function contoso(overrides: Partial<HybridMailFlowArgs> = {}): HybridMailFlowArgs {
  return {
    tenantId: "contoso.onmicrosoft.com",
    forest: "EUR",
    initialDomain: "contoso.onmicrosoft.com",
    onPremises: {
      name: "Contoso",
      servers: [
        { name: "EX01", egressIps: ["198.51.100.10"] },
        { name: "EX02", egressIps: ["198.51.100.11"] },
      ],
      sendConnectors: [
        { name: "Outbound to Office 365", addressSpaces: ["contoso.mail.onmicrosoft.com"], sourceServers: ["EX01"], certificate: { subject: "hybrid.contoso.com" }, cloudServicesMailEnabled: true },
        { name: "Internet", addressSpaces: ["*"], sourceServers: ["EX01", "EX02"], certificate: { subject: "mail.contoso.com" } },
      ],
      senderDomains: ["contoso.com"],
      mailboxDomains: ["contoso.com"],
    },
    domains: [{ domain: "contoso.com", domainType: "InternalRelay" }, { domain: "hybrid.contoso.com", dns: { zoneName: "contoso.com" } }],
    dns: { resourceGroupName: "rg-dns" },
    outboundConnector: { smartHosts: ["hybrid.contoso.com"] },
    ...overrides,
  };
}

describe("HybridMailFlow", () => {
  it("derives both connectors and every domain from the on-premises facts, in a safe order", async () => {
    const { HybridMailFlow } = components();
    const hybrid = new HybridMailFlow("contoso", contoso());
    const records = await output(hybrid.records);
    await settle();

    const component = find(TOKENS.hybridMailFlow, "contoso");
    const inbound = find(":InboundConnector", "contoso-from-onprem");
    const outbound = find(":OutboundConnector", "contoso-to-onprem");
    const mainDomain = find(TOKENS.mailDomain, "contoso-contoso.com");
    const certDomain = find(TOKENS.mailDomain, "contoso-hybrid.contoso.com");
    for (const child of [inbound, outbound, mainDomain, certDomain]) expect(child.parent).toBe(component.urn);

    expect(inbound.inputs).toMatchObject({
      name: "Inbound from Contoso",
      connectorType: "OnPremises",
      senderDomains: ["*"],
      requireTls: true,
      cloudServicesMailEnabled: true,
      tlsSenderCertificateName: "hybrid.contoso.com",
      tenantId: "contoso.onmicrosoft.com",
    });
    expect(inbound.inputs.senderIPAddresses).toBeUndefined();
    // Trusting the name waits until the name is an accepted domain (a dependency on a component is one on all its children).
    const certAccepted = registered.find((r) => r.type === TOKENS.acceptedDomain && r.parent === certDomain.urn)!;
    expect(inbound.dependencies).toContain(certAccepted.urn);

    expect(outbound.inputs).toMatchObject({
      name: "Outbound to Contoso",
      connectorType: "OnPremises",
      recipientDomains: ["contoso.com"],
      smartHosts: ["hybrid.contoso.com"],
      useMxRecord: false,
      tlsSettings: "DomainValidation",
      tlsDomain: "hybrid.contoso.com",
      routeAllMessagesViaOnPremises: false,
      cloudServicesMailEnabled: true,
    });
    // The InternalRelay switch waits for the route to on-premises.
    const relayAccepted = registered.find((r) => r.type === TOKENS.acceptedDomain && r.parent === mainDomain.urn)!;
    expect(relayAccepted.inputs).toMatchObject({ domainName: "contoso.com", domainType: "InternalRelay" });
    expect(relayAccepted.dependencies).toContain(outbound.urn);

    // SPF of the on-premises sender domain lists every server's egress IP; the certificate domain sends nothing from on-premises.
    const spfOf = (domain: string) => records.find((r) => r.name === domain && r.type === "TXT")!.values[0];
    expect(spfOf("contoso.com")).toBe("v=spf1 ip4:198.51.100.10 ip4:198.51.100.11 include:spf.protection.outlook.com -all");
    expect(spfOf("hybrid.contoso.com")).toBe("v=spf1 include:spf.protection.outlook.com -all");
    expect(registered.filter((r) => r.type === TOKENS.dnsRecordSet && r.inputs.zoneName === "contoso.com").map((r) => r.inputs.relativeRecordSetName).sort()).toEqual(["@", "@", "hybrid", "hybrid"]);

    const record = component.inputs[RECORD_PROPERTY] as HybridMailFlowRecord;
    expect(record).toMatchObject({ schemaVersion: 1, tenantId: "contoso.onmicrosoft.com", forest: "EUR", initialDomain: "contoso.onmicrosoft.com" });
    expect(record.onPremises).toHaveLength(1);
    expect(record.onPremises[0]).toMatchObject({
      name: "Contoso",
      tenant: "contoso.onmicrosoft.com",
      servers: [{ name: "EX01", egressIps: ["198.51.100.10"] }, { name: "EX02", egressIps: ["198.51.100.11"] }],
      senderDomains: ["contoso.com"],
      sendsNullSender: true,
      forwardedSenderDomains: [],
      mailboxDomains: ["contoso.com"],
    });
    expect(record.onPremises[0]!.sendConnectors[0]).toMatchObject({ certificate: { subject: "hybrid.contoso.com", san: [] }, cloudServicesMailEnabled: true, enabled: true });
    // The plain arguments are recorded too, and the record is repeated in the outputs for stack policies.
    expect(component.inputs).toMatchObject({ tenantId: "contoso.onmicrosoft.com", forest: "EUR", outboundConnector: { smartHosts: ["hybrid.contoso.com"] } });
    expect(registeredOutputs.get(component.urn!)?.[RECORD_PROPERTY]).toEqual(record);
    expect(await output(hybrid.tlsSenderCertificateName)).toBe("hybrid.contoso.com");
    expect(await output(hybrid.domainNames)).toEqual(["contoso.com", "hybrid.contoso.com"]);

    const report = runCheck(parseWorld(worldFromRegistrations(registered)));
    expect(report.findings.map((f) => `${f.rule}: ${f.message}`)).toEqual([]);
  });

  it("check catches what the component only warns about: a wildcard that captures partner mail, with SPF that lacks Exchange Online", async () => {
    const warn = jest.spyOn(pulumi.log, "warn").mockImplementation(() => Promise.resolve());
    const { HybridMailFlow } = components();
    const args = contoso({
      domains: [{ domain: "contoso.com", domainType: "InternalRelay", spf: { exchangeOnline: false } }],
      inboundConnector: { tlsSenderCertificateName: "*.contoso.com" },
    });
    new HybridMailFlow("captured", args);
    await settle();
    const warnings = warn.mock.calls.map((c) => String(c[0]));
    warn.mockRestore();
    expect(warnings.some((w) => /is a wildcard/.test(w))).toBe(true);
    expect(warnings.some((w) => /"Internet" presents a certificate that matches \*\.contoso\.com/.test(w))).toBe(true);
    const rules = new Set(runCheck(parseWorld(worldFromRegistrations(registered))).findings.map((f) => f.rule));
    expect(rules).toContain("HMF003");
    expect(rules).toContain("HMF004");
  });

  it("uses the hybrid servers' egress IPs for an IP-based connector", async () => {
    const { HybridMailFlow } = components();
    jest.spyOn(pulumi.log, "warn").mockImplementation(() => Promise.resolve());
    new HybridMailFlow("by-ip", contoso({ inboundConnector: { authentication: "ipAddress", name: "From Contoso by IP" } }));
    await settle();
    const inbound = find(":InboundConnector", "by-ip-from-onprem");
    expect(inbound.inputs).toMatchObject({ name: "From Contoso by IP", senderIPAddresses: ["198.51.100.10"] });
    expect(inbound.inputs.tlsSenderCertificateName).toBeUndefined();
  });

  it("sets centralized mail transport on the outbound connector when asked", async () => {
    const { HybridMailFlow } = components();
    new HybridMailFlow("cmt", contoso({ outboundConnector: { smartHosts: ["hybrid.contoso.com"], centralizedMailTransport: true, tlsDomain: "mail.contoso.com" } }));
    await settle();
    expect(find(":OutboundConnector", "cmt-to-onprem").inputs).toMatchObject({ routeAllMessagesViaOnPremises: true, tlsDomain: "mail.contoso.com" });
  });

  const withoutCertificateDomain = contoso({ domains: [{ domain: "contoso.com", domainType: "InternalRelay" }] });
  const badIp = contoso();
  (badIp.onPremises.servers[1] as { egressIps: string[] }).egressIps = ["198.51.100.300"];
  const unknownField = contoso();
  (unknownField.onPremises as unknown as Record<string, unknown>).mailboxDomain = ["contoso.com"];
  const unknownServer = contoso();
  unknownServer.onPremises.sendConnectors[1]!.sourceServers = ["EX01", "EX03"];

  it.each([
    ["a certificate name that is not an accepted domain (MC1226222)", withoutCertificateDomain, /inboundConnector\.tlsSenderCertificateName \(derived from the hybrid send connector's certificate\): hybrid\.contoso\.com is not an accepted domain of the tenant \(MC1226222\).*its parent contoso\.com is not enough.*Fix: add \{ domain: "hybrid\.contoso\.com" \} to domains/s],
    ["a certificate name the hybrid connector does not present", contoso({ inboundConnector: { tlsSenderCertificateName: "contoso.com" } }), /inboundConnector\.tlsSenderCertificateName: contoso\.com does not match the certificate of the hybrid send connector "Outbound to Office 365"/],
    ["an on-premises IP that is not an IP", badIp, /onPremises\.servers\[1\]\.egressIps\[0\]: must be an IPv4 address/],
    ["a misspelt on-premises field", unknownField, /onPremises: unknown field\(s\) "mailboxDomain"/],
    ["a send connector on an unknown server", unknownServer, /onPremises\.sendConnectors\[1\]\.sourceServers\[1\]: no server named "EX03"/],
    ["an InternalRelay domain without an outbound connector", contoso({ outboundConnector: undefined }), /domains\[0\]\.domainType: contoso\.com is InternalRelay but there is no outbound connector.*ATTR34/],
    ["an outbound connector that misses a domain with on-premises recipients", contoso({ outboundConnector: { smartHosts: ["hybrid.contoso.com"], recipientDomains: ["hybrid.contoso.com"] } }), /outboundConnector\.recipientDomains: does not cover contoso\.com/],
    ["a domain declared twice", contoso({ domains: [{ domain: "contoso.com" }, { domain: "hybrid.contoso.com" }, { domain: "CONTOSO.com" }] }), /domains\[2\]\.domain: contoso\.com is already declared as domains\[0\]/],
    ["a domain's own invalid setting, with its index", contoso({ domains: [{ domain: "contoso.com", domainType: "InternalRelay" }, { domain: "hybrid.contoso.com", matchSubDomains: true }] }), /domains\[1\]\.matchSubDomains/],
    ["a missing forest", contoso({ forest: "" }), /forest: is required/],
  ])("refuses %s before creating anything", async (_label, args, message) => {
    const { HybridMailFlow } = components();
    expect(() => new HybridMailFlow("bad", args)).toThrow(message);
    await settle();
    expect(registered).toEqual([]);
  });
});
