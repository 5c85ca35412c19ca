/**
 * Picks the `@azure/identity` credential a pipeline provides, from environment variables read
 * at run time. Secrets stay in the environment: they are never returned, logged or put in
 * error messages (errors name the variable, not its value).
 */
import type https from "node:https";
import type { TokenCredential } from "@azure/identity";
import { cloudOf, isKnownAuthorityHost, type CloudName } from "./clouds";
import { ConfigurationError, ENV, nonEmpty, type Environment } from "./environment";
import { sendHttp } from "./http";
import { LIMIT_ENV, requestDeadlineMs, transportLimits } from "./limits";
import { redactedReason } from "./redact";

export type CredentialKind =
  | "client-secret"
  | "client-certificate"
  | "github-actions"
  | "azure-pipelines"
  | "workload-identity"
  | "managed-identity"
  | "default";

export const CREDENTIAL_KINDS: readonly CredentialKind[] = [
  "client-secret",
  "client-certificate",
  "github-actions",
  "azure-pipelines",
  "workload-identity",
  "managed-identity",
  "default",
];

export interface CredentialChoice {
  readonly credential: TokenCredential;
  readonly kind: CredentialKind;
  readonly tenantId: string;
  /** Which app signs in, for messages; never a secret. */
  readonly clientId?: string;
}

export interface CredentialOptions {
  /** The tenant from the resource's inputs; wins over AZURE_TENANT_ID. */
  readonly tenantId?: string;
  readonly cloud?: CloudName;
  readonly agent?: https.Agent;
}

/** Federated-token audiences Entra ID expects per cloud. */
const FEDERATION_AUDIENCE: Record<CloudName, string> = {
  commercial: "api://AzureADTokenExchange",
  gcc: "api://AzureADTokenExchange",
  gcchigh: "api://AzureADTokenExchangeUSGov",
  dod: "api://AzureADTokenExchangeUSGov",
  china: "api://AzureADTokenExchangeChina",
};

export function detectCredentialKind(env: Environment): CredentialKind {
  const chosen = nonEmpty(env[ENV.credential]);
  if (chosen !== undefined) {
    if (!(CREDENTIAL_KINDS as readonly string[]).includes(chosen)) {
      throw new ConfigurationError(ENV.credential, `"${chosen}" is not a credential kind. Use one of ${CREDENTIAL_KINDS.join(", ")}.`);
    }
    return chosen as CredentialKind;
  }
  if (nonEmpty(env.AZURE_CLIENT_SECRET)) return "client-secret";
  if (nonEmpty(env[ENV.certificatePem]) || nonEmpty(env.AZURE_CLIENT_CERTIFICATE_PATH)) return "client-certificate";
  if (nonEmpty(env.ACTIONS_ID_TOKEN_REQUEST_URL) && nonEmpty(env.ACTIONS_ID_TOKEN_REQUEST_TOKEN)) return "github-actions";
  if (nonEmpty(env.SYSTEM_OIDCREQUESTURI) && nonEmpty(env.AZURESUBSCRIPTION_SERVICE_CONNECTION_ID)) return "azure-pipelines";
  if (nonEmpty(env.AZURE_FEDERATED_TOKEN_FILE)) return "workload-identity";
  return "default";
}

export function credentialFromEnvironment(env: Environment, options: CredentialOptions = {}): CredentialChoice {
  const choice = chooseCredential(env, options);
  // Whatever the sign-in library throws (it may quote an echoed request) is scrubbed of this run's secrets.
  const secrets = CREDENTIAL_SECRET_VARIABLES.map((name) => nonEmpty(env[name])).filter((v): v is string => v !== undefined);
  return { ...choice, credential: redactingCredential(choice.credential, secrets) };
}

/** Variables whose values the chosen credential sends; masked in its errors even when `env` is not process.env. */
const CREDENTIAL_SECRET_VARIABLES = [
  "AZURE_CLIENT_SECRET",
  "AZURE_CLIENT_CERTIFICATE_PASSWORD",
  ENV.certificatePem,
  "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
  "SYSTEM_ACCESSTOKEN",
];

