/**
 * Microsoft Graph failures for the domain endpoints, as typed errors. Graph does not document
 * the codes for "already exists" or "verification failed", so those are recognised from the
 * message as well as the code.
 */
import { redact } from "../identity/redact";

export type GraphErrorKind =
  | "not-found"
  | "already-exists"
  | "verification-failed"
  | "bad-request"
  | "forbidden"
  | "unauthorized"
  | "throttled"
  | "transient"
  | "response-lost"
  | "unknown";

export class GraphError extends Error {
  constructor(
    message: string,
    readonly kind: GraphErrorKind,
    readonly status?: number,
    readonly code?: string,
    readonly requestId?: string,
  ) {
    // Graph or a proxy may echo the request (bearer token, cookies) in the text we quote.
    super(redact(message));
    this.name = "GraphError";
  }
}

export function graphErrorFor(operation: string, status: number, bodyText: string): GraphError {
  let code: string | undefined;
  let text = bodyText.trim();
  let requestId: string | undefined;
  try {
    const error = (JSON.parse(bodyText) as { error?: { code?: unknown; message?: unknown; innerError?: Record<string, unknown> } }).error;
    if (error) {
      code = typeof error.code === "string" ? error.code : undefined;
      text = typeof error.message === "string" ? error.message : text;
      requestId = typeof error.innerError?.["request-id"] === "string" ? (error.innerError["request-id"] as string) : undefined;
    }
  } catch {
    // Not JSON: keep the raw text.
  }
  const message = `${operation} failed: ${text || `HTTP ${status}`} (HTTP ${status}${code ? `, ${code}` : ""})`;
  const kind: GraphErrorKind =
    status === 404
      ? "not-found"
      : /already exists/i.test(text) || status === 409
        ? "already-exists"
        : /verification failed|unable to verify/i.test(text)
          ? "verification-failed"
          : status === 429
            ? "throttled"
            : status === 503 || status === 504 || status === 502
              ? "transient"
              : status === 401
                ? "unauthorized"
                : status === 403
                  ? "forbidden"
                  : status === 400
                    ? "bad-request"
                    : "unknown";
  const fix =
    kind === "forbidden"
      ? " Fix: grant the app the Domain.ReadWrite.All application permission with admin consent."
      : kind === "unauthorized"
        ? " The service refused the app's token, a freshly issued one too. Fix: check the credential's tenant, and that the cloud (HYBRID_MAILFLOW_CLOUD) is the tenant's so the token is for its Microsoft Graph."
        : "";
  return new GraphError(message + fix, kind, status, code, requestId);
}
