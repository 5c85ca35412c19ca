/**
 * State that lives as long as the provider process, which Pulumi starts once per deployment:
 * signed-in clients (so one token serves every resource) and the one list per object type that
 * all resources of that type read from. It hangs off `globalThis` rather than module variables
 * because Pulumi may serialize this module by value, which would snapshot a Map empty.
 */
import type { ExoObject } from "../exchange/params";

export interface RunState {
  readonly clients: Map<string, unknown>;
  readonly lists: Map<string, Promise<ExoObject[]>>;
  /** Objects this run created, which may still answer 404 to writes while they replicate. */
  readonly created: Set<string>;
  /** Releases what the run held open (keep-alive sockets). */
  readonly disposers: Array<() => void>;
}

const KEY = Symbol.for("hybrid-mailflow.run-state");

export function runState(): RunState {
  const holder = globalThis as unknown as Record<symbol, RunState | undefined>;
  let state = holder[KEY];
  if (state === undefined) {
    state = { clients: new Map(), lists: new Map(), created: new Set(), disposers: [] };
    holder[KEY] = state;
  }
  return state;
}

/** Starts afresh as a new deployment would (tests use it to stand for the next `pulumi up`). */
export function resetRunState(): void {
  const holder = globalThis as unknown as Record<symbol, RunState | undefined>;
  for (const dispose of holder[KEY]?.disposers ?? []) dispose();
  holder[KEY] = undefined;
}

/** The list behind `key`, loaded once per run; a failed load is forgotten so the next caller retries. */
export function listOnce(key: string, load: () => Promise<ExoObject[]>): Promise<ExoObject[]> {
  const lists = runState().lists;
  let list = lists.get(key);
  if (list === undefined) {
    list = load();
    lists.set(key, list);
    list.catch(() => lists.delete(key));
  }
  return list;
}

/** Keeps a cached list in step with a write this run made. */
export async function rememberInList(key: string, object: ExoObject, sameObject: (a: ExoObject) => boolean): Promise<void> {
  const lists = runState().lists;
  const list = lists.get(key);
  if (list === undefined) return;
  const items = await list.catch(() => undefined);
  if (items === undefined) return;
  lists.set(key, Promise.resolve([...items.filter((o) => !sameObject(o)), object]));
}

export async function forgetInList(key: string, sameObject: (a: ExoObject) => boolean): Promise<void> {
  const lists = runState().lists;
  const list = lists.get(key);
  if (list === undefined) return;
  const items = await list.catch(() => undefined);
  if (items === undefined) return;
  lists.set(key, Promise.resolve(items.filter((o) => !sameObject(o))));
}
