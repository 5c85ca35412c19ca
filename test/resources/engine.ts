/**
 * What the Pulumi engine does with a dynamic provider during `up`, `refresh` and `destroy`, for
 * one resource at a time: check, then create or diff, then update or replace. The provider
 * methods are the same objects the CLI runs; only the orchestration is re-enacted here.
 */
import type * as pulumi from "@pulumi/pulumi";
import { resetRunState } from "../../src/resources/run-state";

export interface ResourceState {
  id?: string;
  outs?: Record<string, unknown>;
}

export class CheckFailedError extends Error {
  constructor(readonly failures: readonly pulumi.dynamic.CheckFailure[]) {
    super(failures.map((f) => `${f.property}: ${f.reason}`).join("\n"));
  }
}

/** A new deployment: the provider process starts afresh. */
export function newRun(): void {
  resetRunState();
}

export type Step = "create" | "update" | "replace" | "same";

export async function up(provider: pulumi.dynamic.ResourceProvider, state: ResourceState, inputs: Record<string, unknown>): Promise<{ state: ResourceState; step: Step }> {
  const checked = provider.check ? await provider.check(state.outs ?? {}, inputs) : { inputs };
  if (checked.failures && checked.failures.length > 0) throw new CheckFailedError(checked.failures);
  const news = (checked.inputs ?? inputs) as Record<string, unknown>;
  if (state.id === undefined) {
    const created = await provider.create(news);
    return { state: { id: created.id, outs: created.outs }, step: "create" };
  }
  const diff = await provider.diff!(state.id, state.outs ?? {}, news);
  if (diff.replaces && diff.replaces.length > 0) {
    if (diff.deleteBeforeReplace) {
      await provider.delete!(state.id, state.outs ?? {});
      const created = await provider.create(news);
      return { state: { id: created.id, outs: created.outs }, step: "replace" };
    }
    const created = await provider.create(news);
    await provider.delete!(state.id, state.outs ?? {});
    return { state: { id: created.id, outs: created.outs }, step: "replace" };
  }
  if (diff.changes) {
    const updated = await provider.update!(state.id, state.outs ?? {}, news);
    return { state: { id: state.id, outs: updated.outs }, step: "update" };
  }
  return { state, step: "same" };
}

export async function refresh(provider: pulumi.dynamic.ResourceProvider, state: ResourceState): Promise<ResourceState> {
  const result = await provider.read!(state.id!, state.outs);
  return result.id ? { id: result.id, outs: result.props } : {};
}

export async function destroy(provider: pulumi.dynamic.ResourceProvider, state: ResourceState): Promise<void> {
  await provider.delete!(state.id!, state.outs ?? {});
}

/** Sets environment variables for the duration of a test file. */
export function useEnv(values: () => Record<string, string>): void {
  const saved: Record<string, string | undefined> = {};
  beforeAll(() => {
    for (const [k, v] of Object.entries(values())) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
  });
  afterAll(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    resetRunState();
  });
}

/** The cmdlet parameters a recorded request carried. */
export function parametersOf(body: string): Record<string, unknown> {
  return (JSON.parse(body) as { CmdletInput: { Parameters?: Record<string, unknown> } }).CmdletInput.Parameters ?? {};
}
