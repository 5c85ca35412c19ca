/** The world the policy pack rebuilds from a stack's resources and its settings. */
import { InputError } from "../../src/core/model/errors";
import { ALL_RULES, WORLD_PARTS } from "../../src/core/rules";
import { RECORD_PROPERTY, TOKENS, type HybridMailFlowRecord, type MailDomainRecord } from "../../src/core/stack/contract";
import { packSettingsJsonSchema, parsePackSettings } from "../../src/core/stack/pack-settings";
import { reconstructWorld, type Reconstruction } from "../../src/core/stack/reconstruct";
import type { StackResource } from "../../src/core/stack/stack-resource";
import { UNKNOWN } from "../../src/core/stack/unknown";

const HYBRID_URN = "urn:pulumi:s::p::hybrid-mailflow:index:HybridMailFlow::contoso";
const record: HybridMailFlowRecord = {
  schemaVersion: 1,
  tenantId: "11111111-2222-3333-4444-555555555555",
  forest: "NAM",
  initialDomain: "contoso.onmicrosoft.com",
  onPremises: [
    {
      name: "Contoso on-premises",
      tenant: "11111111-2222-3333-4444-555555555555",
      servers: [{ name: "EX01", egressIps: ["131.107.21.231"] }],
      sendConnectors: [{ name: "Internet", addressSpaces: ["*"], sourceServers: ["EX01"], certificate: { subject: "hybrid.contoso.com" } }],
      senderDomains: ["contoso.com"],
    },
  ],
};
const hybrid: StackResource = { urn: HYBRID_URN, type: TOKENS.hybridMailFlow, name: "contoso", props: { [RECORD_PROPERTY]: record } };
const child = (type: string, name: string, props: Record<string, unknown>): StackResource => ({ urn: `${HYBRID_URN}-${name}`, type, name, props, parentUrn: HYBRID_URN });
const inbound = (props: Record<string, unknown> = {}) =>
  child(TOKENS.inboundConnector, "in", { name: "Inbound from on-premises", connectorType: "OnPremises", tlsSenderCertificateName: "hybrid.contoso.com", __provider: "x", ...props });
const txtSet = (zone: string, values: unknown, rel = "@"): StackResource => ({
  urn: `urn:pulumi:s::p::azure-native:dns:RecordSet::${rel}.${zone}`,
  type: TOKENS.dnsRecordSet,
  name: `${rel}.${zone}`,
  props: { zoneName: zone, relativeRecordSetName: rel, recordType: "TXT", txtRecords: values },
});
const mailDomain = (domain: string, spf: string | null): StackResource => {
  const r: MailDomainRecord = { schemaVersion: 1, domain, tenantId: record.tenantId, domainType: "Authoritative", matchSubDomains: false, mx: { target: "exchangeOnline" }, spf };
  return child(TOKENS.mailDomain, domain, { [RECORD_PROPERTY]: r });
};

function rebuild(resources: StackResource[], settings: unknown = {}): Reconstruction {
  const r = reconstructWorld(resources, parsePackSettings(settings));
  if (!r.applies) throw new Error("expected the stack to apply");
  return r;
}

