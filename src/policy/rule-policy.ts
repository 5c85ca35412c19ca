/**
 * One stack policy per rule, named by the rule id, so users set enforcement per rule with
 * `--policy-pack-config` (`{"HMF004": "mandatory"}`) exactly as they suppress findings by rule id.
 */
import type { StackValidationPolicy } from "@pulumi/policy/policy";
import { unverifiedFor } from "../core/report/stack-report";
import type { Rule } from "../core/rules/rule";
import { reportAdvisory } from "./advisory-report";
import { analyzeStack, type StackAnalysis } from "./analysis";
import { currentSettings } from "./settings";
import { toStackResources } from "./stack-resources";
import { findingMessage, unverifiedMessage } from "./violation";

export interface RuleViolation {
  readonly message: string;
  readonly urn?: string;
  /** Reported at advisory level whatever the rule's level: a value it reads was unknown. */
  readonly advisory: boolean;
}

/** What a rule policy reports for one analysis; `undefined` analysis means the settings were invalid. */
export type RuleVerdict = { readonly kind: "notApplicable"; readonly reason: string } | { readonly kind: "violations"; readonly violations: readonly RuleViolation[] };

export function ruleVerdict(rule: Rule, analysis: StackAnalysis | undefined): RuleVerdict {
  // Without valid settings the settings policy has reported the broken config; checking without it would mislead.
  if (!analysis || analysis.kind === "failed") return { kind: "violations", violations: [] };
  if (analysis.kind === "notApplicable") return { kind: "notApplicable", reason: analysis.reason };
  const unknown = unverifiedFor(rule, analysis.reconstruction.unverified);
  const findings = analysis.report.findings.filter((f) => f.rule === rule.id);
  const violations: RuleViolation[] = findings.map((f) => ({ message: findingMessage(f, unknown), urn: f.urn, advisory: unknown.length > 0 }));
  if (findings.length === 0 && unknown.length > 0) violations.push({ message: unverifiedMessage(unknown), urn: unknown[0]?.urn, advisory: true });
  return { kind: "violations", violations };
}

export function rulePolicy(rule: Rule): StackValidationPolicy {
  const description = `${rule.title}: ${rule.description}`;
  return {
    name: rule.id,
    displayName: `${rule.id} ${rule.title}`,
    description,
    enforcementLevel: rule.severity,
    severity: rule.severity === "mandatory" ? "high" : "medium",
    remediationSteps: rule.fix,
    tags: ["exchange-online", "mail-flow", ...rule.reads],
    validateStack: (args, report) => {
      const adopted = currentSettings();
      const verdict = ruleVerdict(rule, adopted.ok ? analyzeStack(toStackResources(args.resources), adopted.settings) : undefined);
      if (verdict.kind === "notApplicable") return args.notApplicable(verdict.reason);
      for (const v of verdict.violations) {
        if (v.advisory) reportAdvisory(report, description, v.message, v.urn);
        else report(v.message, v.urn);
      }
    },
  };
}
