/**
 * Every scenario vector in test/scenarios/ (the shared public ones, unchanged, and our own) runs
 * through the code path of `hybrid-mailflow simulate FILE --json`, and every field of its `expect`
 * block is asserted here independently of the CLI's own comparison.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { runScenarioFile } from "../src/cli/commands/simulate";

const dir = join(__dirname, "scenarios");
const files = readdirSync(dir).filter((f) => f.endsWith(".json")).sort();

type Expect = {
  certainty?: string;
  outcome?: string;
  attribution?: Record<string, unknown>;
  ndr?: null | { code?: string | string[]; tag?: string | null };
  nextHop?: string | null;
  egressPool?: string | null;
  authAs?: string | null;
  finalSpf?: string | null;
  [other: string]: unknown;
};

const KNOWN = new Set(["certainty", "outcome", "attribution", "ndr", "nextHop", "egressPool", "authAs", "finalSpf", "trace"]);

test("the public vectors are all present", () => {
  for (const f of ["seed-01.json", "seed-05.json", "lab-01.json", "lab-50.json"]) expect(files).toContain(f);
});

describe.each(files)("%s", (file) => {
  const raw = JSON.parse(readFileSync(join(dir, file), "utf8")) as { expect: Expect };
  const exp = raw.expect;

  test("meets every expect field", () => {
    const { result, mismatches } = runScenarioFile(join(dir, file));
    for (const field of Object.keys(exp)) expect(KNOWN.has(field) ? field : `unknown expect field ${field}`).toBe(field);
    if (exp.certainty !== undefined) expect(result.certainty).toBe(exp.certainty);
    if (exp.outcome !== undefined) expect(result.outcome).toBe(exp.outcome);
    if (exp.attribution !== undefined) {
      for (const [key, value] of Object.entries(exp.attribution)) expect({ [key]: (result.attribution as unknown as Record<string, unknown>)[key] }).toEqual({ [key]: value });
    }
    if (exp.ndr === null) expect(result.ndr).toBeNull();
    else if (exp.ndr !== undefined) {
      expect(result.ndr).not.toBeNull();
      if (exp.ndr.code !== undefined) {
        const codes = Array.isArray(exp.ndr.code) ? exp.ndr.code : [exp.ndr.code];
        expect(codes.some((c) => result.ndr!.code.includes(c))).toBe(true);
      }
      if (exp.ndr.tag !== undefined) expect(result.ndr!.tag).toBe(exp.ndr.tag);
    }
    for (const field of ["nextHop", "egressPool", "authAs", "finalSpf"] as const) {
      if (exp[field] !== undefined) expect({ [field]: result[field] }).toEqual({ [field]: exp[field] });
    }
    // The CLI's own comparison (used for its exit code) must agree.
    expect(mismatches).toEqual([]);
  });

  test("explains itself: every trace step names a rule and its sources", () => {
    const { result } = runScenarioFile(join(dir, file));
    expect(result.trace.length).toBeGreaterThan(0);
    for (const step of result.trace) {
      expect(step.rule).toMatch(/\S/);
      expect(step.sources.length).toBeGreaterThan(0);
      expect(step.text).toMatch(/\S/);
    }
    expect(result.certainty === "uncertain").toBe(result.gaps.length > 0);
  });
});
