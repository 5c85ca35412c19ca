/**
 * The hybrid-mailflow policy pack. `servePolicyPack()` starts the gRPC server (the SDK does so in the
 * `PolicyPack` constructor); `hybridMailflowPolicies()` lets users compose the rules into a pack of
 * their own without starting anything.
 */
import { PolicyPack } from "@pulumi/policy";
// Types from the SDK's policy module, not its index: the index's declarations do not compile without
// skipLibCheck (they re-export names its proxy module does not declare), and ours must.
import type { Policies, PolicyPack as PolicyPackType } from "@pulumi/policy/policy";
import { ALL_RULES } from "../core/rules";
import { inputsPolicy } from "./resource-inputs";
import { rulePolicy, ruleVerdict } from "./rule-policy";
import { captureStackSecrets } from "./secret-capture";
import { settingsPolicy } from "./settings-policy";
import { installDeserializeOnce } from "./deserialize-once";
import { QuietRuleSkipper } from "./skip-quiet-rules";

export const POLICY_PACK_NAME = "hybrid-mailflow";

/**
 * The settings policy comes first: Pulumi runs stack policies in order, and the rules read what it
 * adopts. The inputs policy is a resource policy, which Pulumi runs before any stack policy. Rules
 * with nothing to say about the settings policy's analysis are not called again (skip-quiet-rules.ts).
 */
export function hybridMailflowPolicies(): Policies {
  installDeserializeOnce();
  const rules = ALL_RULES.map((rule) => ({ rule, policy: rulePolicy(rule) }));
  const skipper = new QuietRuleSkipper();
  const settings = settingsPolicy((analysis) =>
    skipper.withdraw(
      rules.filter(({ rule }) => {
        const verdict = ruleVerdict(rule, analysis);
        return verdict.kind === "violations" && verdict.violations.length === 0;
      }).map(({ policy }) => policy),
    ),
  );
  return [settings, inputsPolicy(), ...rules.map(({ policy }) => policy)];
}

export function servePolicyPack(): PolicyPackType {
  captureStackSecrets();
  return new PolicyPack(POLICY_PACK_NAME, {
    displayName: "hybrid-mailflow: Exchange hybrid mail flow",
    description:
      "Blocks Exchange Online connector, accepted-domain and DNS changes that would cause 550 5.7.64 ATTR36, tenant capture with SPF failure, DBEB rejections, relay loops and SPF errors, by simulating the stack's mail flow through Exchange Online Protection.",
    tags: ["exchange-online", "mail-flow", "spf"],
    policies: hybridMailflowPolicies(),
  });
}