/** A sign-in failure, its text scrubbed of secrets; the original's name is kept for callers that test it. */
export class SignInError extends Error {
  constructor(original: unknown, secrets: readonly string[]) {
    super(redactedReason(original, secrets));
    this.name = original instanceof Error ? original.name : "SignInError";
  }
}

/** The same credential object (callers may test its class), its getToken wrapped. */
function redactingCredential<C extends TokenCredential>(credential: C, secrets: readonly string[]): C {
  const getToken = credential.getToken.bind(credential);
  credential.getToken = async (scopes, options) => {
    // Sign-in goes through the identity library's own HTTP client, which does not pass an abort
    // signal on to every request (MSAL's metadata fetch); the same limits bound it from outside.
    const timeoutMs = requestDeadlineMs(transportLimits().requestTimeoutMs, "signing in");
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`signing in got no answer within ${Math.round(timeoutMs / 1000)} s (limit: ${LIMIT_ENV.requestTimeoutSeconds} and the run's budget)`)),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([getToken(scopes, options), timedOut]);
    } catch (err) {
      throw new SignInError(err, secrets);
    } finally {
      clearTimeout(timer);
    }
  };
  return credential;
}

function chooseCredential(env: Environment, options: CredentialOptions): CredentialChoice {
  const kind = detectCredentialKind(env);
  const cloud = cloudOf(options.cloud);
  const authorityHost = nonEmpty(env.AZURE_AUTHORITY_HOST) ?? cloud.authorityHost;
  const common = {
    authorityHost,
    // MSAL can validate only Microsoft's own sign-in hosts; anything else must skip discovery.
    disableInstanceDiscovery: !isKnownAuthorityHost(authorityHost),
    ...(options.agent ? { agent: options.agent } : {}),
  };
  const pipelines = kind === "azure-pipelines";
  const tenantId = options.tenantId ?? nonEmpty(pipelines ? env.AZURESUBSCRIPTION_TENANT_ID ?? env.AZURE_TENANT_ID : env.AZURE_TENANT_ID);
  if (tenantId === undefined) {
    throw new ConfigurationError("AZURE_TENANT_ID", "is not set. Set it to your tenant's ID (a GUID), or give the resource a tenantId.");
  }
  const need = (name: string, why: string): string => {
    const value = nonEmpty(env[name]);
    if (value === undefined) throw new ConfigurationError(name, `is not set; the ${kind} credential needs ${why}.`);
    return value;
  };

  const {
    AzurePipelinesCredential,
    ClientAssertionCredential,
    ClientCertificateCredential,
    ClientSecretCredential,
    DefaultAzureCredential,
    ManagedIdentityCredential,
    WorkloadIdentityCredential,
  } = azureIdentity();
  switch (kind) {
    case "client-secret": {
      const clientId = need("AZURE_CLIENT_ID", "the app registration's application (client) ID");
      return { kind, tenantId, clientId, credential: new ClientSecretCredential(tenantId, clientId, need("AZURE_CLIENT_SECRET", "the client secret's value"), common) };
    }
    case "client-certificate": {
      const clientId = need("AZURE_CLIENT_ID", "the app registration's application (client) ID");
      const pem = nonEmpty(env[ENV.certificatePem]);
      const path = nonEmpty(env.AZURE_CLIENT_CERTIFICATE_PATH);
      if (pem !== undefined && path !== undefined) {
        throw new ConfigurationError(ENV.certificatePem, "and AZURE_CLIENT_CERTIFICATE_PATH are both set. Keep one.");
      }
      if (pem === undefined && path === undefined) {
        throw new ConfigurationError(ENV.certificatePem, "is not set; the client-certificate credential needs the certificate and private key as PEM (or AZURE_CLIENT_CERTIFICATE_PATH).");
      }
      const certificatePassword = nonEmpty(env.AZURE_CLIENT_CERTIFICATE_PASSWORD);
      const sendCertificateChain = env.AZURE_CLIENT_SEND_CERTIFICATE_CHAIN === "true" || env.AZURE_CLIENT_SEND_CERTIFICATE_CHAIN === "1";
      const credential =
        pem !== undefined
          ? new ClientCertificateCredential(tenantId, clientId, { certificate: pem, certificatePassword }, { ...common, sendCertificateChain })
          : new ClientCertificateCredential(tenantId, clientId, { certificatePath: path!, certificatePassword }, { ...common, sendCertificateChain });
      return { kind, tenantId, clientId, credential };
    }
    case "github-actions": {
      const clientId = need("AZURE_CLIENT_ID", "the app registration's application (client) ID");
      const requestUrl = need("ACTIONS_ID_TOKEN_REQUEST_URL", "the job to have `permissions: id-token: write`");
      const requestToken = need("ACTIONS_ID_TOKEN_REQUEST_TOKEN", "the job to have `permissions: id-token: write`");
      const audience = FEDERATION_AUDIENCE[cloud.name];
      const getAssertion = () => githubIdToken(requestUrl, requestToken, audience, options.agent);
      return { kind, tenantId, clientId, credential: new ClientAssertionCredential(tenantId, clientId, getAssertion, common) };
    }
    case "azure-pipelines": {
      const clientId = nonEmpty(env.AZURESUBSCRIPTION_CLIENT_ID) ?? need("AZURE_CLIENT_ID", "the service connection's application (client) ID");
      const connection = need("AZURESUBSCRIPTION_SERVICE_CONNECTION_ID", "the service connection ID (AzureCLI@2 sets it)");
      const accessToken = need("SYSTEM_ACCESSTOKEN", "the job's access token: map it with `env: SYSTEM_ACCESSTOKEN: $(System.AccessToken)`");
      return { kind, tenantId, clientId, credential: new AzurePipelinesCredential(tenantId, clientId, connection, accessToken, common) };
    }
    case "workload-identity": {
      const clientId = need("AZURE_CLIENT_ID", "the app registration's application (client) ID");
      const tokenFilePath = need("AZURE_FEDERATED_TOKEN_FILE", "a file holding the federated token");
      return { kind, tenantId, clientId, credential: new WorkloadIdentityCredential({ ...common, tenantId, clientId, tokenFilePath }) };
    }
    case "managed-identity": {
      const clientId = nonEmpty(env.AZURE_CLIENT_ID);
      const credential = clientId !== undefined ? new ManagedIdentityCredential({ ...common, clientId }) : new ManagedIdentityCredential(common);
      return { kind, tenantId, clientId, credential };
    }
    case "default": {
      const managedIdentityClientId = nonEmpty(env.AZURE_CLIENT_ID);
      return { kind, tenantId, clientId: managedIdentityClientId, credential: new DefaultAzureCredential({ ...common, tenantId, ...(managedIdentityClientId ? { managedIdentityClientId } : {}) }) };
    }
  }
}

