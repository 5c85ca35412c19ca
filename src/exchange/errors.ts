/**
 * Exchange admin API failures as typed errors. The gateway reports the same condition with
 * different HTTP statuses (a missing object is 404 or a 500 wrapping the exception), so the
 * kind comes from the .NET exception type in `details[0].message` first and the status second.
 * Every error the client raises is made by `exchangeError` (directly or through
 * `exchangeErrorFor` / `cmdletErrorsFor`), so a step that rewrites error text has one place to wrap.
 */
import { redact } from "../identity/redact";

export type ExchangeErrorKind =
  | "not-found"
  | "already-exists"
  | "bad-parameter"
  | "forbidden"
  | "unauthorized"
  | "throttled"
  | "transient"
  | "response-lost"
  | "unknown";

export interface ExchangeErrorDetails {
  readonly cmdlet: string;
  readonly status?: number;
  readonly exceptionType?: string;
  readonly errorId?: string;
  /** The parameter the service named as wrong, when it did. */
  readonly parameter?: string;
  readonly requestId?: string;
}

export class ExchangeError extends Error {
  readonly kind: ExchangeErrorKind = "unknown";
  readonly cmdlet: string;
  readonly status?: number;
  readonly exceptionType?: string;
  readonly errorId?: string;
  readonly parameter?: string;
  readonly requestId?: string;

  constructor(message: string, details: ExchangeErrorDetails) {
    // The gateway or a proxy may echo the request (bearer token, cookies) in the text we quote.
    super(redact(message));
    this.name = new.target.name;
    this.cmdlet = details.cmdlet;
    this.status = details.status;
    this.exceptionType = details.exceptionType;
    this.errorId = details.errorId;
    this.parameter = details.parameter;
    this.requestId = details.requestId;
  }
}

export class ExchangeNotFoundError extends ExchangeError {
  override readonly kind = "not-found";
}
export class ExchangeAlreadyExistsError extends ExchangeError {
  override readonly kind = "already-exists";
}
export class ExchangeBadParameterError extends ExchangeError {
  override readonly kind = "bad-parameter";
}
export class ExchangeForbiddenError extends ExchangeError {
  override readonly kind = "forbidden";
}
/** No usable token: sign-in failed or the service refused the token. */
export class ExchangeUnauthorizedError extends ExchangeError {
  override readonly kind = "unauthorized";
}
export class ExchangeThrottledError extends ExchangeError {
  override readonly kind = "throttled";
}
export class ExchangeTransientError extends ExchangeError {
  override readonly kind = "transient";
}
/** The request was sent but no answer came back: the write may or may not have happened. */
export class ExchangeResponseLostError extends ExchangeError {
  override readonly kind = "response-lost";
}

/** Exception types the module retries: the directory or a mailbox server was briefly unavailable. */
export const TRANSIENT_EXCEPTION_TYPES = [
  "DCOverloadedException",
  "SuitabilityDirectoryException",
  "ServerInMMException",
  "ADServerSettingsChangedException",
  "StorageTransientException",
  "ADTransientException",
  "TransientException",
] as const;

export interface ParsedServiceError {
  readonly code?: string;
  readonly text: string;
  readonly exceptionType?: string;
  readonly errorId?: string;
}

/** Reads the OData error envelope; the module's order is details[0].message, innererror, message. */
export function parseServiceError(bodyText: string, headerExceptionType?: string): ParsedServiceError {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return { text: bodyText.replace(/[^\x20-\x7e]/g, "").trim(), exceptionType: headerExceptionType };
  }
  const error = (body as { error?: Record<string, unknown> })?.error;
  if (!error || typeof error !== "object") return { text: bodyText.trim(), exceptionType: headerExceptionType };
  const details = Array.isArray(error.details) ? (error.details as Array<{ message?: unknown }>) : [];
  const detail = typeof details[0]?.message === "string" ? details[0].message : undefined;
  const code = typeof error.code === "string" ? error.code : undefined;
  if (detail !== undefined) {
    const parts = detail.split("|");
    if (parts.length >= 3) {
      return { code, errorId: parts[0], exceptionType: parts[1], text: parts.slice(2).join("|") };
    }
    return { code, text: detail, exceptionType: headerExceptionType };
  }
  const inner = error.innererror as { internalexception?: { message?: unknown }; type?: unknown } | undefined;
  const innerText = typeof inner?.internalexception?.message === "string" ? inner.internalexception.message : undefined;
  const message = typeof error.message === "string" ? error.message : "";
  return { code, text: innerText ?? message, exceptionType: headerExceptionType };
}

