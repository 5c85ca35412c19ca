/**
 * The engine sends AnalyzeStack the stack's state with secrets marked, but @pulumi/policy unwraps
 * them before any stack policy runs, so a policy cannot tell `pulumi.secret("x")` from "x". This
 * observes the SDK's deserialisation (without changing what it returns) and remembers the secret
 * values, so the findings and report files can show them as `[secret]`.
 */
import { secretValuesIn } from "../core/stack/secrets";

// On globalThis: the SDK and this module may be loaded more than once in one pack process.
const KEY = Symbol.for("hybrid-mailflow.stack-secrets");

export function capturedSecrets(): Set<string> {
  const holder = globalThis as unknown as Record<symbol, Set<string> | undefined>;
  return (holder[KEY] ??= new Set());
}

interface Struct {
  toJavaScript(): unknown;
}
type Deserialize = (struct: Struct, proxySecrets: boolean) => unknown;

/** Wraps the SDK's `deserializeProperties`; safe to call more than once. Returns false when the SDK's shape is not what this expects. */
export function captureStackSecrets(): boolean {
  let module: { deserializeProperties?: Deserialize & { captured?: true } };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    module = require("@pulumi/policy/deserialize") as typeof module;
  } catch {
    return false;
  }
  const original = module.deserializeProperties;
  if (typeof original !== "function") return false;
  if (original.captured) return true;
  const wrapped = Object.assign(
    (struct: Struct, proxySecrets: boolean) => {
      let js: unknown;
      try {
        js = struct.toJavaScript();
        secretValuesIn(js, capturedSecrets());
      } catch {
        // Observation only: a value it cannot read is left to the SDK.
        return original(struct, proxySecrets);
      }
      // The SDK reads the Struct only through toJavaScript(); converting a large stack twice costs seconds.
      return original({ toJavaScript: () => js }, proxySecrets);
    },
    { captured: true as const },
  );
  module.deserializeProperties = wrapped;
  return true;
}