/** GitHub's OIDC endpoint: `GET {url}&audience=...` with the request token as bearer, answering `{ value }`. */
async function githubIdToken(requestUrl: string, requestToken: string, audience: string, agent?: https.Agent): Promise<string> {
  const url = new URL(requestUrl);
  url.searchParams.set("audience", audience);
  const response = await sendHttp({ url: url.toString(), method: "GET", agent, timeoutMs: 30_000, headers: { Authorization: `Bearer ${requestToken}`, Accept: "application/json" } });
  const value = response.status === 200 ? (JSON.parse(response.text) as { value?: unknown }).value : undefined;
  if (typeof value !== "string" || value === "") {
    throw new Error(`GitHub Actions refused an ID token (HTTP ${response.status}). Fix: give the job \`permissions: id-token: write\`.`);
  }
  return value;
}

/**
 * `@azure/identity` is an optional peer dependency (with its MSAL libraries it is about 45 MB, and
 * `check` users never sign in), so it is loaded when a credential is first needed, with an error that
 * says what to install.
 */
function azureIdentity(): typeof import("@azure/identity") {
  try {
    return require("@azure/identity") as typeof import("@azure/identity");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND") throw error;
    throw new ConfigurationError("@azure/identity", "is not installed; the Exchange Online and Graph resources sign in with it. Run: npm install @azure/identity");
  }
}
