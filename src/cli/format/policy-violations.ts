/**
 * Policy results of `preflight`, as text shaped like the Pulumi CLI's "Policy Violations:" section and
 * as the stable JSON document of `--json`.
 */
import type { Diagnostic } from "../preflight/analyzer-client";
import type { PreflightResult } from "../preflight/preflight";
import { maskSecrets, secretValuesIn } from "../../core/stack/secrets";

/** Messages with the program's secret values shown as [secret], whatever pack produced them. */
function masked(result: PreflightResult, diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const secrets = new Set<string>();
  for (const r of result.run.resources) secretValuesIn([r.props, r.inputs], secrets);
  return maskSecrets([...diagnostics], secrets);
}

export interface ViolationJson {
  readonly policyName: string;
  readonly policyPackName: string;
  readonly policyPackVersion: string;
  readonly enforcementLevel: string;
  readonly severity: string;
  readonly description: string;
  readonly message: string;
  readonly urn: string;
  readonly resourceType: string;
  readonly resourceName: string;
}

export interface PreflightJson {
  readonly version: 1;
  readonly program: { readonly dir: string; readonly project: string; readonly stack: string; readonly mode: string };
  readonly policyPack: { readonly dir: string; readonly name: string; readonly version: string };
  readonly resources: number;
  readonly violations: ViolationJson[];
  readonly summary: { readonly mandatory: number; readonly advisory: number };
  readonly blocking: boolean;
}

/** Mandatory first, otherwise in the order the pack reported them. */
function ordered(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const rank = (d: Diagnostic) => (d.enforcementLevel === "mandatory" ? 0 : 1);
  return [...diagnostics].sort((a, b) => rank(a) - rank(b));
}

/** The resource a diagnostic is about; a stack policy that named none is about the stack itself, as in the CLI. */
function subject(result: PreflightResult, d: Diagnostic): { urn: string; type: string; name: string } {
  const resource = result.run.resources.find((r) => r.urn === d.urn) ?? result.rootStack;
  return { urn: resource?.urn ?? d.urn, type: resource?.type ?? "", name: resource?.name ?? "" };
}

function counts(result: PreflightResult): { mandatory: number; advisory: number } {
  const mandatory = result.diagnostics.filter((d) => d.enforcementLevel === "mandatory").length;
  return { mandatory, advisory: result.diagnostics.length - mandatory };
}

export function preflightAsJson(result: PreflightResult): PreflightJson {
  const summary = counts(result);
  return {
    version: 1,
    program: { dir: result.run.project.dir, project: result.run.project.name, stack: result.run.stack.stack, mode: result.run.mode },
    policyPack: { dir: result.pack.dir, name: result.pack.name, version: result.pack.version },
    resources: result.run.resources.length,
    violations: ordered(masked(result, result.diagnostics)).map((d) => {
      const about = subject(result, d);
      return {
        policyName: d.policyName,
        policyPackName: d.policyPackName,
        policyPackVersion: d.policyPackVersion,
        enforcementLevel: d.enforcementLevel,
        severity: d.severity,
        description: d.description,
        message: d.message,
        urn: about.urn,
        resourceType: about.type,
        resourceName: about.name,
      };
    }),
    summary,
    blocking: summary.mandatory > 0,
  };
}

export function preflightAsText(result: PreflightResult): string {
  const lines: string[] = [];
  if (result.diagnostics.length > 0) {
    lines.push("Policy Violations:");
    for (const d of ordered(masked(result, result.diagnostics))) {
      const about = subject(result, d);
      lines.push(`    [${d.enforcementLevel}]  ${d.policyPackName} v${d.policyPackVersion}  ${d.policyName} (${about.name}: ${about.type})`);
      lines.push(...d.message.trimEnd().split("\n").map((l) => `    ${l}`), "");
    }
  }
  const { mandatory, advisory } = counts(result);
  const scope = `${result.pack.name} v${result.pack.version} over ${result.run.resources.length} resources of stack ${result.run.stack.stack} (${result.run.mode})`;
  lines.push(
    result.diagnostics.length === 0
      ? `No policy violations from ${scope}: OK.`
      : `${mandatory} mandatory, ${advisory} advisory policy violation(s) from ${scope}: ${mandatory > 0 ? "BLOCKED" : "OK"}.`,
  );
  return lines.join("\n");
}
