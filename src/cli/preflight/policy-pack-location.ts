/**
 * Finding what starts a Node.js policy pack, as the Pulumi CLI does: `PulumiPolicy.yaml` in the pack
 * directory, and `@pulumi/pulumi/cmd/run-policy-pack` from the pack's dependencies.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { readDocument } from "../read-document";
import { PreflightError } from "./errors";

export interface PolicyPackProject {
  readonly dir: string;
  /** PulumiPolicy.yaml's `version`, which overrides the version the pack reports. */
  readonly version?: string;
  readonly description?: string;
  /** `runtime.options`, passed to the pack as `-key=value` arguments like the CLI does. */
  readonly runtimeOptions: Readonly<Record<string, unknown>>;
}

const RUN_POLICY_PACK = "@pulumi/pulumi/cmd/run-policy-pack";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function readPolicyPackProject(packDir: string): PolicyPackProject {
  const dir = resolve(packDir);
  const file = join(dir, "PulumiPolicy.yaml");
  if (!existsSync(file)) throw new PreflightError(`failed to load Pulumi policy project located at "${dir}": there is no PulumiPolicy.yaml`);
  const doc = readDocument(file);
  if (!isObject(doc)) throw new PreflightError(`failed to load Pulumi policy project located at "${dir}": PulumiPolicy.yaml is not a mapping`);
  const runtime = doc.runtime;
  const runtimeName = isObject(runtime) ? runtime.name : runtime;
  if (runtimeName !== "nodejs") throw new PreflightError(`${file}: preflight runs Node.js policy packs (runtime: nodejs), not runtime ${JSON.stringify(runtimeName ?? null)}`);
  return {
    dir,
    ...(typeof doc.version === "string" && doc.version ? { version: doc.version } : {}),
    ...(typeof doc.description === "string" ? { description: doc.description } : {}),
    runtimeOptions: isObject(runtime) && isObject(runtime.options) ? runtime.options : {},
  };
}

/**
 * The pack's own `@pulumi/pulumi` first (Node resolution from the pack directory), then the one this
 * package depends on (`fallbackFrom`, a directory inside it).
 */
export function locateRunPolicyPack(packDir: string, fallbackFrom: string = __dirname): string {
  for (const from of [join(packDir, "package.json"), join(fallbackFrom, "package.json")]) {
    try {
      return createRequire(from).resolve(RUN_POLICY_PACK);
    } catch {
      // try the next place
    }
  }
  throw new PreflightError(`it looks like the policy pack's dependencies are not installed; try running npm install or yarn install in "${packDir}"`);
}
