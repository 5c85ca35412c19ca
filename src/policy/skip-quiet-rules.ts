/**
 * `@pulumi/policy` builds its view of every resource (options, proxies, closures) again for each stack
 * policy it calls (server.js, `makeAnalyzeStackRpcFun`): about 100 ms per policy on 20,001 resources,
 * so twenty rule policies cost several times the analysis they share. The analysis is made once, by
 * the settings policy, which the SDK calls first; a rule with nothing to report would then be handed
 * the whole stack only to report nothing.
 *
 * So after its analysis the settings policy withdraws the `validateStack` of those rules until the
 * current AnalyzeStack call has finished. The SDK checks `typeof p.validateStack === "function"` for
 * each policy on each call and passes over a policy without one, reporting nothing for it: the same
 * diagnostics and not-applicable list as if the rule had run and found nothing, which the engine
 * counts as passed.
 *
 * Only the current call is affected: the SDK runs the rest of the call's policies without giving the
 * event loop a turn (our rules are synchronous), and `setImmediate` restores every withdrawn function
 * once it does. Restoring early (a composed pack with an asynchronous policy of its own) only makes the
 * remaining rules run; never is a rule skipped on another call's analysis. An SDK that stops reading
 * `validateStack` on each call would simply call the rules, which compute the same answers from the
 * cached analysis.
 */
import type { StackValidationPolicy } from "@pulumi/policy/policy";

type Validate = StackValidationPolicy["validateStack"];

export class QuietRuleSkipper {
  private withdrawn: Array<{ readonly policy: StackValidationPolicy; readonly validate: Validate }> = [];

  /** Withdraws these policies' `validateStack` until the event loop next turns. */
  withdraw(policies: readonly StackValidationPolicy[]): void {
    this.restore();
    for (const policy of policies) {
      this.withdrawn.push({ policy, validate: policy.validateStack });
      delete (policy as Partial<StackValidationPolicy>).validateStack;
    }
    if (this.withdrawn.length > 0) setImmediate(() => this.restore());
  }

  restore(): void {
    for (const { policy, validate } of this.withdrawn) policy.validateStack = validate;
    this.withdrawn = [];
  }
}
