/**
 * Policy pack configuration the way the Pulumi CLI builds it (pkg/resource/analyzer/config.go): the
 * `--policy-pack-config` JSON (`{"all": "mandatory", "<policy>": "advisory" | {"enforcementLevel": ...,
 * "<property>": value}}`) is reconciled with what the pack declares (each policy's level and schema
 * defaults, then the pack's initial config, then the file; `all` first, named policies over it) and
 * checked against each policy's config schema before `Configure` is sent.
 */
import { z } from "zod";
import { PreflightError } from "./errors";
import { decodeText, readInputBytes } from "../read-document";

export const ENFORCEMENT_LEVELS = ["advisory", "mandatory", "remediate", "disabled"] as const;
export type EnforcementLevel = (typeof ENFORCEMENT_LEVELS)[number];

/** `--policy-pack-config` as users write it. */
export type PolicyPackConfig = Readonly<Record<string, string | { readonly enforcementLevel?: string; readonly [property: string]: unknown }>>;

export interface PolicyConfigEntry {
  readonly enforcementLevel?: EnforcementLevel;
  readonly properties: Readonly<Record<string, unknown>>;
}

export type ReconciledConfig = Record<string, PolicyConfigEntry>;

/** What reconciliation needs to know about each policy of the pack. */
export interface ConfigurablePolicy {
  readonly name: string;
  readonly enforcementLevel: EnforcementLevel;
  readonly configSchema?: { readonly properties: Readonly<Record<string, unknown>>; readonly required: readonly string[] };
}

const ALL = "all";

const isLevel = (value: unknown): value is EnforcementLevel => (ENFORCEMENT_LEVELS as readonly unknown[]).includes(value);

function levelOf(key: string, value: unknown): EnforcementLevel {
  if (typeof value !== "string") throw new PreflightError(`policy pack config: parsing enforcement level for "${key}": ${JSON.stringify(value)} is not a valid enforcement level; must be a string`);
  if (!isLevel(value)) throw new PreflightError(`policy pack config: parsing enforcement level for "${key}": "${value}" is not a valid enforcement level (${ENFORCEMENT_LEVELS.join(", ")})`);
  return value;
}

/** Parses the file format into entries; empty entries are dropped, as the CLI drops them. */
export function parsePolicyPackConfig(config: PolicyPackConfig): ReconciledConfig {
  const result: ReconciledConfig = {};
  for (const [key, value] of Object.entries(config)) {
    // ESC environments (Pulumi 3.230+) are opened by Pulumi Cloud, which preflight cannot reach: say so, since
    // the values they would add to the config are missing here and `pulumi preview` may judge differently.
    if (key === "environments" && Array.isArray(value)) {
      process.stderr.write(`warning: the policy pack config names ESC environments (${value.join(", ")}); preflight cannot open them, so the settings they provide are missing. Run pulumi preview --policy-pack for the verdict with them.\n`);
      continue;
    }
    if (typeof value === "string") {
      result[key] = { enforcementLevel: levelOf(key, value), properties: {} };
    } else if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      const { enforcementLevel, ...properties } = value;
      const entry = { enforcementLevel: enforcementLevel === undefined ? undefined : levelOf(key, enforcementLevel), properties };
      if (entry.enforcementLevel !== undefined || Object.keys(properties).length > 0) result[key] = entry;
    } else {
      throw new PreflightError(`policy pack config: parsing "${key}": ${JSON.stringify(value)} is not a valid value; must be a string or object`);
    }
  }
  return result;
}

export function readPolicyPackConfigFile(path: string): PolicyPackConfig {
  let text: string;
  try {
    text = decodeText(readInputBytes(path));
  } catch (error) {
    throw new PreflightError(`cannot read the policy pack config ${path}: ${(error as Error).message}`);
  }
  if (text.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new PreflightError(`the policy pack config ${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new PreflightError(`the policy pack config ${path} must be a JSON object`);
  // Checked now, so a bad level fails before the program runs rather than after.
  parsePolicyPackConfig(parsed as PolicyPackConfig);
  return parsed as PolicyPackConfig;
}

function applyConfig(result: ReconciledConfig, apply: ReconciledConfig): ReconciledConfig {
  const next: ReconciledConfig = { ...result };
  const all = apply[ALL]?.enforcementLevel;
  if (all) for (const [name, entry] of Object.entries(next)) next[name] = { ...entry, enforcementLevel: all };
  for (const [name, given] of Object.entries(apply)) {
    const current = next[name];
    next[name] = {
      enforcementLevel: given.enforcementLevel ?? current?.enforcementLevel,
      properties: { ...current?.properties, ...given.properties },
    };
  }
  return next;
}

function schemaDefaults(policy: ConfigurablePolicy): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
    if (typeof schema === "object" && schema !== null && "default" in schema) defaults[key] = (schema as { default: unknown }).default;
  }
  return defaults;
}

function validationErrors(policies: readonly ConfigurablePolicy[], config: ReconciledConfig): string[] {
  const errors: string[] = [];
  for (const policy of policies) {
    if (!policy.configSchema) continue;
    const schema = z.fromJSONSchema({ type: "object", properties: policy.configSchema.properties, required: [...policy.configSchema.required] } as Parameters<typeof z.fromJSONSchema>[0]);
    const parsed = schema.safeParse(config[policy.name]?.properties ?? {});
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors.push(`${policy.name}: ${issue.path.length > 0 ? `${issue.path.join(".")}: ` : ""}${issue.message}`);
    }
  }
  return errors;
}

/** The config `Configure` receives: every policy with its level and properties, defaults filled in. */
export function reconcilePolicyConfig(policies: readonly ConfigurablePolicy[], initialConfig: ReconciledConfig, given: ReconciledConfig): ReconciledConfig {
  let result: ReconciledConfig = Object.fromEntries(policies.map((p) => [p.name, { enforcementLevel: p.enforcementLevel, properties: schemaDefaults(p) }]));
  result = applyConfig(result, initialConfig);
  result = applyConfig(result, given);
  const errors = validationErrors(policies, result);
  if (errors.length > 0) throw new PreflightError(`the policy pack config is not valid:\n${errors.map((e) => `  - ${e}`).join("\n")}`);
  return result;
}
