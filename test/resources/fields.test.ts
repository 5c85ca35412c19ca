import { changedFields, declaredForm, INBOUND_FIELDS, normalise, OUTBOUND_FIELDS, toParameters, type FieldSpec } from "../../src/resources/fields";

const field = (key: string, fields: readonly FieldSpec[] = INBOUND_FIELDS) => fields.find((f) => f.key === key)!;

describe("comparing declared and live values", () => {
  it("treats smtp:domain;1, case and order as the same address space", () => {
    expect(normalise(field("senderDomains"), ["smtp:*.Fabrikam.com;1", "smtp:contoso.com;1"])).toEqual(normalise(field("senderDomains"), ["Contoso.com", "*.fabrikam.com"]));
  });

  it("treats null, [] and a missing list alike, and an empty comment as none", () => {
    expect(normalise(field("senderIPAddresses"), null)).toEqual([]);
    expect(normalise(field("senderIPAddresses"), [])).toEqual([]);
    expect(normalise(field("comment"), "")).toBeNull();
  });

  it("reads AdminUI as the Default connector source and compares enums without case", () => {
    expect(normalise(field("connectorSource"), "AdminUI")).toBe(normalise(field("connectorSource"), "Default"));
    expect(normalise(field("connectorType"), "onpremises")).toBe(normalise(field("connectorType"), "OnPremises"));
  });

  it("compares the service's 7-digit, zone-less timestamps with ISO input", () => {
    const ts = field("lastValidationTimestamp", OUTBOUND_FIELDS);
    expect(normalise(ts, "2026-05-06T14:30:00.0000000")).toBe(normalise(ts, "2026-05-06T14:30:00Z"));
  });

  it("finds only the managed fields that differ", () => {
    const live = { Name: "In", ConnectorType: "OnPremises", SenderDomains: ["smtp:*;1"], RequireTls: true, Comment: null, Enabled: false };
    const changed = changedFields(INBOUND_FIELDS, { name: "In", connectorType: "OnPremises", senderDomains: ["*"], requireTls: true, comment: "" }, live);
    expect(changed).toEqual([]);
    expect(changedFields(INBOUND_FIELDS, { name: "In", requireTls: false }, live).map((f) => f.key)).toEqual(["requireTls"]);
  });

  it("empties a live list with a Remove hashtable (never null), leaves empty lists out of New, sends cleared text as $null, and gives refresh the declared form back", () => {
    const fields = [field("senderIPAddresses"), field("senderDomains"), field("comment"), field("enabled")];
    const values = { senderIPAddresses: [], senderDomains: [], comment: "", enabled: false };
    expect(toParameters(fields, values)).toEqual({ Comment: null, Enabled: false });
    expect(toParameters(fields, values, { SenderIPAddresses: ["203.0.113.1"], SenderDomains: ["smtp:contoso.com;1"] })).toEqual({
      SenderIPAddresses: { kind: "multi-valued-update", add: undefined, remove: ["203.0.113.1"] },
      SenderDomains: { kind: "multi-valued-update", add: undefined, remove: ["contoso.com"] },
      Comment: null,
      Enabled: false,
    });
    expect(toParameters(fields, values, { SenderIPAddresses: null, SenderDomains: [] })).toEqual({ Comment: null, Enabled: false });
    expect(declaredForm(field("senderDomains"), ["smtp:Contoso.com;1"])).toEqual(["Contoso.com"]);
    expect(declaredForm(field("connectorSource"), "AdminUI")).toBe("Default");
  });
});
