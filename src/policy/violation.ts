/** How a finding reads in `pulumi preview`: the finding, the flows that show it, the fix, the sources. */
import type { ReportedFinding } from "../core/report/stack-report";
import { describeSource } from "../core/sources";
import type { UnverifiedValue } from "../core/stack/reconstruct";

export function describeUnverified(values: readonly UnverifiedValue[]): string {
  return values.map((u) => `${u.resource} (${u.path})`).join(", ");
}

export function findingMessage(f: ReportedFinding, unverified: readonly UnverifiedValue[]): string {
  const lines: string[] = [];
  if (unverified.length > 0) {
    lines.push(`Not final: computed values this rule reads are unknown during preview: ${describeUnverified(unverified)}.`);
  }
  lines.push(`${f.resource}: ${f.message}`);
  if (f.flows.length > 0) lines.push("Affected flows:", ...f.flows.map((flow) => `  - ${flow}`));
  lines.push(`Fix: ${f.fix}`);
  if (f.certainty === "uncertain") lines.push("Certainty: uncertain, this rests on EOP behaviour that public documentation does not settle.");
  lines.push(`Sources: ${f.sources.map(describeSource).join("; ")}`);
  return lines.join("\n");
}

export function unverifiedMessage(unverified: readonly UnverifiedValue[]): string {
  return [
    `Could not verify this rule during preview: values it reads are computed at deployment: ${describeUnverified(unverified)}.`,
    "It is checked again when they are known: on `pulumi up`, or before merging with `hybrid-mailflow preflight --mode update`.",
  ].join("\n");
}
