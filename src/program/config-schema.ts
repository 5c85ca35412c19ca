/**
 * The stack configuration of the config-driven program (`Pulumi.yaml` at the package root): the
 * arguments of one `HybridMailFlow` under the `hybrid-mailflow:` namespace. The schema checks shape
 * and spelling and names the config key in every error; the component then checks the meaning.
 */
import { z } from "zod";
import { formatPath } from "../core/model/errors";
import { strictSchemas } from "../core/model/schema";
import type { HybridMailFlowArgs } from "../components";

export const CONFIG_NAMESPACE = "hybrid-mailflow";

const text = z.string().trim().min(1, "must not be empty");
const texts = z.array(text);
const literal = <T extends string>(values: readonly [T, ...T[]]) => z.enum(values);

const spfSchema = z.strictObject({
  ip4: texts.optional(),
  exchangeOnline: z.boolean().optional(),
  includes: z.array(z.strictObject({ domain: text, lookups: z.number().int().min(1).optional() })).optional(),
  all: literal(["fail", "softfail"]).optional(),
});

const domainSchema = z.strictObject({
  domain: text,
  domainType: literal(["Authoritative", "InternalRelay"]).optional(),
  matchSubDomains: z.boolean().optional(),
  mx: literal(["exchangeOnline", "onPremises"]).optional(),
  onPremisesMxHosts: texts.optional(),
  spf: spfSchema.optional(),
  manageSpf: z.boolean().optional(),
  extraTxtValues: z.array(z.string()).optional(),
  dkim: z.strictObject({ selector1: text, selector2: text }).optional(),
  dmarc: text.optional(),
  autodiscoverCname: text.optional(),
  dns: z.strictObject({ resourceGroupName: text.optional(), zoneName: text.optional() }).optional(),
  ttl: z.number().int().positive().optional(),
  adoptExisting: z.boolean().optional(),
});

/** One schema per config key, so an error names `hybrid-mailflow:<key>`. */
export const configKeys = {
  tenantId: text,
  forest: text,
  initialDomain: text,
  cloud: literal(["commercial", "gcc", "gcchigh", "dod", "china"]).optional(),
  onPremises: strictSchemas.onPremisesSchema.omit({ tenant: true }),
  domains: z.array(domainSchema).min(1, "declare at least one mail domain"),
  dns: z.strictObject({ resourceGroupName: text }).optional(),
  inboundConnector: z
    .strictObject({
      name: text.optional(),
      authentication: literal(["certificate", "ipAddress"]).optional(),
      tlsSenderCertificateName: text.optional(),
      hybridSendConnector: text.optional(),
      cloudServicesMailEnabled: z.boolean().optional(),
      requireTls: z.boolean().optional(),
    })
    .optional(),
  outboundConnector: z
    .strictObject({
      name: text.optional(),
      smartHosts: texts.min(1, "list the on-premises hosts that receive mail from Exchange Online"),
      tlsDomain: text.optional(),
      recipientDomains: texts.optional(),
      centralizedMailTransport: z.boolean().optional(),
      cloudServicesMailEnabled: z.boolean().optional(),
    })
    .optional(),
  spfIncludesOnPremises: z.boolean().optional(),
} as const;

type ConfigKey = keyof typeof configKeys;
const KEYS = Object.keys(configKeys) as ConfigKey[];

export class ConfigError extends Error {
  constructor(readonly issues: readonly { key: string; message: string }[]) {
    super(`the stack configuration is not valid:\n${issues.map((i) => `  - ${i.key}: ${i.message}`).join("\n")}\nFix it with \`pulumi config set --path '<key>' <value>\` or in Pulumi.<stack>.yaml (see Pulumi.example.yaml).`);
    this.name = "ConfigError";
  }
}

/**
 * Validates the values of the `hybrid-mailflow:` keys (as `pulumi.runtime.allConfig()` gives them:
 * full key to JSON text or plain string) and returns the component's arguments.
 */
export function readProgramConfig(all: Readonly<Record<string, string>>): HybridMailFlowArgs {
  const issues: { key: string; message: string }[] = [];
  const values: Record<string, unknown> = {};
  const prefix = `${CONFIG_NAMESPACE}:`;
  for (const [fullKey, raw] of Object.entries(all)) {
    if (!fullKey.startsWith(prefix)) continue;
    const key = fullKey.slice(prefix.length);
    if (!(KEYS as string[]).includes(key)) {
      issues.push({ key: fullKey, message: `unknown key; the program reads ${KEYS.map((k) => prefix + k).join(", ")}` });
      continue;
    }
    values[key] = parseValue(raw);
  }
  for (const key of KEYS) {
    const parsed = configKeys[key].safeParse(values[key]);
    if (parsed.success) continue;
    for (const issue of parsed.error.issues) {
      const path = formatPath(issue.path);
      const at = `${prefix}${key}${path ? (path.startsWith("[") ? path : `.${path}`) : ""}`;
      let message = issue.message;
      if (issue.code === "invalid_type" && values[key] === undefined && issue.path.length === 0) message = "is required";
      else if (issue.code === "invalid_type" && /received undefined/.test(message)) message = "is required";
      else if (issue.code === "unrecognized_keys") message = `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(", ")}; check the spelling`;
      issues.push({ key: at, message });
    }
  }
  if (issues.length > 0) throw new ConfigError(issues);
  // The raw values go on, not the parsed ones: the component applies its own defaults and reports its own fields.
  return values as unknown as HybridMailFlowArgs;
}

/** Structured config arrives as JSON text; plain strings stay strings. */
function parseValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
