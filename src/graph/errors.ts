/**
 * Microsoft Graph failures as typed errors. Every error this client raises is built by
 * `toGraphError`, from what `@microsoft/microsoft-graph-client` rejects with (its `GraphError`
 * for service answers, or the markers our own middleware throws), so a later step that must
 * rewrite error text (redaction) has one place to wrap. The kind comes from the HTTP status and
 * the error codes, never from the wording of a message: Microsoft does not document the texts.
 */
import { GraphError as SdkGraphError } from "@microsoft/microsoft-graph-client";
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
    /** `error.details[].code` of the answer, e.g. `ObjectConflict`. */
    readonly detailCodes: readonly string[] = [],
  ) {
    // Graph or a proxy may echo the request (bearer token, cookies) in the text we quote.
    super(redact(message));
    this.name = "GraphError";
  }
}

/** Names of the failures our middleware raises before or instead of a service answer. */
export const FAILURE = {
  /** The request may have reached the service but no answer came back. */
  responseLost: "HybridMailflowResponseLost",
  /** No connection or an aborted exchange on a request that is safe to send again; retries ran out. */
  transport: "HybridMailflowTransportFailed",
  /** The credential gave no token. */
  token: "HybridMailflowTokenUnavailable",
} as const;

/** A failure raised inside the middleware chain; the SDK wraps it into its GraphError keeping the name. */
export function failure(name: (typeof FAILURE)[keyof typeof FAILURE], message: string): Error {
  return Object.assign(new Error(message), { name });
}

/** The one constructor of this client's errors (everything below goes through it). */
export function graphError(
  message: string,
  kind: GraphErrorKind,
  status?: number,
  code?: string,
  requestId?: string,
  detailCodes: readonly string[] = [],
): GraphError {
  return new GraphError(message, kind, status, code, requestId, detailCodes);
}

/** Turns whatever the Graph package rejected with into this client's error. */
export function toGraphError(operation: string, err: unknown): GraphError {
  if (err instanceof GraphError) return err;
  if (err instanceof SdkGraphError) return fromSdk(operation, err);
  const name = (err as { name?: unknown })?.name;
  const text = err instanceof Error ? err.message : String(err);
  if (name === FAILURE.responseLost) return graphError(`${operation}: ${text}`, "response-lost");
  if (name === FAILURE.transport) return graphError(`${operation}: ${text}`, "transient");
  if (name === FAILURE.token) return graphError(`${operation}: ${text}`, "unauthorized");
  return graphError(`${operation} failed: ${text}`, "unknown");
}

/** A verify call the service refused while the domain is still unverified: DNS has not shown the record yet. */
export function notVerifiedError(cause: GraphError): GraphError {
  return graphError(cause.message, "verification-failed", cause.status, cause.code, cause.requestId, cause.detailCodes);
}

function fromSdk(operation: string, err: SdkGraphError): GraphError {
  const status = err.statusCode > 0 ? err.statusCode : undefined;
  // Failures thrown inside our middleware arrive wrapped, with their name as the code.
  if (status === undefined && typeof err.code === "string" && (Object.values(FAILURE) as string[]).includes(err.code)) {
    return toGraphError(operation, Object.assign(new Error(err.message), { name: err.code }));
  }
  const details = detailsOf(err.body);
  const code = typeof err.code === "string" && err.code !== "" ? err.code : undefined;
  const text = err.message || (status !== undefined ? `HTTP ${status}` : "no answer");
  const message = `${operation} failed: ${text} (HTTP ${status ?? "-"}${code ? `, ${code}` : ""}${details.length > 0 ? `, ${details.join(", ")}` : ""})`;
  const kind = kindOf(status, details);
  const fix =
    kind === "forbidden"
      ? " Fix: grant the app the Domain.ReadWrite.All application permission with admin consent."
      : kind === "unauthorized"
        ? " The service refused the app's token, a freshly issued one too. Fix: check the credential's tenant, and that the cloud (HYBRID_MAILFLOW_CLOUD) is the tenant's so the token is for its Microsoft Graph."
        : "";
  return graphError(message + fix, kind, status, code, err.requestId ?? undefined, details);
}

function kindOf(status: number | undefined, details: readonly string[]): GraphErrorKind {
  // Documented capture for a domain that is already in the tenant: 400 Request_BadRequest, details[0].code ObjectConflict.
  if (status === 409 || (status === 400 && details.includes("ObjectConflict"))) return "already-exists";
  switch (status) {
    case 404:
      return "not-found";
    case 429:
      return "throttled";
    case 502:
    case 503:
    case 504:
      return "transient";
    case 401:
      return "unauthorized";
    case 403:
      return "forbidden";
    case 400:
      return "bad-request";
    default:
      return "unknown";
  }
}

/** `details[].code` from the SDK's body, which is the JSON text of the answer's `error` object. */
function detailsOf(body: unknown): string[] {
  if (typeof body !== "string") return [];
  try {
    const details = (JSON.parse(body) as { details?: unknown }).details;
    return Array.isArray(details) ? details.map((d) => (d as { code?: unknown })?.code).filter((c): c is string => typeof c === "string") : [];
  } catch {
    return [];
  }
}