describe("tenants and connectors", () => {
  it("a connector without its own tenantId belongs to the HybridMailFlow above it; fields are read, provider internals ignored", () => {
    const { world, urnOf } = rebuild([hybrid, inbound()]);
    const tenant = world.tenants.find((t) => t.id === record.tenantId)!;
    expect(tenant.forest).toBe("NAM");
    expect(tenant.inboundConnectors).toEqual([expect.objectContaining({ name: "Inbound from on-premises", tlsSenderCertificateName: "hybrid.contoso.com", requireTls: true })]);
    expect(tenant.acceptedDomains.map((d) => d.domain)).toEqual(expect.arrayContaining(["contoso.onmicrosoft.com", "contoso.mail.onmicrosoft.com"]));
    expect(urnOf.get(`inboundConnector:${record.tenantId}/Inbound from on-premises`)).toBe(`${HYBRID_URN}-in`);
    expect(world.onPremises[0]!.name).toBe("Contoso on-premises");
  });

  it("a tenantId naming the initial domain is the same tenant; an unknown one is a tenant of its own", () => {
    const { world } = rebuild([hybrid, inbound({ tenantId: "contoso.onmicrosoft.com" }), child(TOKENS.acceptedDomain, "f", { domainName: "fabrikam.com", tenantId: "fabrikam.onmicrosoft.com" })]);
    expect(world.tenants.find((t) => t.id === record.tenantId)!.inboundConnectors).toHaveLength(1);
    const fabrikam = world.tenants.find((t) => t.id === "fabrikam.onmicrosoft.com")!;
    expect(fabrikam.forest).toBe("NAM");
    expect(fabrikam.acceptedDomains.map((d) => d.domain)).toEqual(["fabrikam.com", "fabrikam.onmicrosoft.com", "fabrikam.mail.onmicrosoft.com"]);
  });

  it("an AcceptedDomain resource overrides the MailDomain intent and the plain tenant domain", () => {
    const { world } = rebuild([
      hybrid,
      child(TOKENS.tenantDomain, "td", { domainName: "contoso.com" }),
      mailDomain("contoso.com", null),
      child(TOKENS.acceptedDomain, "ad", { domainName: "contoso.com", domainType: "InternalRelay" }),
    ]);
    expect(world.tenants[0]!.acceptedDomains.find((d) => d.domain === "contoso.com")!.type).toBe("InternalRelay");
  });

  it("secret-wrapped values are read as their value", () => {
    const secret = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "mail.contoso.com" };
    const { world } = rebuild([hybrid, inbound({ tlsSenderCertificateName: secret })]);
    expect(world.tenants[0]!.inboundConnectors[0]!.tlsSenderCertificateName).toBe("mail.contoso.com");
  });

  it("the tenant comes from the settings when there is no component; without either it is an error naming the fix", () => {
    const lone = { ...inbound(), parentUrn: undefined };
    expect(() => reconstructWorld([lone], parsePackSettings({}))).toThrow(/Add a HybridMailFlow component, or set tenant: \{ id, forest \}/);
    const { world } = rebuild([lone], { tenant: { id: "contoso.onmicrosoft.com", forest: "EUR" } });
    expect(world.tenants[0]).toMatchObject({ id: "contoso.onmicrosoft.com", forest: "EUR" });
  });

  it("a stack without hybrid-mailflow resources does not apply", () => {
    expect(reconstructWorld([{ urn: "u", type: "random:index:RandomId", name: "x", props: {} }], parsePackSettings({})).applies).toBe(false);
  });
});

describe("DNS", () => {
  it("joins TXT chunks without a separator and resolves relative names against the zone", () => {
    const long = `v=spf1 ${Array.from({ length: 30 }, (_, i) => `ip4:192.0.2.${i}`).join(" ")} -all`;
    const { world } = rebuild([hybrid, txtSet("contoso.com", [{ value: [long.slice(0, 255), long.slice(255)] }, { value: ["MS=ms123"] }]), txtSet("contoso.com", [{ value: ["v=DMARC1; p=reject"] }], "_dmarc")]);
    expect(world.dns["contoso.com"]!.txt).toEqual([long, "MS=ms123"]);
    expect(world.dns["_dmarc.contoso.com"]!.txt).toEqual(["v=DMARC1; p=reject"]);
    expect(world.dns["spf.protection.outlook.com"]).toBeDefined();
  });

  it("what a record set publishes wins over the MailDomain's intent; the intent fills in what is not in the stack", () => {
    const { world } = rebuild([hybrid, mailDomain("contoso.com", "v=spf1 include:spf.protection.outlook.com -all"), txtSet("contoso.com", [{ value: ["v=spf1 -all"] }]), mailDomain("fabrikam.com", "v=spf1 mx -all")]);
    expect(world.dns["contoso.com"]!.txt).toEqual(["v=spf1 -all"]);
    expect(world.dns["contoso.com"]!.mx).toEqual([{ preference: 0, exchange: "contoso-com.mail.protection.outlook.com" }]);
    expect(world.dns["fabrikam.com"]!.txt).toEqual(["v=spf1 mx -all"]);
  });
});

