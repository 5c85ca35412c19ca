/**
 * Everything a provider reads from its environment at run time: which tenant and cloud, where
 * the services are, which extra CAs to trust and how patient to be. Credentials are read in
 * `credentials.ts`. Nothing here is ever written to Pulumi state.
 */
import { readFileSync } from "node:fs";
import { CLOUD_NAMES, isCloudName, type CloudName } from "./clouds";
import { transportLimits, type TransportLimits } from "./limits";
import { redact } from "./redact";

export type Environment = Readonly<Record<string, string | undefined>>;

export interface ConnectionSettings {
  readonly cloud: CloudName;
  /** Overrides of the cloud's endpoints (emulators, proxies). */
  readonly exchangeUrl?: string;
  readonly graphUrl?: string;
  /** PEM of extra CAs to trust, read from the file HYBRID_MAILFLOW_CA_CERTS names. */
  readonly extraCaPem?: string;
  readonly retry: { readonly maxRetries?: number; readonly baseDelayMs?: number };
  /** How long to wait for replication (a new object becoming readable, a domain reaching Exchange). */
  readonly waitTimeoutMs: number;
  readonly pollIntervalMs: number;
  /** Per-request timeout, run budget and Retry-After cap (HYBRID_MAILFLOW_REQUEST_TIMEOUT_SECONDS and friends). */
  readonly limits: TransportLimits;
}

/** A setting that is missing or malformed; the message names the variable and the fix. */
export class ConfigurationError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    // Messages quote the value that was wrong; a secret pasted into the wrong variable stays hidden.
    super(redact(`${variable}: ${message}`));
    this.name = "ConfigurationError";
  }
}

export const ENV = {
  cloud: "HYBRID_MAILFLOW_CLOUD",
  exchangeUrl: "HYBRID_MAILFLOW_EXCHANGE_URL",
  graphUrl: "HYBRID_MAILFLOW_GRAPH_URL",
  caCerts: "HYBRID_MAILFLOW_CA_CERTS",
  maxRetries: "HYBRID_MAILFLOW_MAX_RETRIES",
  retryBaseDelayMs: "HYBRID_MAILFLOW_RETRY_BASE_DELAY_MS",
  waitTimeoutSeconds: "HYBRID_MAILFLOW_WAIT_TIMEOUT_SECONDS",
  pollIntervalMs: "HYBRID_MAILFLOW_POLL_INTERVAL_MS",
  credential: "HYBRID_MAILFLOW_CREDENTIAL",
  certificatePem: "HYBRID_MAILFLOW_CLIENT_CERTIFICATE_PEM",
} as const;

export function readConnectionSettings(env: Environment, cloudOverride?: string): ConnectionSettings {
  const cloud = cloudOverride ?? nonEmpty(env[ENV.cloud]) ?? "commercial";
  if (!isCloudName(cloud)) {
    throw new ConfigurationError(cloudOverride !== undefined ? "cloud" : ENV.cloud, `"${cloud}" is not a cloud. Use one of ${CLOUD_NAMES.join(", ")}.`);
  }
  const caFile = nonEmpty(env[ENV.caCerts]);
  let extraCaPem: string | undefined;
  if (caFile !== undefined) {
    try {
      extraCaPem = readFileSync(caFile, "utf8");
    } catch (err) {
      throw new ConfigurationError(ENV.caCerts, `cannot read the CA file ${caFile} (${(err as NodeJS.ErrnoException).code ?? "error"}). Point it at a PEM file of CA certificates.`);
    }
  }
  return {
    cloud,
    exchangeUrl: httpsUrl(env, ENV.exchangeUrl),
    graphUrl: httpsUrl(env, ENV.graphUrl),
    extraCaPem,
    retry: { maxRetries: integer(env, ENV.maxRetries, 0, 10), baseDelayMs: integer(env, ENV.retryBaseDelayMs, 0, 60_000) },
    waitTimeoutMs: (integer(env, ENV.waitTimeoutSeconds, 0, 7200) ?? 600) * 1000,
    pollIntervalMs: integer(env, ENV.pollIntervalMs, 1, 600_000) ?? 15_000,
    // Read here too so a malformed value stops the run before the first request, naming the variable.
    limits: transportLimits(env),
  };
}

export function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

function httpsUrl(env: Environment, name: string): string | undefined {
  const value = nonEmpty(env[name]);
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigurationError(name, `"${value}" is not a URL. Use https://host[:port].`);
  }
  if (url.protocol !== "https:") throw new ConfigurationError(name, "must be an https:// URL: tokens are never sent in clear text.");
  return url.origin;
}

function integer(env: Environment, name: string, min: number, max: number): number | undefined {
  const value = nonEmpty(env[name]);
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) throw new ConfigurationError(name, `"${value}" must be a whole number from ${min} to ${max}.`);
  return parsed;
}
