/** `hybrid-mailflow simulate FILE`: one scenario (format v1) through the engine. */
import { parseScenario } from "../../core/model/load";
import { Scenario } from "../../core/model/types";
import { HopResult } from "../../core/result";
import { ExpectationMismatch, compareWithExpect } from "../../core/scenario/expect";
import { Engine } from "../../core/simulate";
import { documentName, readDocument } from "../read-document";
import { summarizeHop, traceAsProse } from "../format/hop";

export interface ScenarioRun {
  readonly scenario: Scenario;
  readonly result: HopResult;
  /** Null when the scenario has no expect block. */
  readonly mismatches: ExpectationMismatch[] | null;
}

export function runScenarioFile(path: string): ScenarioRun {
  const scenario = parseScenario(readDocument(path), { source: documentName(path) });
  const result = new Engine(scenario.world).simulate(scenario.message);
  return { scenario, result, mismatches: scenario.expect ? compareWithExpect(result, scenario.expect) : null };
}

export function renderScenarioRun(run: ScenarioRun, explain: boolean): string {
  const title = [run.scenario.id, run.scenario.title].filter(Boolean).join("  ");
  const lines = title ? [title] : [];
  lines.push(...summarizeHop(run.result).map((l) => `  ${l}`));
  if (explain) lines.push("", ...traceAsProse(run.result).map((l) => `  ${l}`));
  if (run.mismatches) {
    if (run.mismatches.length === 0) lines.push(`  expect: met (${Object.keys(run.scenario.expect!).length} field(s))`);
    else for (const m of run.mismatches) lines.push(`  expect: ${m.field} should be ${JSON.stringify(m.expected)}, is ${JSON.stringify(m.actual)}`);
  }
  return lines.join("\n");
}
