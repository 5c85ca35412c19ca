import { installDeserializeOnce } from "../../src/policy/deserialize-once";

// The Struct class the SDK's requests carry; loaded the way @pulumi/policy loads it.
const { Struct } = require("google-protobuf/google/protobuf/struct_pb") as { Struct: { fromJavaScript(v: object): object } };
const sdk = require("@pulumi/policy/deserialize") as { deserializeProperties(s: object, secrets: boolean): Record<string, unknown> };

describe("deserialising each resource of an AnalyzeStack request once", () => {
  it("hands every stack policy the same plain properties for the same Struct, and fresh ones for another", () => {
    expect(installDeserializeOnce()).toBe(true);
    const struct = Struct.fromJavaScript({ domainName: "contoso.com", records: [{ value: ["v=spf1 -all"] }] });
    const first = sdk.deserializeProperties(struct, false);
    expect(sdk.deserializeProperties(struct, false)).toBe(first);
    expect(first).toEqual({ domainName: "contoso.com", records: [{ value: ["v=spf1 -all"] }] });
    const other = sdk.deserializeProperties(Struct.fromJavaScript({ domainName: "contoso.com", records: [{ value: ["v=spf1 -all"] }] }), false);
    expect(other).not.toBe(first);
    expect(other).toEqual(first);
  });

  it("leaves remediation's secret-preserving deserialisation alone, since remediations may change what they get", () => {
    installDeserializeOnce();
    const struct = Struct.fromJavaScript({ a: 1 });
    expect(sdk.deserializeProperties(struct, true)).not.toBe(sdk.deserializeProperties(struct, true));
  });

  it("installs once however often the policies are built", () => {
    installDeserializeOnce();
    const hooked = sdk.deserializeProperties;
    expect(installDeserializeOnce()).toBe(true);
    expect(sdk.deserializeProperties).toBe(hooked);
  });
});
