/**
 * One analysis per AnalyzeStack: Pulumi calls every stack policy in turn with the same resources, so
 * the world is rebuilt and checked once and each rule policy reports its share of the findings.
 */
import { runCheck, type CheckReport } from "../core/check/run-check";
import { buildStackReport, type StackReport } from "../core/report/stack-report";
import { ALL_RULES } from "../core/rules";
import type { PackSettings } from "../core/stack/pack-settings";
import { reconstructWorld, type NotApplicable, type Reconstruction } from "../core/stack/reconstruct";
import { maskSecrets, secretValuesIn } from "../core/stack/secrets";
import type { StackResource } from "../core/stack/stack-resource";
import { packageInfo } from "../package-info";
import { reportDirectory, writeStackReport } from "./report-files";
import { capturedSecrets } from "./secret-capture";

export type StackAnalysis =
  | { readonly kind: "notApplicable"; readonly reason: string }
  | { readonly kind: "failed"; readonly error: string }
  | { readonly kind: "checked"; readonly reconstruction: Reconstruction; readonly check: CheckReport; readonly report: StackReport };

interface AnalysisKey {
  /** The resources as the last policy saw them: within one AnalyzeStack their props are the same objects (deserialize-once.ts). */
  readonly resources: readonly StackResource[];
  readonly settings: string;
}

let last: { readonly key: AnalysisKey; readonly analysis: StackAnalysis } | undefined;

/**
 * Pulumi calls every stack policy in turn with the same request. Comparing the resources' objects
 * costs a few pointer compares per resource; serialising the stack to compare it cost more than the
 * analysis on large stacks. Should an SDK hand each policy fresh objects, the analysis is recomputed,
 * with the same result.
 */
function sameObjects(a: readonly StackResource[], b: readonly StackResource[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.props !== y.props || x.inputs !== y.inputs || x.urn !== y.urn || x.type !== y.type || x.name !== y.name || x.parentUrn !== y.parentUrn) return false;
  }
  return true;
}

export function analyzeStack(resources: readonly StackResource[], settings: PackSettings): StackAnalysis {
  const settingsKey = JSON.stringify(settings);
  if (last && last.key.settings === settingsKey && sameObjects(last.key.resources, resources)) return last.analysis;
  const analysis = computeAnalysis(resources, settings);
  last = { key: { resources, settings: settingsKey }, analysis };
  if (analysis.kind === "checked") writeStackReport(analysis.report, reportDirectory(settings.reportDirectory));
  return analysis;
}

function computeAnalysis(resources: readonly StackResource[], settings: PackSettings): StackAnalysis {
  // Secrets as the engine marked them (captured from the SDK) or as still wrapped in the properties.
  const secrets = secretValuesIn(resources.map((r) => [r.props, r.inputs]), new Set(capturedSecrets()));
  let rebuilt: Reconstruction | NotApplicable;
  try {
    rebuilt = reconstructWorld(resources, settings);
  } catch (e) {
    return { kind: "failed", error: maskSecrets((e as Error).message, secrets) };
  }
  if (!rebuilt.applies) return { kind: "notApplicable", reason: rebuilt.notes.join(" ") };
  const reconstruction = rebuilt;
  const check = runCheck(reconstruction.world);
  const { name, version } = packageInfo();
  // Findings are reported from this report, so masking it covers the violation messages and the report files.
  const report = maskSecrets(buildStackReport({ reconstruction, check, rules: ALL_RULES, tool: { name, version } }), secrets);
  return { kind: "checked", reconstruction, check, report };
}

/** Forgets the cached analysis; tests that change files between identical stacks need it. */
export function resetAnalysisCache(): void {
  last = undefined;
}
