/**
 * The report a stack check leaves behind for pipelines: every finding with the stack resource it
 * points at, what could not be verified yet, and the suppressions with their reasons. Pulumi's own
 * JSON output of policy results is incomplete, so this file is what a pipeline should parse.
 */
import type { CheckReport } from "../check/run-check";
import type { Finding } from "../rules/rule";
import type { Reconstruction, UnverifiedValue } from "../stack/reconstruct";
import type { Rule } from "../rules/rule";

export const STACK_REPORT_VERSION = 1;

export interface ReportedFinding extends Finding {
  /** The stack resource to change, when the finding maps onto one. */
  readonly urn?: string;
  /** False when values the rule reads were unknown, so the finding may change once they are known. */
  readonly verified: boolean;
}

export interface StackReport {
  readonly version: typeof STACK_REPORT_VERSION;
  readonly tool: { readonly name: string; readonly version: string };
  readonly generatedAt: string;
  /** True when an unsuppressed mandatory finding was verified (unverified ones are reported as advisory). */
  readonly blocking: boolean;
  readonly summary: CheckReport["summary"] & { readonly unverifiedValues: number };
  readonly findings: readonly ReportedFinding[];
  readonly suppressed: readonly (ReportedFinding & { readonly suppressionReason: string })[];
  readonly unverified: readonly (UnverifiedValue & { readonly rules: readonly string[] })[];
  readonly notes: readonly string[];
}

/** The unknown values that keep `rule` from a final verdict. */
export function unverifiedFor(rule: Pick<Rule, "reads">, unverified: readonly UnverifiedValue[]): UnverifiedValue[] {
  return unverified.filter((u) => rule.reads.includes(u.part));
}

export function buildStackReport(input: {
  readonly reconstruction: Reconstruction;
  readonly check: CheckReport;
  readonly rules: readonly Rule[];
  readonly tool: StackReport["tool"];
  readonly now?: Date;
}): StackReport {
  const { reconstruction, check, rules } = input;
  const byId = new Map(rules.map((r) => [r.id, r]));
  const annotate = (f: Finding): ReportedFinding => {
    const rule = byId.get(f.rule);
    const urn = reconstruction.urnOf.get(f.resource);
    const verified = rule ? unverifiedFor(rule, reconstruction.unverified).length === 0 : true;
    return { ...f, ...(urn ? { urn } : {}), verified };
  };
  const findings = check.findings.map(annotate);
  return {
    version: STACK_REPORT_VERSION,
    tool: input.tool,
    generatedAt: (input.now ?? new Date()).toISOString(),
    blocking: findings.some((f) => f.severity === "mandatory" && f.verified),
    summary: { ...check.summary, unverifiedValues: reconstruction.unverified.length },
    findings,
    suppressed: check.suppressed.map((s) => ({ ...annotate(s.finding), suppressionReason: s.reason })),
    unverified: reconstruction.unverified.map((u) => ({
      ...u,
      rules: rules.filter((r) => r.reads.includes(u.part)).map((r) => r.id),
    })),
    notes: reconstruction.notes,
  };
}
