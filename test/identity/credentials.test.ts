import https from "node:https";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DefaultAzureCredential, ManagedIdentityCredential } from "@azure/identity";
import { credentialFromEnvironment, detectCredentialKind } from "../../src/identity/credentials";
import { ConfigurationError, readConnectionSettings } from "../../src/identity/environment";
import { createHttpsAgent } from "../../src/identity/tls";
import { createClientCertificate, createTestCertificates } from "../../src/testing/tls";
import { TokenEmulator } from "../../src/testing/token-emulator";

const TENANT = "11111111-2222-3333-4444-555555555555";
const EXO = "https://outlook.office365.com";
const SCOPE = `${EXO}/.default`;

let tokens: TokenEmulator;
let agent: https.Agent;
let dir: string;
let clientPem: string;

beforeAll(async () => {
  const certs = await createTestCertificates();
  tokens = await TokenEmulator.start(certs);
  agent = createHttpsAgent(certs.caCert);
  dir = mkdtempSync(join(tmpdir(), "identity-test-"));
  const client = await createClientCertificate();
  clientPem = client.pem;
  tokens.registerApp({ tenantId: TENANT, clientId: "secret-app", clientSecret: "s3cr3t-value", roles: { [EXO]: ["Exchange.ManageAsApp"] } });
  tokens.registerApp({ tenantId: TENANT, clientId: "cert-app", certificatePem: client.cert, roles: { [EXO]: ["Exchange.ManageAsApp"] } });
  tokens.registerApp({ tenantId: TENANT, clientId: "github-app", federatedSubjects: [tokens.githubSubject], roles: { [EXO]: ["Exchange.ManageAsApp"] } });
  tokens.registerApp({ tenantId: TENANT, clientId: "ado-app", federatedSubjects: [tokens.pipelinesSubject], roles: { [EXO]: ["Exchange.ManageAsApp"] } });
  tokens.registerApp({ tenantId: TENANT, clientId: "k8s-app", federatedSubjects: ["system:serviceaccount:mail:deployer"], roles: { [EXO]: ["Exchange.ManageAsApp"] } });
});
afterAll(async () => {
  agent.destroy();
  await tokens.close();
  rmSync(dir, { recursive: true, force: true });
});

const base = () => ({ AZURE_TENANT_ID: TENANT, AZURE_AUTHORITY_HOST: tokens.authorityHost });

async function tokenFor(env: Record<string, string>): Promise<{ kind: string; clientId?: string }> {
  const choice = credentialFromEnvironment(env, { agent });
  const token = await choice.credential.getToken(SCOPE);
  const claims = tokens.validate(token!.token);
  expect(claims?.audience).toBe(EXO);
  expect(claims?.roles).toContain("Exchange.ManageAsApp");
  return { kind: choice.kind, clientId: claims?.clientId };
}

