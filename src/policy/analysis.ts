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

let last: { readonly key: string; readonly analysis: StackAnalysis } | undefined;

/**
 * The resources arrive as fresh objects for every policy, so identity cannot key the cache; their
 * serialised form can, and costs far less than simulating the flows again.
 */
function fingerprint(resources: readonly StackResource[], settings: PackSettings): string {
  return JSON.stringify([resources, settings]);
}

export function analyzeStack(resources: readonly StackResource[], settings: PackSettings): StackAnalysis {
  const key = fingerprint(resources, settings);
  if (last?.key === key) return last.analysis;
  const analysis = computeAnalysis(resources, settings);
  last = { key, analysis };
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
