/**
 * Resource properties as the engine hands them to a policy pack. The engine marshals stack state for
 * AnalyzeStack with unknowns and secrets kept, resource references flattened to their id (or URN for
 * components) and internal `__` keys (a dynamic resource's serialised `__provider`) left out. Secrets
 * stay marked: @pulumi/policy unwraps them before any policy sees them.
 */
import { specialOutputValueSig, specialResourceSig, specialSecretSig, specialSigKey, unknownValue } from "@pulumi/pulumi/runtime/rpc";

export type UrnMapper = (urn: string) => string;

const isInternalKey = (key: string) => key.startsWith("__");

export function analyzerView(value: unknown, mapUrn: UrnMapper = (u) => u): unknown {
  if (Array.isArray(value)) return value.map((v) => analyzerView(v, mapUrn) ?? null);
  if (value === null || typeof value !== "object") return value;
  const object = value as Record<string, unknown>;
  switch (object[specialSigKey]) {
    case specialSecretSig:
      // Kept marked, as the engine sends it: @pulumi/policy unwraps it for the policies, and the pack needs to know it was secret.
      return { [specialSigKey]: specialSecretSig, value: analyzerView(object.value, mapUrn) };
    case specialResourceSig: {
      // Without the engine's KeepResources option a reference becomes the id of a custom resource
      // (unknown while it is being created) or the URN of a component.
      if ("id" in object) return typeof object.id === "string" && object.id !== "" ? object.id : unknownValue;
      return mapUrn(String(object.urn));
    }
    case specialOutputValueSig:
      return "value" in object ? analyzerView(object.value, mapUrn) : unknownValue;
    default:
      break;
  }
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(object)) {
    if (isInternalKey(key) || item === undefined) continue;
    result[key] = analyzerView(item, mapUrn);
  }
  return result;
}

export function analyzerProperties(props: Readonly<Record<string, unknown>>, mapUrn?: UrnMapper): Record<string, unknown> {
  return analyzerView(props, mapUrn) as Record<string, unknown>;
}
