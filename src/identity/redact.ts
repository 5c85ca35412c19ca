/**
 * The one place secrets are taken out of text that leaves the Exchange, Graph and identity clients.
 * A sign-in endpoint, a gateway or a TLS-inspecting proxy may echo the request it received (form
 * body, headers) in its error text, and Pulumi prints error messages in its logs and the console, so
 * every message is scrubbed here before it is put into an Error.
 */
import { wholeTokenMasker } from "../core/stack/secret-tokens";

/** Environment variables whose values are credentials; their values are masked wherever they appear. */
export const CREDENTIAL_VARIABLES: readonly string[] = [
  "AZURE_CLIENT_SECRET",
  "AZURE_CLIENT_CERTIFICATE_PASSWORD",
  "AZURE_PASSWORD",
  "ARM_CLIENT_SECRET",
  "ARM_CLIENT_CERTIFICATE_PASSWORD",
  "ARM_OIDC_TOKEN",
  "ARM_OIDC_REQUEST_TOKEN",
  "ARM_ACCESS_KEY",
  "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
  "ACTIONS_RUNTIME_TOKEN",
  "SYSTEM_ACCESSTOKEN",
  "GITHUB_TOKEN",
  "GH_TOKEN",
  "PULUMI_ACCESS_TOKEN",
  "PULUMI_CONFIG_PASSPHRASE",
  "HYBRID_MAILFLOW_CLIENT_CERTIFICATE_PEM",
];

export const REDACTED = "[redacted]";

/**
 * Shorter values are masked only where they stand as a value of their own (quoted, a parameter's
 * value, a whole line: see secret-tokens.ts), not everywhere: masking every "1" or "true" would garble
 * messages. The shapes below (client_secret=…, Authorization: …) are masked at any length.
 */
const MIN_SECRET_LENGTH = 6;

const PATTERNS: readonly [RegExp, string][] = [
  // PEM private keys, whole.
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g, REDACTED],
  // Form and query parameters of OAuth requests (client_secret=..., assertion=..., &password=...).
  [/\b((?:client_secret|client_assertion|assertion|password|refresh_token|access_token|id_token|code|sig|token)=)[^&\s"',;}]+/gi, `$1${REDACTED}`],
  // JSON fields with the same names ("client_secret": "...", "access_token":"...").
  [/("(?:client_secret|client_assertion|assertion|password|refresh_token|access_token|id_token|token|clientSecret)"\s*:\s*")[^"]*"/gi, `$1${REDACTED}"`],
  // Authorization, cookies and similar headers, as echoed by proxies ("Authorization: Bearer x", "cookie":"...").
  [/((?:proxy-)?authorization|set-cookie|cookie|x-ms-token[a-z-]*|x-api-key)("?\s*[:=]\s*"?)[^\r\n"]+/gi, `$1$2${REDACTED}`],
  // Bearer / Basic credentials anywhere.
  [/\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]+=*/g, `$1 ${REDACTED}`],
  // JWTs (three base64url parts, the first an encoded JSON header).
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, REDACTED],
];

/** The credential values of `env` (any length), longest first so a value containing another is masked whole. */
export function credentialValues(env: Readonly<Record<string, string | undefined>> = process.env): string[] {
  const values = new Set<string>();
  for (const name of CREDENTIAL_VARIABLES) {
    const value = env[name]?.trim();
    if (value) values.add(value);
  }
  return [...values].sort((a, b) => b.length - a.length);
}

/**
 * Text with secrets masked: values of credential variables (from `env`, plus `extraSecrets`), then
 * anything that looks like a secret by its shape.
 */
export function redact(text: string, extraSecrets: readonly string[] = [], env: Readonly<Record<string, string | undefined>> = process.env): string {
  let out = text;
  const all = [...credentialValues(env), ...extraSecrets.filter((s) => s.trim() !== "")];
  const long = all.filter((s) => s.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
  for (const value of long) {
    out = out.split(value).join(REDACTED);
    // Echoed form bodies carry the value URL-encoded.
    const encoded = encodeURIComponent(value);
    if (encoded !== value) out = out.split(encoded).join(REDACTED);
  }
  const short = all.filter((s) => s.length < MIN_SECRET_LENGTH);
  if (short.length > 0) out = wholeTokenMasker([...short, ...short.map(encodeURIComponent)], REDACTED, false).maskText(out);
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** `error`'s message (and stack, which repeats it) redacted in place; returns the same error. */
export function redactError<E extends Error>(error: E, extraSecrets: readonly string[] = []): E {
  const message = redact(error.message, extraSecrets);
  if (message !== error.message) {
    const stack = error.stack;
    error.message = message;
    if (stack !== undefined) error.stack = redact(stack, extraSecrets);
  }
  return error;
}

/** The message of any thrown value, redacted: for wrapping a lower layer's error in one of ours. */
export function redactedReason(err: unknown, extraSecrets: readonly string[] = []): string {
  return redact(err instanceof Error ? err.message : String(err), extraSecrets);
}
