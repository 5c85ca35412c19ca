/**
 * When and how long to wait before trying a call again, and which failures are worth another try.
 * The defaults follow the ExchangeOnlineManagement module (5 retries, 2 s doubling); tests pass
 * millisecond delays. Every wait is capped (a Retry-After of 300 s is not honoured five times over)
 * and counted against the run's budget (`limits.ts`).
 */
import { budgetedSleep, transportLimits } from "./limits";

export interface RetryOptions {
  readonly maxRetries: number;
  readonly baseDelayMs: number;
  /** Upper bound for one wait, Retry-After included. */
  readonly maxDelayMs: number;
  readonly sleep: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY: RetryOptions = {
  maxRetries: 5,
  baseDelayMs: 2000,
  maxDelayMs: 60_000,
  sleep: (ms) => budgetedSleep(ms),
};

/** The options with the environment's Retry-After cap (HYBRID_MAILFLOW_MAX_RETRY_AFTER_SECONDS) as the default bound. */
export function retryOptions(overrides?: Partial<RetryOptions>): RetryOptions {
  return { ...DEFAULT_RETRY, maxDelayMs: transportLimits().maxRetryAfterMs, ...stripUndefined(overrides ?? {}) };
}

/** Retry-After is seconds (possibly fractional, as Exchange sends it) or an HTTP date. */
export function parseRetryAfterMs(header: string | undefined, now = Date.now()): number | undefined {
  if (header === undefined || header.trim() === "") return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The wait before retry number `attempt` (0-based): Retry-After when the service gave one, else doubling; never above the cap. */
export function retryDelayMs(attempt: number, options: RetryOptions, retryAfterMs?: number): number {
  const delay = retryAfterMs ?? options.baseDelayMs * 2 ** attempt;
  return Math.min(delay, options.maxDelayMs);
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
