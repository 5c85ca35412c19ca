/** Properties reach a policy pack as the engine marshals them for AnalyzeStack. */
import { specialOutputValueSig, specialResourceSig, specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { analyzerProperties } from "../../src/cli/preflight/wire-properties";
import { UNKNOWN } from "../../src/core/stack/unknown";

it("keeps secrets marked, flattens resource references, keeps unknowns and drops internal keys", () => {
  const props = {
    __provider: "exports.handler = ...",
    password: { [specialSigKey]: specialSecretSig, value: "s3cr3t" },
    zone: { [specialSigKey]: specialResourceSig, urn: "urn:mock:zone", id: "zone-id" },
    pending: { [specialSigKey]: specialResourceSig, urn: "urn:mock:pending", id: "" },
    component: { [specialSigKey]: specialResourceSig, urn: "urn:mock:component" },
    later: { [specialSigKey]: specialOutputValueSig },
    known: { [specialSigKey]: specialOutputValueSig, value: [1, 2] },
    records: [{ value: UNKNOWN, __internal: true }, undefined],
    missing: undefined,
  };
  expect(analyzerProperties(props, (urn) => urn.replace("urn:mock:", "urn:engine:"))).toEqual({
    password: { [specialSigKey]: specialSecretSig, value: "s3cr3t" },
    zone: "zone-id",
    pending: UNKNOWN,
    component: "urn:engine:component",
    later: UNKNOWN,
    known: [1, 2],
    records: [{ value: UNKNOWN }, null],
  });
});
