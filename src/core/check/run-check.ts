/**
 * `check`: simulate the world's flow matrix, run every rule, apply the written suppressions.
 * Exit status follows from `blocking`: any unsuppressed mandatory finding.
 *
 * The flows are simulated one at a time and shown to every rule that judges flows as they come, so
 * memory follows what the report holds, not the size of the matrix (a few kilobytes of world can make
 * millions of flows). Whoever wants the flows themselves iterates `CheckReport.flows`, which simulates
 * them again.
 */
import { Flow, buildFlowMatrix, flowMatrix, flowWeight } from "../matrix/flows";
import { World, Suppression } from "../model/types";
import { ALL_RULES } from "../rules";
import { CheckContext, Finding, FlowObserver, Rule, RuleFinding } from "../rules/rule";
import { Engine } from "../simulate";
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
  /**
   * The simulated flows, in matrix order. The report does not hold them: each iteration simulates
   * them again, one at a time, so write them out as they come rather than collecting them.
   */
  readonly flows: Iterable<Flow>;
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
  /**
   * @internal Simulate every flow before any rule sees one, and show them to one rule after another,
   * as `check` did before it streamed them; only the test that shows streaming changes no finding sets it.
   */
  readonly materialiseFlows?: boolean;
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
  const matrix = { groupAlikeRecipients: options.groupAlikeRecipients ?? true };
  const ctx: CheckContext = { world, engine };
  const rules = options.rules ?? ALL_RULES;
  const observers = new Map<Rule, FlowObserver>();
  for (const rule of rules) if (rule.observeFlows) observers.set(rule, rule.observeFlows(ctx));
  let simulatedFlows = 0;
  let weight = 0;
  let flows: Iterable<Flow>;
  if (options.materialiseFlows) {
    const all = buildFlowMatrix(engine, matrix);
    for (const observer of observers.values()) for (const f of all) observer.observe(f);
    simulatedFlows = all.length;
    for (const f of all) weight += flowWeight(f);
    flows = all;
  } else {
    const list = [...observers.values()];
    for (const f of flowMatrix(engine, matrix)) {
      simulatedFlows++;
      weight += flowWeight(f);
      for (const observer of list) observer.observe(f);
    }
    // Iterating again simulates again, with an engine of its own, so the report keeps no simulation state alive.
    flows = { [Symbol.iterator]: () => flowMatrix(new Engine(world, { dns: options.dns }), matrix) };
  }
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const suppressions = [...world.suppressions, ...(options.suppressions ?? [])];
  for (const rule of rules) {
    const found: RuleFinding[] = rule.observeFlows ? observers.get(rule)!.findings() : rule.check(ctx);
    for (const f of found) {
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
      flows: weight,
      simulatedFlows,
      mandatory,
      advisory: findings.length - mandatory,
      suppressed: suppressed.length,
      uncertain: findings.filter((f) => f.certainty === "uncertain").length,
    },
    flows,
  };
}