describe("credentialFromEnvironment signs in against the token endpoint emulator", () => {
  it("uses a client secret", async () => {
    expect(await tokenFor({ ...base(), AZURE_CLIENT_ID: "secret-app", AZURE_CLIENT_SECRET: "s3cr3t-value" })).toEqual({ kind: "client-secret", clientId: "secret-app" });
  });

  it("uses a client certificate given as PEM text", async () => {
    expect(await tokenFor({ ...base(), AZURE_CLIENT_ID: "cert-app", HYBRID_MAILFLOW_CLIENT_CERTIFICATE_PEM: clientPem })).toEqual({ kind: "client-certificate", clientId: "cert-app" });
  });

  it("uses a client certificate from a PEM file", async () => {
    const path = join(dir, "app.pem");
    writeFileSync(path, clientPem);
    expect(await tokenFor({ ...base(), AZURE_CLIENT_ID: "cert-app", AZURE_CLIENT_CERTIFICATE_PATH: path })).toEqual({ kind: "client-certificate", clientId: "cert-app" });
  });

  it("federates a GitHub Actions OIDC token", async () => {
    const env = { ...base(), AZURE_CLIENT_ID: "github-app", ACTIONS_ID_TOKEN_REQUEST_URL: tokens.githubTokenRequestUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: tokens.githubRequestToken };
    expect(await tokenFor(env)).toEqual({ kind: "github-actions", clientId: "github-app" });
    const github = tokens.requests.filter((r) => r.path === "/github/idtoken");
    expect(github.length).toBeGreaterThan(0);
  });

  it("explains a GitHub job without id-token permission", async () => {
    const env = { ...base(), AZURE_CLIENT_ID: "github-app", ACTIONS_ID_TOKEN_REQUEST_URL: tokens.githubTokenRequestUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: "wrong" };
    await expect(credentialFromEnvironment(env, { agent }).credential.getToken(SCOPE)).rejects.toThrow(/id-token: write/);
  });

  it("federates an Azure Pipelines service connection", async () => {
    const saved = process.env.SYSTEM_OIDCREQUESTURI;
    // AzurePipelinesCredential reads this one straight from process.env.
    process.env.SYSTEM_OIDCREQUESTURI = tokens.pipelinesOidcRequestUri;
    try {
      const env = {
        AZURE_AUTHORITY_HOST: tokens.authorityHost,
        AZURESUBSCRIPTION_TENANT_ID: TENANT,
        AZURESUBSCRIPTION_CLIENT_ID: "ado-app",
        AZURESUBSCRIPTION_SERVICE_CONNECTION_ID: "0c5c7e4e-service-connection",
        SYSTEM_OIDCREQUESTURI: tokens.pipelinesOidcRequestUri,
        SYSTEM_ACCESSTOKEN: tokens.pipelinesAccessToken,
      };
      expect(await tokenFor(env)).toEqual({ kind: "azure-pipelines", clientId: "ado-app" });
    } finally {
      if (saved === undefined) delete process.env.SYSTEM_OIDCREQUESTURI;
      else process.env.SYSTEM_OIDCREQUESTURI = saved;
    }
  });

  it("federates a workload identity token file", async () => {
    const path = join(dir, "federated-token");
    writeFileSync(path, tokens.issueFederatedToken("system:serviceaccount:mail:deployer"));
    expect(await tokenFor({ ...base(), AZURE_CLIENT_ID: "k8s-app", AZURE_FEDERATED_TOKEN_FILE: path })).toEqual({ kind: "workload-identity", clientId: "k8s-app" });
  });

  it("refuses a federated token whose subject the app does not trust", async () => {
    const path = join(dir, "other-token");
    writeFileSync(path, tokens.issueFederatedToken("system:serviceaccount:other:intruder"));
    await expect(credentialFromEnvironment({ ...base(), AZURE_CLIENT_ID: "k8s-app", AZURE_FEDERATED_TOKEN_FILE: path }, { agent }).credential.getToken(SCOPE)).rejects.toThrow(/AADSTS70021/);
  });

  it("reports a wrong secret with the service's reason and without the secret", async () => {
    const error = await credentialFromEnvironment({ ...base(), AZURE_CLIENT_ID: "secret-app", AZURE_CLIENT_SECRET: "not-the-real-one" }, { agent })
      .credential.getToken(SCOPE)
      .catch((e: unknown) => e as Error);
    expect(String(error)).toMatch(/AADSTS7000215/);
    expect(String(error)).not.toContain("not-the-real-one");
  });
});

