/**
 * How long the clients may wait: per request, per Retry-After, and in total per run. Pipelines need
 * a run to end within a known time, so no single stalled read or throttling answer may hold it for
 * longer than these limits. Read from the environment at call time, like every other setting.
 */
import { ConfigurationError, nonEmpty, type Environment } from "./environment";

export const LIMIT_ENV = {
  requestTimeoutSeconds: "HYBRID_MAILFLOW_REQUEST_TIMEOUT_SECONDS",
  runBudgetSeconds: "HYBRID_MAILFLOW_RUN_BUDGET_SECONDS",
  maxRetryAfterSeconds: "HYBRID_MAILFLOW_MAX_RETRY_AFTER_SECONDS",
} as const;

export interface TransportLimits {
  /** The longest one request may take, connection to last byte. */
  readonly requestTimeoutMs: number;
  /** The longest all requests and waits of one run (one provider process) may take together. */
  readonly runBudgetMs: number;
  /** A service's Retry-After is honoured up to this. */
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_LIMITS: TransportLimits = {
  // Exchange's own limit per cmdlet is 900 s, but connector and domain cmdlets answer in seconds.
  requestTimeoutMs: 300_000,
  runBudgetMs: 3_600_000,
  maxRetryAfterMs: 60_000,
};

export function transportLimits(env: Environment = process.env): TransportLimits {
  return {
    requestTimeoutMs: seconds(env, LIMIT_ENV.requestTimeoutSeconds, 0.001, 3600) ?? DEFAULT_LIMITS.requestTimeoutMs,
    runBudgetMs: seconds(env, LIMIT_ENV.runBudgetSeconds, 0.001, 86_400) ?? DEFAULT_LIMITS.runBudgetMs,
    maxRetryAfterMs: seconds(env, LIMIT_ENV.maxRetryAfterSeconds, 0, 3600) ?? DEFAULT_LIMITS.maxRetryAfterMs,
  };
}

function seconds(env: Environment, name: string, min: number, max: number): number | undefined {
  const value = nonEmpty(env[name]);
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < min || parsed > max) {
    throw new ConfigurationError(name, `"${value}" must be a number of seconds from ${min} to ${max}.`);
  }
  return parsed * 1000;
}

/** The run's time is spent: nothing more is sent and no more waiting is done. */
export class RunBudgetExceededError extends Error {
  constructor(what: string, budgetMs: number) {
    super(
      `${what}: the run's time budget of ${Math.round(budgetMs / 1000)} s (${LIMIT_ENV.runBudgetSeconds}) is spent, so it was not attempted. ` +
        `Fix: run again (finished work is kept), or raise ${LIMIT_ENV.runBudgetSeconds}.`,
    );
    this.name = "RunBudgetExceededError";
  }
}

// On globalThis, not in a module variable: Pulumi may serialize this module by value (see run-state).
const KEY = Symbol.for("hybrid-mailflow.run-started");

/** When the run started: the first time any client asked. */
function runStart(): number {
  const holder = globalThis as unknown as Record<symbol, number | undefined>;
  return (holder[KEY] ??= Date.now());
}

/** Milliseconds left of the run's budget (never negative). */
export function remainingBudgetMs(env: Environment = process.env, now = Date.now()): number {
  return Math.max(0, runStart() + transportLimits(env).runBudgetMs - now);
}

/** Starts the budget afresh, as a new provider process would. */
export function resetRunBudget(): void {
  (globalThis as unknown as Record<symbol, number | undefined>)[KEY] = undefined;
}

/** The time one request may take now: its own limit, the configured one and what is left of the run. */
export function requestDeadlineMs(requested: number, what: string, env: Environment = process.env): number {
  const limits = transportLimits(env);
  const left = remainingBudgetMs(env);
  if (left <= 0) throw new RunBudgetExceededError(what, limits.runBudgetMs);
  return Math.max(1, Math.min(requested, limits.requestTimeoutMs, left));
}

/** Waits `ms` before a retry, or fails at once when the wait would outlast the run's budget. */
export async function budgetedSleep(ms: number, env: Environment = process.env): Promise<void> {
  const limits = transportLimits(env);
  if (ms >= remainingBudgetMs(env)) throw new RunBudgetExceededError(`waiting ${Math.ceil(ms / 1000)} s before retrying`, limits.runBudgetMs);
  await new Promise((resolve) => setTimeout(resolve, ms));
}
