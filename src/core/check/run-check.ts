/**
 * `check`: simulate the world's flow matrix, run every rule, apply the written suppressions.
 * Exit status follows from `blocking`: any unsuppressed mandatory finding.
 */
import { buildFlowMatrix, flowWeight } from "../matrix/flows";
import { World, Suppression } from "../model/types";
import { ALL_RULES } from "../rules";
import { Finding, Rule } from "../rules/rule";
import { Engine } from "../simulate";
import { Flow } from "../matrix/flows";
import { DnsLookupFailure, DnsView } from "../spf";

export interface SuppressedFinding {
  readonly finding: Finding;
  readonly reason: string;
}

export interface CheckReport {
  readonly findings: Finding[];
  readonly suppressed: SuppressedFinding[];
  /** True when a mandatory finding is not suppressed. */
  readonly blocking: boolean;
  /**
   * `dns-failure` when a DNS lookup failed (SERVFAIL, timeout, ...): the SPF verdicts that needed it
   * are unknown, which is neither a clean result nor a policy finding. Else `blocked` or `ok`.
   */
  readonly outcome: "ok" | "blocked" | "dns-failure";
  /** The lookups that failed, from a live snapshot; empty offline. */
  readonly dnsFailures: readonly DnsLookupFailure[];
  /** `flows` counts every sender × recipient pair; `simulatedFlows` the routes actually simulated (tenants that receive alike share one). */
  readonly summary: { flows: number; simulatedFlows: number; mandatory: number; advisory: number; suppressed: number; uncertain: number };
  readonly flows: readonly Flow[];
}

export interface CheckOptions {
  readonly rules?: readonly Rule[];
  /** Extra suppressions (the policy pack's configuration) on top of the world's own. */
  readonly suppressions?: readonly Suppression[];
  /** DNS to evaluate SPF against instead of the world's own records (a live snapshot). */
  readonly dns?: DnsView;
  /** Lookups the live snapshot could not complete; any makes the outcome `dns-failure`. */
  readonly dnsFailures?: readonly DnsLookupFailure[];
  /** @internal Off only in the test that shows grouping alike tenants changes no finding. */
  readonly groupAlikeRecipients?: boolean;
}

function globMatches(pattern: string, value: string): boolean {
  if (pattern === "*" || pattern === value) return true;
  return pattern.endsWith("*") && value.startsWith(pattern.slice(0, -1));
}

export function findSuppression(finding: Finding, suppressions: readonly Suppression[]): Suppression | undefined {
  return suppressions.find((s) => (s.rule === finding.rule || s.rule === "*") && globMatches(s.resource, finding.resource));
}

export function runCheck(world: World, options: CheckOptions = {}): CheckReport {
  const engine = new Engine(world, { dns: options.dns });
  const flows = buildFlowMatrix(engine, { groupAlikeRecipients: options.groupAlikeRecipients ?? true });
  const ctx = { world, engine, flows };
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const suppressions = [...world.suppressions, ...(options.suppressions ?? [])];
  for (const rule of options.rules ?? ALL_RULES) {
    for (const f of rule.check(ctx)) {
      const finding: Finding = {
        rule: rule.id,
        title: rule.title,
        severity: rule.severity,
        certainty: f.certainty ?? "documented",
        resource: f.resource,
        message: f.message,
        flows: f.flows ?? [],
        sources: rule.sources,
        fix: f.fix ?? rule.fix,
      };
      const s = findSuppression(finding, suppressions);
      if (s) suppressed.push({ finding, reason: s.reason });
      else findings.push(finding);
    }
  }
  const mandatory = findings.filter((f) => f.severity === "mandatory").length;
  const dnsFailures = options.dnsFailures ?? [];
  return {
    findings,
    suppressed,
    blocking: mandatory > 0,
    outcome: dnsFailures.length > 0 ? "dns-failure" : mandatory > 0 ? "blocked" : "ok",
    dnsFailures,
    summary: {
      flows: flows.reduce((n, f) => n + flowWeight(f), 0),
      simulatedFlows: flows.length,
      mandatory,
      advisory: findings.length - mandatory,
      suppressed: suppressed.length,
      uncertain: findings.filter((f) => f.certainty === "uncertain").length,
    },
    flows,
  };
}