describe("choosing the credential", () => {
  it("prefers the explicit choice, then secret, certificate, GitHub, Azure Pipelines, token file, default", () => {
    expect(detectCredentialKind({ HYBRID_MAILFLOW_CREDENTIAL: "managed-identity", AZURE_CLIENT_SECRET: "x" })).toBe("managed-identity");
    expect(detectCredentialKind({ AZURE_CLIENT_SECRET: "x", AZURE_FEDERATED_TOKEN_FILE: "/f" })).toBe("client-secret");
    expect(detectCredentialKind({ AZURE_CLIENT_CERTIFICATE_PATH: "/c.pem", ACTIONS_ID_TOKEN_REQUEST_URL: "u", ACTIONS_ID_TOKEN_REQUEST_TOKEN: "t" })).toBe("client-certificate");
    expect(detectCredentialKind({ ACTIONS_ID_TOKEN_REQUEST_URL: "u", ACTIONS_ID_TOKEN_REQUEST_TOKEN: "t", AZURE_FEDERATED_TOKEN_FILE: "/f" })).toBe("github-actions");
    expect(detectCredentialKind({ SYSTEM_OIDCREQUESTURI: "u", AZURESUBSCRIPTION_SERVICE_CONNECTION_ID: "c" })).toBe("azure-pipelines");
    expect(detectCredentialKind({ AZURE_FEDERATED_TOKEN_FILE: "/f" })).toBe("workload-identity");
    expect(detectCredentialKind({})).toBe("default");
  });

  it("builds managed identity and the default chain without network calls", () => {
    expect(credentialFromEnvironment({ HYBRID_MAILFLOW_CREDENTIAL: "managed-identity", AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: "mi" }).credential).toBeInstanceOf(ManagedIdentityCredential);
    expect(credentialFromEnvironment({ AZURE_TENANT_ID: TENANT }).credential).toBeInstanceOf(DefaultAzureCredential);
  });

  it("names the missing variable and the fix, never a value", () => {
    const missingTenant = () => credentialFromEnvironment({ AZURE_CLIENT_ID: "a", AZURE_CLIENT_SECRET: "shh-123" });
    expect(missingTenant).toThrow(ConfigurationError);
    expect(missingTenant).toThrow(/AZURE_TENANT_ID: is not set\. Set it to your tenant's ID/);
    const missingClient = () => credentialFromEnvironment({ AZURE_TENANT_ID: TENANT, AZURE_CLIENT_SECRET: "shh-123" });
    expect(missingClient).toThrow(/AZURE_CLIENT_ID: is not set; the client-secret credential needs/);
    try {
      missingClient();
    } catch (e) {
      expect(String(e)).not.toContain("shh-123");
    }
    expect(() => credentialFromEnvironment({ AZURE_TENANT_ID: TENANT, HYBRID_MAILFLOW_CREDENTIAL: "password" })).toThrow(/HYBRID_MAILFLOW_CREDENTIAL: "password" is not a credential kind/);
    expect(() =>
      credentialFromEnvironment({ AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: "a", HYBRID_MAILFLOW_CLIENT_CERTIFICATE_PEM: "pem", AZURE_CLIENT_CERTIFICATE_PATH: "/p" }),
    ).toThrow(/both set/);
    expect(() => credentialFromEnvironment({ AZURE_TENANT_ID: TENANT, HYBRID_MAILFLOW_CREDENTIAL: "github-actions", AZURE_CLIENT_ID: "a" })).toThrow(/ACTIONS_ID_TOKEN_REQUEST_URL: is not set; .*id-token: write/);
  });
});

describe("readConnectionSettings", () => {
  it("reads the cloud, endpoint overrides, CA file and patience", () => {
    const ca = join(dir, "ca.pem");
    writeFileSync(ca, "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
    const settings = readConnectionSettings({
      HYBRID_MAILFLOW_CLOUD: "gcchigh",
      HYBRID_MAILFLOW_EXCHANGE_URL: "https://127.0.0.1:8443/",
      HYBRID_MAILFLOW_CA_CERTS: ca,
      HYBRID_MAILFLOW_MAX_RETRIES: "2",
      HYBRID_MAILFLOW_WAIT_TIMEOUT_SECONDS: "30",
    });
    expect(settings).toMatchObject({ cloud: "gcchigh", exchangeUrl: "https://127.0.0.1:8443", retry: { maxRetries: 2 }, waitTimeoutMs: 30_000 });
    expect(settings.extraCaPem).toContain("BEGIN CERTIFICATE");
  });

  it("refuses plain http, unknown clouds, unreadable CA files and bad numbers", () => {
    expect(() => readConnectionSettings({ HYBRID_MAILFLOW_GRAPH_URL: "http://127.0.0.1:8080" })).toThrow(/HYBRID_MAILFLOW_GRAPH_URL: must be an https:\/\/ URL/);
    expect(() => readConnectionSettings({ HYBRID_MAILFLOW_CLOUD: "germany" })).toThrow(/Use one of commercial, gcc, gcchigh, dod, china/);
    expect(() => readConnectionSettings({ HYBRID_MAILFLOW_CA_CERTS: join(dir, "missing.pem") })).toThrow(/cannot read the CA file/);
    expect(() => readConnectionSettings({ HYBRID_MAILFLOW_MAX_RETRIES: "lots" })).toThrow(/HYBRID_MAILFLOW_MAX_RETRIES: "lots" must be a whole number/);
  });
});
