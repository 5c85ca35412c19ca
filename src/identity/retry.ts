/**
 * When and how long to wait before trying a call again. The defaults follow the
 * ExchangeOnlineManagement module (5 retries, 2 s doubling); tests pass millisecond delays.
 */
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
  maxDelayMs: 300_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export function retryOptions(overrides?: Partial<RetryOptions>): RetryOptions {
  return { ...DEFAULT_RETRY, ...stripUndefined(overrides ?? {}) };
}

/** Retry-After is seconds (possibly fractional, as Exchange sends it) or an HTTP date. */
export function parseRetryAfterMs(header: string | undefined, now = Date.now()): number | undefined {
  if (header === undefined || header.trim() === "") return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The wait before retry number `attempt` (0-based): Retry-After when the service gave one, else doubling. */
export function retryDelayMs(attempt: number, options: RetryOptions, retryAfterMs?: number): number {
  const delay = retryAfterMs ?? options.baseDelayMs * 2 ** attempt;
  return Math.min(delay, options.maxDelayMs);
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
