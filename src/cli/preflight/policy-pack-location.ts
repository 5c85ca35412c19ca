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
  /** `runtime.options` (typescript, tsconfig, nodeargs), which the language host turns into node arguments and environment. */
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

/** `@pulumi/pulumi/cmd/run-policy-pack` resolved from the pack directory, as the language host does it. */
export function locateRunPolicyPack(packDir: string): string {
  try {
    return createRequire(join(packDir, "package.json")).resolve(RUN_POLICY_PACK);
  } catch {
    throw new PreflightError(`it looks like the policy pack's dependencies are not installed; try running npm install or yarn install in "${packDir}"`);
  }
}
