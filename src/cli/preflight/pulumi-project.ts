/**
 * The parts of a Pulumi project directory `preflight` needs to run its program as the CLI would:
 * `Pulumi.yaml` (name, runtime, main, project-level config defaults) and the stack's
 * `Pulumi.<stack>.yaml`, turned into the `PULUMI_CONFIG` map the Node.js SDK reads.
 */
import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { readDocument } from "../read-document";
import { PreflightError } from "./errors";

export interface PulumiProject {
  readonly dir: string;
  readonly name: string;
  /** The program to `require`: Pulumi.yaml's `main` (a file or directory), else the directory itself. */
  readonly main: string;
  readonly runtimeOptions: Readonly<Record<string, unknown>>;
  /** Project-level config defaults, keyed `namespace:key`. */
  readonly configDefaults: Readonly<Record<string, unknown>>;
}

export interface StackConfig {
  readonly stack: string;
  /** The stack file read, if any. */
  readonly file?: string;
  /** `namespace:key` to the string the SDK hands the program (structured values as JSON). */
  readonly config: Readonly<Record<string, string>>;
  /** Encrypted values preflight cannot decrypt; the program sees them as unset. */
  readonly skippedSecrets: readonly string[];
}

/** The stack name used when the directory has no stack file and none was asked for. */
export const DEFAULT_STACK = "preflight";

type Yaml = Record<string, unknown>;

const isObject = (v: unknown): v is Yaml => typeof v === "object" && v !== null && !Array.isArray(v);

export function readPulumiProject(programDir: string): PulumiProject {
  const dir = resolve(programDir);
  const file = join(dir, "Pulumi.yaml");
  if (!existsSync(file)) throw new PreflightError(`${programDir} is not a Pulumi project: there is no Pulumi.yaml in it`);
  const doc = readDocument(file);
  if (!isObject(doc) || typeof doc.name !== "string" || doc.name === "") throw new PreflightError(`${file}: "name" is required`);
  const runtime = doc.runtime;
  const runtimeName = isObject(runtime) ? runtime.name : runtime;
  if (runtimeName !== "nodejs") {
    throw new PreflightError(`${file}: preflight runs Node.js programs (runtime: nodejs), not runtime ${JSON.stringify(runtimeName ?? null)}`);
  }
  return {
    dir,
    name: doc.name,
    main: resolve(dir, typeof doc.main === "string" ? doc.main : "."),
    runtimeOptions: isObject(runtime) && isObject(runtime.options) ? runtime.options : {},
    configDefaults: projectConfigDefaults(doc.name, doc.config),
  };
}

/** Pulumi.yaml's `config:` holds either plain values or declarations (`{type, default, ...}`). */
function projectConfigDefaults(project: string, config: unknown): Record<string, unknown> {
  if (!isObject(config)) return {};
  const defaults: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    const declared = isObject(value) && ("type" in value || "default" in value || "description" in value || "secret" in value);
    if (declared && !("default" in value)) continue;
    defaults[qualify(project, key)] = declared ? value.default : value;
  }
  return defaults;
}

/** Stacks with a `Pulumi.<stack>.yaml` in the directory, sorted. */
export function stacksIn(dir: string): string[] {
  return readdirSync(dir)
    .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();
}

/**
 * The stack asked for, else the only stack file present, else an unconfigured stack. A stack without
 * a file is fine, as for `pulumi stack init`: the program just sees no stack config.
 */
export function readStackConfig(project: PulumiProject, requested?: string): StackConfig {
  const present = stacksIn(project.dir);
  const stack = requested ?? (present.length === 1 ? present[0]! : DEFAULT_STACK);
  const file = join(project.dir, `Pulumi.${stack}.yaml`);
  const values: Record<string, unknown> = { ...project.configDefaults };
  const skippedSecrets: string[] = [];
  const exists = existsSync(file);
  if (exists) {
    const doc = readDocument(file);
    const config = isObject(doc) && isObject(doc.config) ? doc.config : {};
    for (const [key, value] of Object.entries(config)) {
      const qualified = qualify(project.name, key);
      if (isObject(value) && "secure" in value) skippedSecrets.push(qualified);
      else values[qualified] = value;
    }
  }
  const config = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
  return { stack, file: exists ? file : undefined, config, skippedSecrets };
}

/** Keys without a namespace belong to the project, as `pulumi config set key` stores them. */
function qualify(project: string, key: string): string {
  return key.includes(":") ? key : `${project}:${key}`;
}
