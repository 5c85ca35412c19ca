/**
 * `check` simulates one partner tenant for all that receive alike. Generated worlds whose partners have
 * their own MX hosts and connectors (some of them matching what on-premises presents, so mail is
 * captured, rejected or relayed) must give the same findings with and without that grouping.
 */
import { runCheck } from "../../src/core/check/run-check";
import { parseWorld } from "../../src/core/model/load";
import { partnerVarietyWorld } from "../bench/generate";

/** A finding as users see it, less the list of example flows, which names the tenant simulated for several. */
const comparable = (r: ReturnType<typeof runCheck>) =>
  [...r.findings, ...r.suppressed.map((s) => s.finding)]
    .map((f) => JSON.stringify([f.rule, f.resource, f.severity, f.certainty, f.message, f.fix]))
    .sort();

describe("grouping partner tenants that receive alike changes no finding", () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`generated world ${seed}`, () => {
      const input = partnerVarietyWorld(seed, 120);
      const grouped = runCheck(parseWorld(structuredClone(input), { source: `world ${seed}` }));
      const alone = runCheck(parseWorld(structuredClone(input), { source: `world ${seed}` }), { groupAlikeRecipients: false });
      expect(alone.summary.simulatedFlows).toBeGreaterThan(grouped.summary.simulatedFlows);
      expect(grouped.summary.flows).toBe(alone.summary.flows);
      expect(comparable(grouped)).toEqual(comparable(alone));
      expect(grouped.blocking).toBe(alone.blocking);
    });
  }
});