export function isTransientExceptionType(exceptionType: string | undefined): boolean {
  return exceptionType !== undefined && TRANSIENT_EXCEPTION_TYPES.some((t) => exceptionType.endsWith(t));
}

const CLASSES: Record<ExchangeErrorKind, new (message: string, details: ExchangeErrorDetails) => ExchangeError> = {
  "not-found": ExchangeNotFoundError,
  "already-exists": ExchangeAlreadyExistsError,
  "bad-parameter": ExchangeBadParameterError,
  forbidden: ExchangeForbiddenError,
  unauthorized: ExchangeUnauthorizedError,
  throttled: ExchangeThrottledError,
  transient: ExchangeTransientError,
  "response-lost": ExchangeResponseLostError,
  unknown: ExchangeError,
};

/** The one constructor of this client's errors. */
export function exchangeError(kind: ExchangeErrorKind, message: string, details: ExchangeErrorDetails): ExchangeError {
  return new CLASSES[kind](message, details);
}

/**
 * Non-terminating cmdlet errors (`@adminapi.errors`) in a 2xx answer. The PowerShell module
 * writes each as an error record, so the call counts as failed; a partial write must not be
 * recorded as done. Items are strings or objects; a string in the `ExId|Type|text` form is
 * classified by its exception type like a failed answer.
 */
export function cmdletErrorsFor(cmdlet: string, items: readonly unknown[], requestId?: string): ExchangeError {
  const texts = items.map((item) => (typeof item === "string" ? item : typeof (item as { message?: unknown })?.message === "string" ? (item as { message: string }).message : JSON.stringify(item)));
  const first = texts[0] ?? "";
  const parts = first.split("|");
  const parsed: ParsedServiceError = parts.length >= 3 ? { errorId: parts[0], exceptionType: parts[1], text: parts.slice(2).join("|") } : { text: first };
  const typed = exchangeErrorFor(cmdlet, 200, parsed, requestId);
  const others = texts.length > 1 ? ` (and ${texts.length - 1} more: ${texts.slice(1).join("; ")})` : "";
  return exchangeError(typed.kind, `${cmdlet} reported an error in a successful answer: ${parsed.text}${others}. The command may have been applied in part.`, {
    cmdlet,
    status: 200,
    exceptionType: typed.exceptionType,
    errorId: typed.errorId,
    parameter: typed.parameter,
    requestId,
  });
}

/** Builds the typed error for a non-2xx answer. */
export function exchangeErrorFor(cmdlet: string, status: number, parsed: ParsedServiceError, requestId?: string): ExchangeError {
  const type = parsed.exceptionType ?? "";
  const text = parsed.text || parsed.code || `HTTP ${status}`;
  const details: ExchangeErrorDetails = {
    cmdlet,
    status,
    exceptionType: parsed.exceptionType,
    errorId: parsed.errorId,
    requestId,
    parameter: parameterNamedIn(text),
  };
  const message = `${cmdlet} failed: ${text} (HTTP ${status}${type ? `, ${shortType(type)}` : ""})`;
  if (/ManagementObjectNotFoundException$/.test(type) || (status === 404 && !type)) return exchangeError("not-found", message, details);
  if (/AlreadyExists/i.test(type) || /already exists/i.test(text)) return exchangeError("already-exists", message, details);
  if (status === 429) return exchangeError("throttled", message, details);
  if (isTransientExceptionType(type) || status === 503 || status === 504) return exchangeError("transient", message, details);
  if (status === 401) {
    return /not allowed|isn't supported|is not supported|role/i.test(text)
      ? exchangeError("forbidden", `${message}. Fix: give the app the Exchange Administrator role (or an Exchange RBAC role group) and wait for it to propagate.`, details)
      : exchangeError(
          "unauthorized",
          `${message}. The service refused the app's token, a freshly issued one too. Fix: check that the app has the Exchange.ManageAsApp application permission with admin consent in this tenant, and that the tenant and cloud (HYBRID_MAILFLOW_CLOUD) are the app's.`,
          details,
        );
  }
  if (status === 403) return exchangeError("forbidden", message, details);
  if (status === 400 || /ParameterBinding|Argument|Validation/i.test(type)) return exchangeError("bad-parameter", message, details);
  if (status === 404) return exchangeError("not-found", message, details);
  return exchangeError("unknown", message, details);
}

function shortType(type: string): string {
  return type.split(".").pop() ?? type;
}

function parameterNamedIn(text: string): string | undefined {
  return /parameter(?: name)? '([A-Za-z]+)'/i.exec(text)?.[1] ?? /'-([A-Za-z]+)'/.exec(text)?.[1];
}
