/**
 * `pulumi preview --policy-pack` without Pulumi: the program runs under the fake cloud's mocks, then
 * the pack sees what the engine would show it, in the engine's order: Analyze for each resource (its
 * inputs), then AnalyzeStack once (every resource's outputs).
 *
 * The pack is started and configured while the program runs, as the engine loads its analyzers before
 * the program's resources arrive: each side spends a second or two loading modules, and on a machine
 * with two cores they then take the time of one. What either reports is unchanged; when both fail,
 * the program's failure is the one reported, as when they ran one after the other. For the same reason
 * gRPC and the protocol (a fifth of a second) are loaded only once both processes are under way.
 */
import { join, resolve } from "node:path";
import { packageInfo } from "../../package-info";
import type { FakeCloudMode } from "../../testing/fake-cloud";
import type { AnalyzerInfo, Diagnostic, NotApplicable, PolicyPackConfig, PolicyPackProcess } from "./analyzer-client";
import { spawnPolicyPack } from "./policy-pack-process";
import { ROOT_STACK_TYPE } from "./program-job";
import type { PreflightResource } from "./program-resources";
import { planProgram, runPlannedProgram, type ProgramPlan, type ProgramRun } from "./run-program";

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

/** Starts the pack at once, then connects and configures it; closes it again when a later step fails. */
async function readyPolicyPack(packDir: string, plan: ProgramPlan, options: PreflightOptions, signal: AbortSignal): Promise<{ pack: PolicyPackProcess; info: AnalyzerInfo }> {
  const spawned = spawnPolicyPack(packDir, {
    stack: { project: plan.project.name, stack: plan.stack.stack, dryRun: plan.mode === "preview", config: plan.stack.config },
    env: options.reportDir ? { HYBRID_MAILFLOW_REPORT_DIR: resolve(options.reportDir) } : undefined,
    signal,
  });
  const { connectPolicyPack } = await import("./analyzer-client");
  const pack = await connectPolicyPack(spawned);
  try {
    const info = await pack.getAnalyzerInfo();
    await pack.configure(options.policyPackConfig ?? {});
    return { pack, info };
  } catch (error) {
    await pack.close();
    throw error;
  }
}

export async function runPreflight(programDir: string, options: PreflightOptions = {}): Promise<PreflightResult> {
  const plan = planProgram(programDir, { stack: options.stack, mode: options.mode });
  const packDir = resolve(options.policyPackDir ?? defaultPolicyPackDir());
  const stopPack = new AbortController();
  const running = runPlannedProgram(plan);
  const ready = readyPolicyPack(packDir, plan, options, stopPack.signal);
  // Its failure is reported below, after the program's outcome; until then it must not count as unhandled.
  ready.catch(() => undefined);
  let run: ProgramRun;
  try {
    run = await running;
  } catch (error) {
    stopPack.abort();
    await ready.then(({ pack }) => pack.close(), () => undefined);
    throw error;
  }
  const { pack, info } = await ready;
  try {
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
