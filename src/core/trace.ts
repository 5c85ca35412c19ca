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

const NONE: readonly never[] = Object.freeze([]);

export class Trace {
  // Created on first use: most attributions in a benchmark or a matrix record nothing.
  private stepList: TraceStep[] | undefined;
  private gapList: string[] | undefined;

  constructor(readonly verbose: boolean) {}

  /** Forgets everything recorded, so one quiet trace can serve message after message. */
  reset(): this {
    this.stepList = undefined;
    this.gapList = undefined;
    return this;
  }

  get steps(): TraceStep[] {
    return this.stepList ?? (this.stepList = []);
  }

  get gaps(): readonly string[] {
    return this.gapList ?? NONE;
  }

  /** Records a gap without prose, for hot paths that skip building text when nobody reads it. */
  gap(gap: string): void {
    if (!this.gapList) this.gapList = [gap];
    else if (!this.gapList.includes(gap)) this.gapList.push(gap);
  }

  step(rule: string, sources: readonly string[], text: () => string, gap?: string): void {
    if (gap !== undefined) this.gap(gap);
    if (this.verbose) this.steps.push(gap === undefined ? { rule, sources, text: text() } : { rule, sources, text: text(), gap });
  }

  get certainty(): "documented" | "uncertain" {
    return this.gapList === undefined ? "documented" : "uncertain";
  }
}
