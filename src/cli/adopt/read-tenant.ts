/**
 * Reads a tenant for `export`, read-only, with the credentials and clouds the resources use (the
 * same environment variables): one list call per object type, nothing written, nothing cached.
 */
import { ExchangeAdminClient } from "../../exchange/admin-client";
import { ExchangeError } from "../../exchange/errors";
import { GraphDomainsClient } from "../../graph/domains-client";
import { GraphError } from "../../graph/errors";
import { credentialFromEnvironment } from "../../identity/credentials";
import { ConfigurationError, readConnectionSettings, type Environment } from "../../identity/environment";
import { sharedTokenCredential } from "../../identity/shared-token";
import { createHttpsAgent } from "../../identity/tls";
import type { CloudName } from "../../identity/clouds";
import type { TenantListing } from "../../core/adopt";
import { AdoptError } from "./errors";

export interface TenantRead {
  readonly tenantId: string;
  readonly cloud: CloudName;
  readonly listing: TenantListing;
}

export async function readTenant(env: Environment, cloudOverride?: string): Promise<TenantRead> {
  let settings;
  try {
    settings = readConnectionSettings(env, cloudOverride);
  } catch (err) {
    throw configurationError(err);
  }
  const agent = createHttpsAgent(settings.extraCaPem);
  let choice;
  try {
    choice = credentialFromEnvironment(env, { cloud: settings.cloud, agent });
  } catch (err) {
    agent.destroy();
    throw configurationError(err);
  }
  const credential = sharedTokenCredential(choice.credential);
  const retry = { ...(settings.retry.maxRetries !== undefined ? { maxRetries: settings.retry.maxRetries } : {}), ...(settings.retry.baseDelayMs !== undefined ? { baseDelayMs: settings.retry.baseDelayMs } : {}) };
  const exchange = new ExchangeAdminClient({ tenantId: choice.tenantId, credential, cloud: settings.cloud, baseUrl: settings.exchangeUrl, agent, retry });
  const graph = new GraphDomainsClient({ credential, cloud: settings.cloud, baseUrl: settings.graphUrl, agent, retry });
  try {
    const all = { ResultSize: "Unlimited" };
    const [inbound, outbound, accepted, organization, domains] = await Promise.all([
      exchange.invoke("Get-InboundConnector", all),
      exchange.invoke("Get-OutboundConnector", all),
      exchange.invoke("Get-AcceptedDomain", all),
      exchange.invoke("Get-OrganizationConfig"),
      graph.list(),
    ]);
    return {
      tenantId: choice.tenantId,
      cloud: settings.cloud,
      listing: {
        inboundConnectors: inbound.value,
        outboundConnectors: outbound.value,
        acceptedDomains: accepted.value,
        organizationConfig: organization.value[0],
        graphDomains: domains as unknown as Record<string, unknown>[],
      },
    };
  } catch (err) {
    if (err instanceof ExchangeError || err instanceof GraphError) {
      throw new AdoptError(`reading tenant ${choice.tenantId} failed: ${err.message} (the read-only path needs Exchange.ManageAsApp with a role that can run Get-* cmdlets, and Domain.Read.All; see docs/adopt-existing-hybrid.md)`);
    }
    throw err;
  } finally {
    agent.destroy();
  }
}

function configurationError(err: unknown): unknown {
  return err instanceof ConfigurationError ? new AdoptError(`${err.message} (see docs/exchange-and-graph.md for the app registration and variables)`) : err;
}
