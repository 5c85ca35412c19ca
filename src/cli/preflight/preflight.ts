/**
 * `pulumi preview --policy-pack` without Pulumi: the program runs under the fake cloud's mocks, then
 * the pack sees what the engine would show it, in the engine's order: Analyze for each resource (its
 * inputs), then AnalyzeStack once (every resource's outputs).
 */
import { join, resolve } from "node:path";
import { packageInfo } from "../../package-info";
import type { FakeCloudMode } from "../../testing/fake-cloud";
import { startPolicyPack, type Diagnostic, type NotApplicable, type PolicyPackConfig } from "./analyzer-client";
import { ROOT_STACK_TYPE, type PreflightResource } from "./program-resources";
import { runProgram, type ProgramRun } from "./run-program";

export interface PreflightOptions {
  readonly stack?: string;
  readonly mode?: FakeCloudMode;
  /** Default: the pack installed with hybrid-mailflow (`policy-pack/` in the package). */
  readonly policyPackDir?: string;
  readonly policyPackConfig?: PolicyPackConfig;
  /** Passed to the pack as HYBRID_MAILFLOW_REPORT_DIR. */
  readonly reportDir?: string;
}

export interface PreflightResult {
  readonly run: ProgramRun;
  readonly pack: { readonly dir: string; readonly name: string; readonly version: string };
  readonly diagnostics: Diagnostic[];
  readonly notApplicable: NotApplicable[];
  readonly rootStack?: PreflightResource;
}

export function defaultPolicyPackDir(): string {
  return join(packageInfo().root, "policy-pack");
}

export async function runPreflight(programDir: string, options: PreflightOptions = {}): Promise<PreflightResult> {
  const run = await runProgram(programDir, { stack: options.stack, mode: options.mode });
  const packDir = resolve(options.policyPackDir ?? defaultPolicyPackDir());
  const pack = await startPolicyPack(packDir, {
    stack: { project: run.project.name, stack: run.stack.stack, dryRun: run.mode === "preview", config: run.stack.config },
    env: options.reportDir ? { HYBRID_MAILFLOW_REPORT_DIR: resolve(options.reportDir) } : undefined,
  });
  try {
    const info = await pack.getAnalyzerInfo();
    await pack.configure(options.policyPackConfig ?? {});
    const perResource = await Promise.all(run.resources.map((r) => pack.analyze({ ...r, props: r.inputs })));
    const stack = await pack.analyzeStack(run.resources);
    const results = [...perResource, stack];
    return {
      run,
      pack: { dir: packDir, name: info.name, version: info.version },
      diagnostics: results.flatMap((r) => r.diagnostics),
      notApplicable: results.flatMap((r) => r.notApplicable),
      rootStack: run.resources.find((r) => r.type === ROOT_STACK_TYPE),
    };
  } finally {
    await pack.close();
  }
}
