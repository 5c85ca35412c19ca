/** Suppressions that cannot match anything because the rule they name does not exist (a typo, or a rule renamed). */
import { Suppression } from "../../core/model/types";
import { ALL_RULES, ruleById } from "../../core/rules";

export interface StaleSuppression {
  /** Where it is in the world file, e.g. `suppressions[2]`. */
  readonly path: string;
  readonly rule: string;
  readonly resource: string;
  readonly message: string;
}

export function staleSuppressions(suppressions: readonly Suppression[]): StaleSuppression[] {
  const known = ALL_RULES.map((r) => r.id);
  const stale: StaleSuppression[] = [];
  suppressions.forEach((s, i) => {
    if (s.rule === "*" || ruleById(s.rule)) return;
    const near = known.find((id) => id.toLowerCase() === s.rule.toLowerCase());
    const hint = near ? `did you mean ${near}?` : `rule ids are ${known[0]} … ${known[known.length - 1]} (the README's rule table)`;
    stale.push({
      path: `suppressions[${i}]`,
      rule: s.rule,
      resource: s.resource,
      message: `suppression of rule "${s.rule}" on ${s.resource} names no rule, so it suppresses nothing; fix the id or remove it (${hint})`,
    });
  });
  return stale;
}
