/**
 * One HTTPS agent for every call (sign-in, Exchange, Graph). Extra CA certificates are added to,
 * never instead of, the public roots, so trusting an emulator or a TLS-inspecting proxy does not
 * stop the real services from validating.
 */
import https from "node:https";
import tls from "node:tls";

export function createHttpsAgent(extraCaPem?: string | readonly string[]): https.Agent {
  const extra = extraCaPem === undefined ? [] : typeof extraCaPem === "string" ? [extraCaPem] : [...extraCaPem];
  return new https.Agent({
    keepAlive: true,
    ...(extra.length > 0 ? { ca: [...tls.rootCertificates, ...extra] } : {}),
  });
}
