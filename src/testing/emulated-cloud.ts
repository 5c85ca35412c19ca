/**
 * The whole emulated Microsoft 365 tenant for tests: one CA, a sign-in endpoint, the Exchange
 * gateway and Graph, an app registration with the permissions the resources need, and the
 * environment variables that point the resources' providers at it.
 */
import { rmSync } from "node:fs";
import { dirname } from "node:path";
import { ExchangeEmulator } from "./exchange-emulator";
import { GraphEmulator, linkAcceptedDomains } from "./graph-emulator";
import { createTestCertificates, writeCaFile, type TestCertificates } from "./tls";
import { TokenEmulator } from "./token-emulator";

export interface EmulatedCloudOptions {
  readonly tenantId?: string;
  readonly initialDomain?: string;
  readonly clientId?: string;
  /** The cloud whose audiences the emulators expect (commercial by default). */
  readonly exchangeAudience?: string;
  readonly graphAudience?: string;
  readonly exchangeMaxPageSize?: number;
  readonly graphMaxPageSize?: number;
}

export interface EmulatedCloud {
  readonly certificates: TestCertificates;
  /** Path of the CA file, for HYBRID_MAILFLOW_CA_CERTS. */
  readonly caFile: string;
  readonly tokens: TokenEmulator;
  readonly exchange: ExchangeEmulator;
  readonly graph: GraphEmulator;
  readonly tenantId: string;
  readonly initialDomain: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Environment variables that make the providers use this cloud with a client secret. */
  env(): Record<string, string>;
  close(): Promise<void>;
}

export async function startEmulatedCloud(options: EmulatedCloudOptions = {}): Promise<EmulatedCloud> {
  const tenantId = options.tenantId ?? "6f1c2a9e-3b4d-4e5f-8a7b-1c2d3e4f5a6b";
  const initialDomain = options.initialDomain ?? "contoso.onmicrosoft.com";
  const clientId = options.clientId ?? "0b4e1f8c-5d6a-4b7c-9e8f-a1b2c3d4e5f6";
  const clientSecret = `emulator-secret-${globalThis.crypto.randomUUID()}`;
  const exchangeAudience = options.exchangeAudience ?? "https://outlook.office365.com";
  const graphAudience = options.graphAudience ?? "https://graph.microsoft.com";

  const certificates = await createTestCertificates();
  const caFile = writeCaFile(certificates.caCert);
  const tokens = await TokenEmulator.start(certificates);
  const exchange = await ExchangeEmulator.start({ tls: certificates, tokens, audience: exchangeAudience, maxPageSize: options.exchangeMaxPageSize });
  const graph = await GraphEmulator.start({ tls: certificates, tokens, audience: graphAudience, maxPageSize: options.graphMaxPageSize });
  tokens.registerApp({
    tenantId,
    clientId,
    clientSecret,
    roles: { [exchangeAudience]: ["Exchange.ManageAsApp"], [graphAudience]: ["Domain.ReadWrite.All"] },
  });
  exchange.addTenant(tenantId, initialDomain);
  graph.addTenant(tenantId, initialDomain);
  linkAcceptedDomains(graph, exchange);

  return {
    certificates,
    caFile,
    tokens,
    exchange,
    graph,
    tenantId,
    initialDomain,
    clientId,
    clientSecret,
    env: () => ({
      AZURE_TENANT_ID: tenantId,
      AZURE_CLIENT_ID: clientId,
      AZURE_CLIENT_SECRET: clientSecret,
      AZURE_AUTHORITY_HOST: tokens.authorityHost,
      HYBRID_MAILFLOW_EXCHANGE_URL: exchange.url,
      HYBRID_MAILFLOW_GRAPH_URL: graph.url,
      HYBRID_MAILFLOW_CA_CERTS: caFile,
    }),
    close: async () => {
      await Promise.all([tokens.close(), exchange.close(), graph.close()]);
      rmSync(dirname(caFile), { recursive: true, force: true });
    },
  };
}
