/**
 * Compares a simulation result with the `expect` block of a scenario (format v1): every field named
 * there must hold; `ndr.code` lists acceptable enhanced status codes, one of which must appear.
 */
import { HopResult } from "../result";

export interface ExpectationMismatch {
  readonly field: string;
  readonly expected: unknown;
  readonly actual: unknown;
}

export function compareWithExpect(result: HopResult, expect: Record<string, unknown>): ExpectationMismatch[] {
  const mismatches: ExpectationMismatch[] = [];
  const actualOf = (field: string): unknown => (result as unknown as Record<string, unknown>)[field];
  for (const [field, expected] of Object.entries(expect)) {
    if (field === "ndr") {
      compareNdr(result, expected, mismatches);
    } else if (field === "attribution" && expected && typeof expected === "object") {
      for (const [key, value] of Object.entries(expected as Record<string, unknown>)) {
        const actual = (result.attribution as unknown as Record<string, unknown>)[key];
        if (actual !== value) mismatches.push({ field: `attribution.${key}`, expected: value, actual });
      }
    } else if (field === "trace") {
      continue; // prose is for people; vectors cannot pin its wording
    } else if (JSON.stringify(actualOf(field)) !== JSON.stringify(expected)) {
      mismatches.push({ field, expected, actual: actualOf(field) });
    }
  }
  return mismatches;
}

function compareNdr(result: HopResult, expected: unknown, out: ExpectationMismatch[]): void {
  if (expected === null) {
    if (result.ndr !== null) out.push({ field: "ndr", expected: null, actual: result.ndr });
    return;
  }
  const exp = expected as { code?: string | string[]; tag?: string | null };
  if (result.ndr === null) {
    out.push({ field: "ndr", expected, actual: null });
    return;
  }
  if (exp.code !== undefined) {
    const codes = Array.isArray(exp.code) ? exp.code : [exp.code];
    if (!codes.some((c) => result.ndr!.code.includes(c))) out.push({ field: "ndr.code", expected: codes, actual: result.ndr.code });
  }
  if (exp.tag !== undefined && exp.tag !== result.ndr.tag) out.push({ field: "ndr.tag", expected: exp.tag, actual: result.ndr.tag });
}
