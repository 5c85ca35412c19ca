/**
 * Wraps a credential so that every call in a run shares one token per scope: concurrent first
 * calls wait for the same request, and the token is reused until shortly before it expires, or
 * until a service refuses it (HTTP 401: revoked, or the app's roles changed), when the next call
 * signs in afresh. Entra ID throttles apps that ask for a token per call.
 */
import { createHash } from "node:crypto";
import type { AccessToken, GetTokenOptions, TokenCredential } from "@azure/identity";

const REFRESH_MARGIN_MS = 5 * 60_000;

// On globalThis, not in a module variable: Pulumi may serialize modules by value (see run-state).
const KEY = Symbol.for("hybrid-mailflow.rejected-tokens");
const MAX_REMEMBERED = 256;

function rejected(): Set<string> {
  const holder = globalThis as unknown as Record<symbol, Set<string> | undefined>;
  return (holder[KEY] ??= new Set());
}

/** Only a digest is kept: the token itself must not outlive its use. */
function digest(token: string): string {
  return createHash("sha256").update(token).digest("base64");
}

/** Records that a service answered 401 to `token`, so no shared credential hands it out again. */
export function markTokenRejected(token: string | undefined): void {
  if (!token) return;
  const set = rejected();
  if (set.size >= MAX_REMEMBERED) set.clear();
  set.add(digest(token));
}

export function isTokenRejected(token: string): boolean {
  return rejected().has(digest(token));
}

/** The claims challenge a service sends after revoking a token (CAE): a token issued from now on. */
function freshTokenClaims(): string {
  return JSON.stringify({ access_token: { nbf: { essential: true, value: String(Math.floor(Date.now() / 1000)) } } });
}

export function sharedTokenCredential(credential: TokenCredential): TokenCredential {
  const tokens = new Map<string, Promise<AccessToken | null>>();
  return {
    getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
      const key = [scopes].flat().sort().join(" ");
      const cached = tokens.get(key);
      if (cached) {
        return cached.then((token) => {
          if (token && token.expiresOnTimestamp - REFRESH_MARGIN_MS > Date.now() && !isTokenRejected(token.token)) return token;
          if (tokens.get(key) === cached) tokens.delete(key);
          // MSAL keeps its own cache and would hand the refused token back; a claims challenge makes it sign in afresh.
          return this.getToken(scopes, token && isTokenRejected(token.token) ? { ...options, claims: freshTokenClaims() } : options);
        });
      }
      const pending = credential.getToken(scopes, options);
      tokens.set(key, pending);
      // A failed sign-in is not cached: the next call tries again.
      pending.catch(() => tokens.delete(key));
      return pending;
    },
  };
}