describe("values unknown during preview", () => {
  it("are left out and listed with their path and the part of the world they belong to", () => {
    const { world, unverified } = rebuild([hybrid, inbound({ tlsSenderCertificateName: UNKNOWN, senderIPAddresses: ["131.107.21.231", UNKNOWN] }), txtSet("contoso.com", [{ value: [UNKNOWN] }, { value: [UNKNOWN] }])]);
    expect(world.tenants[0]!.inboundConnectors[0]!.tlsSenderCertificateName).toBeNull();
    expect(world.tenants[0]!.inboundConnectors[0]!.senderIPAddresses).toEqual([]);
    expect(unverified).toEqual([
      { resource: `inboundConnector:${record.tenantId}/Inbound from on-premises`, urn: `${HYBRID_URN}-in`, path: "tlsSenderCertificateName", part: "inboundConnectors" },
      { resource: `inboundConnector:${record.tenantId}/Inbound from on-premises`, urn: `${HYBRID_URN}-in`, path: "senderIPAddresses[1]", part: "inboundConnectors" },
      { resource: "dns:contoso.com", urn: "urn:pulumi:s::p::azure-native:dns:RecordSet::@.contoso.com", path: "txtRecords[0].value[0]", part: "dns" },
      { resource: "dns:contoso.com", urn: "urn:pulumi:s::p::azure-native:dns:RecordSet::@.contoso.com", path: "txtRecords[1].value[0]", part: "dns" },
    ]);
  });

  it("the verification token next to a MailDomain's SPF, or a whole set computed from it, is not a gap: mail flow never reads it", () => {
    const spf = "v=spf1 include:spf.protection.outlook.com -all";
    const partly = rebuild([hybrid, mailDomain("contoso.com", spf), txtSet("contoso.com", [{ value: [spf] }, { value: [UNKNOWN] }])]);
    expect(partly.unverified).toEqual([]);
    const whole = rebuild([hybrid, mailDomain("contoso.com", spf), txtSet("contoso.com", UNKNOWN)]);
    expect(whole.unverified).toEqual([]);
    expect(whole.world.dns["contoso.com"]!.txt).toEqual([spf]);
    const noIntent = rebuild([hybrid, txtSet("contoso.com", UNKNOWN)]);
    expect(noIntent.unverified.map((u) => u.path)).toEqual(["txtRecords"]);
  });
});

describe("other parties", () => {
  it("partners become tenants grouped by tenantId, in our forest or another; a stand-in tenant and internet domain are always there", () => {
    const { world, notes } = rebuild([hybrid], {
      partners: [
        { domain: "partner.cz", sameForest: true, tenantId: "P1" },
        { domain: "partner.sk", sameForest: true, tenantId: "P1" },
        { domain: "far.example", sameForest: false },
      ],
    });
    expect(world.tenants.find((t) => t.id === "P1")).toMatchObject({ forest: "NAM", acceptedDomains: [{ domain: "partner.cz" }, { domain: "partner.sk" }] });
    expect(world.tenants.find((t) => t.id === "partner:far.example")!.forest).toBe("NAM-OTHER");
    expect(world.tenants.some((t) => t.forest === "NAM" && t.acceptedDomains.some((d) => d.domain === "another-tenant.same-forest.example"))).toBe(true);
    expect(world.internetDomains).toContain("internet-recipient.example");
    expect(notes.join(" ")).toMatch(/any other company hosted in EOP forest NAM/);
  });
});

describe("settings", () => {
  it("name the field and the fix", () => {
    const attempt = () => parsePackSettings({ partners: [{ domain: "partner.cz" }], suppressions: [{ rule: "HMF004", reason: "short" }], tenantt: {} });
    expect(attempt).toThrow(InputError);
    const message = (() => {
      try {
        attempt();
      } catch (e) {
        return (e as Error).message;
      }
      return "";
    })();
    expect(message).toContain("policy config hybrid-mailflow is not valid");
    expect(message).toMatch(/partners\[0\]\.sameForest: say whether the partner's tenant is in our EOP forest/);
    expect(message).toMatch(/suppressions\[0\]\.reason: give a written reason of at least 10 characters/);
    expect(message).toMatch(/unknown field\(s\) "tenantt"/);
  });

  it("have a plain JSON Schema for the Pulumi CLI to validate --policy-pack-config against", () => {
    const schema = packSettingsJsonSchema();
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
    expect(schema.required).toBeUndefined();
    expect(Object.keys(schema.properties)).toEqual(["tenant", "onPremises", "partners", "recipients", "internetDomains", "dns", "suppressions", "reportDirectory"]);
  });
});

it("every rule says which parts of the world it reads", () => {
  for (const rule of ALL_RULES) {
    expect(rule.reads.length).toBeGreaterThan(0);
    for (const part of rule.reads) expect(WORLD_PARTS).toContain(part);
  }
});
