/**
 * Turns untrusted input (a parsed YAML/JSON document) into a validated world, message or scenario.
 * Schema errors and cross-references are reported together, each with its field and its fix.
 */
import { z } from "zod";
import { InputError, InputIssue } from "./errors";
import { translateIssues } from "./issue-messages";
import { lenientSchemas, strictSchemas } from "./schema";
import type { Message, Scenario, World } from "./types";

export interface ParseOptions {
  /** Names the input in errors, e.g. the file path. */
  source?: string;
  /** Reject unknown fields (default for world files people write). */
  strict?: boolean;
}

const schemasFor = (strict: boolean) => (strict ? strictSchemas : lenientSchemas);

function crossReferenceIssues(world: World, prefix: string): InputIssue[] {
  const issues: InputIssue[] = [];
  const at = (path: string) => (prefix ? `${prefix}.${path}` : path);
  const tenantIds = new Set<string>();
  const domainOwner = new Map<string, string>();
  world.tenants.forEach((tenant, t) => {
    if (tenantIds.has(tenant.id)) issues.push({ path: at(`tenants[${t}].id`), message: `tenant id "${tenant.id}" is used twice; give each tenant its own id` });
    tenantIds.add(tenant.id);
    tenant.acceptedDomains.forEach((d, i) => {
      const owner = domainOwner.get(d.domain);
      if (owner !== undefined) {
        issues.push({
          path: at(`tenants[${t}].acceptedDomains[${i}].domain`),
          message: `${d.domain} is already an accepted domain of tenant ${owner}; a domain can be verified in one tenant only, so remove it from one of them`,
        });
      }
      domainOwner.set(d.domain, tenant.id);
    });
    const names = new Set<string>();
    tenant.inboundConnectors.forEach((c, i) => {
      const key = c.name.toLowerCase();
      if (names.has(key)) issues.push({ path: at(`tenants[${t}].inboundConnectors[${i}].name`), message: `connector name "${c.name}" is used twice in tenant ${tenant.id}; names must be unique` });
      names.add(key);
    });
    const outNames = new Set<string>();
    tenant.outboundConnectors.forEach((c, i) => {
      const key = c.name.toLowerCase();
      if (outNames.has(key)) issues.push({ path: at(`tenants[${t}].outboundConnectors[${i}].name`), message: `connector name "${c.name}" is used twice in tenant ${tenant.id}; names must be unique` });
      outNames.add(key);
    });
  });
  world.onPremises.forEach((org, o) => {
    if (!tenantIds.has(org.tenant)) {
      issues.push({ path: at(`onPremises[${o}].tenant`), message: `no tenant with id "${org.tenant}"; use one of: ${[...tenantIds].join(", ")}` });
    }
    const servers = new Set(org.servers.map((s) => s.name));
    org.sendConnectors.forEach((sc, c) => {
      sc.sourceServers.forEach((name, s) => {
        if (!servers.has(name)) {
          issues.push({ path: at(`onPremises[${o}].sendConnectors[${c}].sourceServers[${s}]`), message: `no server named "${name}" in onPremises[${o}].servers; use one of: ${[...servers].join(", ")}` });
        }
      });
    });
  });
  return issues;
}

function validate(schema: z.ZodType, input: unknown, source: string, prefix = ""): unknown {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new InputError(source, translateIssues(parsed.error.issues, input, prefix));
  return parsed.data;
}

export function parseWorld(input: unknown, options: ParseOptions = {}): World {
  const source = options.source ?? "world";
  const world = validate(schemasFor(options.strict ?? true).worldSchema, input, source) as World;
  const issues = crossReferenceIssues(world, "");
  if (issues.length > 0) throw new InputError(source, issues);
  return world;
}

export function parseMessage(input: unknown, world: World, options: ParseOptions = {}): Message {
  const source = options.source ?? "message";
  const message = validate(schemasFor(options.strict ?? true).messageSchema, input, source) as Message;
  checkMessageAgainstWorld(message, world, source, "");
  return message;
}

export function parseScenario(input: unknown, options: ParseOptions = {}): Scenario {
  const source = options.source ?? "scenario";
  const scenario = validate(schemasFor(options.strict ?? false).scenarioSchema, input, source) as Scenario;
  const issues = crossReferenceIssues(scenario.world, "world");
  if (issues.length > 0) throw new InputError(source, issues);
  checkMessageAgainstWorld(scenario.message, scenario.world, source, "message");
  return scenario;
}

function checkMessageAgainstWorld(message: Message, world: World, source: string, prefix: string): void {
  const at = (p: string) => (prefix ? `${prefix}.${p}` : p);
  const issues: InputIssue[] = [];
  if (message.mailboxTenant !== undefined && !world.tenants.some((t) => t.id === message.mailboxTenant)) {
    issues.push({ path: at("mailboxTenant"), message: `no tenant with id "${message.mailboxTenant}"` });
  }
  if (issues.length > 0) throw new InputError(source, issues);
}
