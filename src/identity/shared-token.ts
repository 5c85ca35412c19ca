/**
 * Wraps a credential so that every call in a run shares one token per scope: concurrent first
 * calls wait for the same request, and the token is reused until shortly before it expires.
 * Entra ID throttles apps that ask for a token per call.
 */
import type { AccessToken, GetTokenOptions, TokenCredential } from "@azure/identity";

const REFRESH_MARGIN_MS = 5 * 60_000;

export function sharedTokenCredential(credential: TokenCredential): TokenCredential {
  const tokens = new Map<string, Promise<AccessToken | null>>();
  return {
    getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
      const key = [scopes].flat().sort().join(" ");
      const cached = tokens.get(key);
      if (cached) {
        return cached.then((token) => {
          if (token && token.expiresOnTimestamp - REFRESH_MARGIN_MS > Date.now()) return token;
          tokens.delete(key);
          return this.getToken(scopes, options);
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
