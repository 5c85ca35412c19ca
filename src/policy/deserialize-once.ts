/**
 * `@pulumi/policy` deserialises every resource's properties from the AnalyzeStack request once per
 * stack policy (server.js, `makeAnalyzeStackRpcFun`), so a pack of 21 stack policies pays for the
 * whole stack 21 times: 13 s on 20,001 resources. The request's protobuf Struct of each resource is one
 * object for the whole request (jspb keeps wrapper fields), so deserialising it once per Struct gives
 * every policy the same plain object, and lets the analysis know "the same AnalyzeStack call" by the
 * identity of those objects instead of by serialising the stack.
 *
 * The SDK reads `deserializeProperties` off its module's exports at each call, which is where this
 * hooks in. Nothing depends on the hook for correctness: without it (another SDK layout) every policy
 * gets fresh objects again and the analysis is simply recomputed for each.
 */

type Deserialize = (struct: object, proxySecrets: boolean) => Record<string, unknown>;
type DeserializeModule = { deserializeProperties: Deserialize };

const MEMOISED = Symbol.for("hybrid-mailflow.deserializeOnce");

export function installDeserializeOnce(): boolean {
  let mod: DeserializeModule;
  try {
    mod = require("@pulumi/policy/deserialize") as DeserializeModule;
  } catch {
    return false;
  }
  const original = mod.deserializeProperties as Deserialize & { [MEMOISED]?: true };
  if (typeof original !== "function") return false;
  if (original[MEMOISED]) return true;
  // Keyed weakly by the request's Struct, so a finished request's properties go with it.
  // Only the plain form: remediation asks for secret-preserving properties it may then change.
  const memo = new WeakMap<object, Record<string, unknown>>();
  const once: Deserialize & { [MEMOISED]?: true } = (struct, proxySecrets) => {
    if (proxySecrets || typeof struct !== "object" || struct === null) return original(struct, proxySecrets);
    let props = memo.get(struct);
    if (props === undefined) {
      props = original(struct, proxySecrets);
      memo.set(struct, props);
    }
    return props;
  };
  once[MEMOISED] = true;
  try {
    mod.deserializeProperties = once;
  } catch {
    return false;
  }
  return mod.deserializeProperties === once;
}
