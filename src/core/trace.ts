/**
 * The explanation of one simulated hop: each step names the rule applied, the sources it rests on
 * and, where the sources are silent or disagree, the gap. Building prose is skipped when nobody will
 * read it (matrix checks, benchmarks), but gaps are always kept because they decide `certainty`.
 */

export interface TraceStep {
  /** Rule id of attribution-model.md §1.11 (R1–R15) or a named rule such as DBEB, SPF, SRS, POOL. */
  readonly rule: string;
  readonly sources: readonly string[];
  readonly text: string;
  /** Set when the step rests on an undocumented or contradictory point (X1–X12). */
  readonly gap?: string;
}

export class Trace {
  readonly steps: TraceStep[] = [];
  readonly gaps: string[] = [];

  constructor(readonly verbose: boolean) {}

  step(rule: string, sources: readonly string[], text: () => string, gap?: string): void {
    if (gap !== undefined && !this.gaps.includes(gap)) this.gaps.push(gap);
    if (this.verbose) this.steps.push(gap === undefined ? { rule, sources, text: text() } : { rule, sources, text: text(), gap });
  }

  get certainty(): "documented" | "uncertain" {
    return this.gaps.length === 0 ? "documented" : "uncertain";
  }
}
