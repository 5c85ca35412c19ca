/**
 * One stack policy per rule, named by the rule id, so users set enforcement per rule with
 * `--policy-pack-config` (`{"HMF004": "mandatory"}`) exactly as they suppress findings by rule id.
 */
import type { StackValidationPolicy } from "@pulumi/policy/policy";
import { unverifiedFor } from "../core/report/stack-report";
import type { Rule } from "../core/rules/rule";
import { reportAdvisory } from "./advisory-report";
import { analyzeStack } from "./analysis";
import { currentSettings } from "./settings";
import { toStackResources } from "./stack-resources";
import { findingMessage, unverifiedMessage } from "./violation";

export function rulePolicy(rule: Rule): StackValidationPolicy {
  return {
    name: rule.id,
    displayName: `${rule.id} ${rule.title}`,
    description: `${rule.title}: ${rule.description}`,
    enforcementLevel: rule.severity,
    severity: rule.severity === "mandatory" ? "high" : "medium",
    remediationSteps: rule.fix,
    tags: ["exchange-online", "mail-flow", ...rule.reads],
    validateStack: (args, report) => {
      const adopted = currentSettings();
      // The settings policy has reported the broken config; checking without it would mislead.
      if (!adopted.ok) return;
      const analysis = analyzeStack(toStackResources(args.resources), adopted.settings);
      if (analysis.kind === "notApplicable") return args.notApplicable(analysis.reason);
      if (analysis.kind === "failed") return;
      const description = `${rule.title}: ${rule.description}`;
      const unknown = unverifiedFor(rule, analysis.reconstruction.unverified);
      const findings = analysis.report.findings.filter((f) => f.rule === rule.id);
      for (const f of findings) {
        if (unknown.length > 0) reportAdvisory(report, description, findingMessage(f, unknown), f.urn);
        else report(findingMessage(f, unknown), f.urn);
      }
      if (findings.length === 0 && unknown.length > 0) reportAdvisory(report, description, unverifiedMessage(unknown), unknown[0]?.urn);
    },
  };
}
