/**
 * Signs in from the provider process's environment, at run time, every time a provider method
 * runs: credentials never pass through resource inputs, outputs or the serialized provider.
 * Clients are reused for the rest of the run so one token serves every resource.
 */
import { createHash } from "node:crypto";
import type https from "node:https";
import { ExchangeAdminClient } from "../exchange/admin-client";
import { GraphDomainsClient } from "../graph/domains-client";
import type { CloudName } from "../identity/clouds";
import { credentialFromEnvironment, type CredentialKind } from "../identity/credentials";
import { readConnectionSettings, type ConnectionSettings, type Environment } from "../identity/environment";
import { sharedTokenCredential } from "../identity/shared-token";
import { createHttpsAgent } from "../identity/tls";
import { runState } from "./run-state";

/** Where a resource lives: from its inputs, else from the environment. */
export interface Target {
  readonly tenantId?: string;
  readonly cloud?: string;
}

export interface Connection {
  readonly tenantId: string;
  readonly cloud: CloudName;
  readonly credentialKind: CredentialKind;
  readonly settings: ConnectionSettings;
  readonly exchange: ExchangeAdminClient;
  readonly graph: GraphDomainsClient;
  /** Distinguishes cached lists of different tenants and endpoints. */
  readonly cacheKey: string;
}

export function connect(target: Target, env: Environment = process.env): Connection {
  const settings = readConnectionSettings(env, target.cloud);
  // The key covers every variable that changes who signs in where; secrets only as a hash.
  const fingerprint = createHash("sha256")
    .update(JSON.stringify([target.tenantId, settings, ...Object.entries(env).filter(([k]) => /^(AZURE|AZURESUBSCRIPTION|ACTIONS_ID_TOKEN|SYSTEM_|HYBRID_MAILFLOW)_/.test(k)).sort()]))
    .digest("hex");
  const clients = runState().clients;
  const cached = clients.get(fingerprint) as Connection | undefined;
  if (cached) return cached;

  const agent: https.Agent = createHttpsAgent(settings.extraCaPem);
  const choice = credentialFromEnvironment(env, { tenantId: target.tenantId, cloud: settings.cloud, agent });
  const credential = sharedTokenCredential(choice.credential);
  const retry = { ...(settings.retry.maxRetries !== undefined ? { maxRetries: settings.retry.maxRetries } : {}), ...(settings.retry.baseDelayMs !== undefined ? { baseDelayMs: settings.retry.baseDelayMs } : {}) };
  const connection: Connection = {
    tenantId: choice.tenantId,
    cloud: settings.cloud,
    credentialKind: choice.kind,
    settings,
    exchange: new ExchangeAdminClient({ tenantId: choice.tenantId, credential, cloud: settings.cloud, baseUrl: settings.exchangeUrl, agent, retry }),
    graph: new GraphDomainsClient({ credential, cloud: settings.cloud, baseUrl: settings.graphUrl, agent, retry }),
    cacheKey: `${settings.cloud}|${settings.exchangeUrl ?? ""}|${settings.graphUrl ?? ""}|${choice.tenantId.toLowerCase()}`,
  };
  clients.set(fingerprint, connection);
  runState().disposers.push(() => agent.destroy());
  return connection;
}

/** Waits for `probe` to return a value, polling until the run's wait timeout. */
export async function waitFor<T>(connection: Connection, probe: () => Promise<T | undefined>): Promise<T | undefined> {
  const deadline = Date.now() + connection.settings.waitTimeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) return undefined;
    await new Promise((resolve) => setTimeout(resolve, Math.min(connection.settings.pollIntervalMs, Math.max(1, deadline - Date.now()))));
  }
}
