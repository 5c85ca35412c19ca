/**
 * The `hybrid-mailflow` policy: it holds the pack's settings (on-premises facts, partners, tenant,
 * suppressions, report directory) and reports what keeps the pack from checking the stack at all: an
 * invalid config, or a stack whose mail-flow world cannot be rebuilt.
 */
import type { StackValidationPolicy } from "@pulumi/policy/policy";
import { packSettingsJsonSchema } from "../core/stack/pack-settings";
import { analyzeStack, type StackAnalysis } from "./analysis";
import { adoptSettings, SETTINGS_POLICY_NAME } from "./settings";
import { toStackResources } from "./stack-resources";

/** `afterAnalysis` sees each call's analysis, or undefined when the settings are invalid. */
export function settingsPolicy(afterAnalysis: (analysis: StackAnalysis | undefined) => void = () => undefined): StackValidationPolicy {
  return {
    name: SETTINGS_POLICY_NAME,
    displayName: "hybrid-mailflow settings and stack reconstruction",
    description:
      "Settings shared by every hybrid-mailflow rule (on-premises servers and certificates, partner domains, suppressions); reports an invalid config or a stack whose mail flow cannot be rebuilt. Keep it enabled: the rules read their settings from it.",
    enforcementLevel: "mandatory",
    severity: "high",
    configSchema: packSettingsJsonSchema(),
    tags: ["exchange-online", "mail-flow"],
    validateStack: (args, report) => {
      const adopted = adoptSettings(args.getConfig());
      if (!adopted.ok) {
        afterAnalysis(undefined);
        return report(adopted.error);
      }
      const analysis = analyzeStack(toStackResources(args.resources), adopted.settings);
      afterAnalysis(analysis);
      if (analysis.kind === "notApplicable") return args.notApplicable(analysis.reason);
      if (analysis.kind === "failed") report(`The mail-flow world could not be rebuilt from this stack, so no rule was checked.\n${analysis.error}`);
    },
  };
}
