/** Loading world fixtures for the rule tests: YAML → validated world → check report. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { CheckReport, runCheck } from "../../src/core/check/run-check";
import { parseWorld } from "../../src/core/model/load";
import { World } from "../../src/core/model/schema";
import { Finding } from "../../src/core/rules";

export const WORLDS = join(__dirname, "..", "worlds");

/** The YAML of a fixture as plain data, so a test can change it before validation. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type RawWorld = any;

export function readRaw(relative: string): RawWorld {
  return parse(readFileSync(join(WORLDS, relative), "utf8"));
}

export function loadWorld(relative: string, mutate?: (raw: RawWorld) => void): World {
  const raw = readRaw(relative);
  mutate?.(raw);
  return parseWorld(raw, { source: relative });
}

export function check(relative: string, mutate?: (raw: RawWorld) => void): CheckReport {
  return runCheck(loadWorld(relative, mutate));
}

export function findingsOf(report: CheckReport, rule: string): Finding[] {
  return report.findings.filter((f) => f.rule === rule);
}

export function rulesFired(report: CheckReport): string[] {
  return [...new Set(report.findings.map((f) => f.rule))].sort();
}
