/**
 * An Entra ID sign-in endpoint on loopback, enough for `@azure/identity` credentials pointed at
 * it with `authorityHost` (and `disableInstanceDiscovery`): OpenID metadata and the v2.0 token
 * endpoint for the client-credentials grant with a secret, a certificate assertion or a
 * federated token. It also plays the GitHub Actions and Azure Pipelines OIDC token services.
 * The other emulators ask it whether a bearer token is valid and what it grants.
 */
import { createHmac, createPublicKey, randomBytes, randomUUID, timingSafeEqual, verify, constants as cryptoConstants, X509Certificate } from "node:crypto";
import { bearerToken, HttpsEmulator, type EmulatorRequest, type EmulatorTls, type Reply } from "./https-emulator";

export interface AppRegistration {
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret?: string;
  /** The public certificate (PEM) registered for certificate credentials. */
  readonly certificatePem?: string;
  /** Subjects of federated tokens this app trusts (workload identity federation). */
  readonly federatedSubjects?: readonly string[];
  /** Application roles granted per resource, e.g. `{ "https://outlook.office365.com": ["Exchange.ManageAsApp"] }`. */
  readonly roles?: Readonly<Record<string, readonly string[]>>;
}

export interface TokenClaims {
  readonly tenantId: string;
  readonly clientId: string;
  /** The resource the token is for, e.g. `https://outlook.office365.com`. */
  readonly audience: string;
  readonly roles: readonly string[];
  readonly expiresAt: number;
}

/** What Exchange and Graph emulators need from the sign-in side. */
export interface TokenValidator {
  validate(token: string): TokenClaims | undefined;
}

export const FEDERATED_AUDIENCE = "api://AzureADTokenExchange";

export class TokenEmulator extends HttpsEmulator implements TokenValidator {
  private readonly apps = new Map<string, AppRegistration>();
  private readonly issued = new Map<string, TokenClaims>();
  private readonly signingKey = randomBytes(32);
  /** Bearer the GitHub OIDC endpoint accepts (ACTIONS_ID_TOKEN_REQUEST_TOKEN). */
  readonly githubRequestToken = randomUUID();
  /** Bearer the Azure Pipelines OIDC endpoint accepts (SYSTEM_ACCESSTOKEN). */
  readonly pipelinesAccessToken = randomUUID();
  /** Subjects the GitHub and Azure Pipelines endpoints put in the tokens they mint. */
  githubSubject = "repo:contoso/mailflow:ref:refs/heads/main";
  pipelinesSubject = "sc://contoso/mailflow/exchange-connection";
  tokenLifetimeSeconds = 3599;

  static async start(tls: EmulatorTls): Promise<TokenEmulator> {
    const emulator = new TokenEmulator(tls);
    await emulator.listen();
    return emulator;
  }

  private constructor(tls: EmulatorTls) {
    super(tls);
  }

  /** The value for `authorityHost` / AZURE_AUTHORITY_HOST. */
  get authorityHost(): string {
    return this.url;
  }

  /** The value for ACTIONS_ID_TOKEN_REQUEST_URL (GitHub appends `&audience=`). */
  get githubTokenRequestUrl(): string {
    return `${this.url}/github/idtoken?api-version=2.0`;
  }

  /** The value for SYSTEM_OIDCREQUESTURI. */
  get pipelinesOidcRequestUri(): string {
    return `${this.url}/ado/oidctoken`;
  }

  registerApp(app: AppRegistration): void {
    this.apps.set(key(app.tenantId, app.clientId), app);
  }

  /** Invalidates every token issued so far (as a revoked consent or rotated key would). */
  revokeAll(): void {
    this.issued.clear();
  }

  validate(token: string): TokenClaims | undefined {
    const claims = this.issued.get(token);
    return claims && claims.expiresAt > Date.now() ? claims : undefined;
  }

  /** A federated token such as a workload-identity token file holds. */
  issueFederatedToken(subject: string, audience = FEDERATED_AUDIENCE): string {
    const now = Math.floor(Date.now() / 1000);
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const unsigned = `${encode({ alg: "HS256", typ: "JWT" })}.${encode({ iss: `${this.url}/federation`, sub: subject, aud: audience, iat: now, exp: now + 600 })}`;
    return `${unsigned}.${createHmac("sha256", this.signingKey).update(unsigned).digest("base64url")}`;
  }

  protected describe(method: string, url: URL): string {
    if (url.pathname.endsWith("/oauth2/v2.0/token")) return "token";
    if (url.pathname.endsWith("/openid-configuration")) return "openid-configuration";
    return `${method} ${url.pathname}`;
  }

  protected handle(request: EmulatorRequest): Reply {
    const path = request.url.pathname;
    const openId = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(path);
    if (openId && request.method === "GET") return { status: 200, body: this.openIdConfiguration(openId[1]!) };
    const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(path);
    if (token && request.method === "POST") return this.tokenRequest(decodeURIComponent(token[1]!), new URLSearchParams(request.body));
    if (/^\/[^/]+\/discovery\/v2\.0\/keys$/.test(path)) return { status: 200, body: { keys: [] } };
    if (path === "/github/idtoken" && request.method === "GET") return this.githubToken(request);
    if (path === "/ado/oidctoken" && request.method === "POST") return this.pipelinesToken(request);
    return { status: 404, body: { error: "not_found", error_description: `No such endpoint: ${path}` } };
  }

  private openIdConfiguration(tenant: string): unknown {
    const base = `${this.url}/${tenant}`;
    return {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      jwks_uri: `${base}/discovery/v2.0/keys`,
      issuer: `${base}/v2.0`,
      token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
      response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
      scopes_supported: ["openid", "profile", "email", "offline_access"],
      tenant_region_scope: "WW",
      cloud_instance_name: "emulator",
    };
  }

  private tokenRequest(tenant: string, form: URLSearchParams): Reply {
    const clientId = form.get("client_id") ?? "";
    const app = this.apps.get(key(tenant, clientId));
    if (form.get("grant_type") !== "client_credentials") return aadError(400, "unsupported_grant_type", "AADSTS70003", "The app requested an unsupported grant type.");
    if (!app) return aadError(400, "unauthorized_client", "AADSTS700016", `Application with identifier '${clientId}' was not found in the directory '${tenant}'.`);
    const failure = this.authenticateClient(app, tenant, form);
    if (failure) return failure;
    const scope = form.get("scope") ?? "";
    const resource = scope.split(" ").find((s) => s.endsWith("/.default"))?.slice(0, -"/.default".length);
    if (!resource) return aadError(400, "invalid_scope", "AADSTS1002012", `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.`);
    const accessToken = `emu.${randomBytes(24).toString("base64url")}`;
    const claims: TokenClaims = { tenantId: app.tenantId, clientId, audience: resource, roles: app.roles?.[resource] ?? [], expiresAt: Date.now() + this.tokenLifetimeSeconds * 1000 };
    this.issued.set(accessToken, claims);
    return { status: 200, body: { token_type: "Bearer", expires_in: this.tokenLifetimeSeconds, ext_expires_in: this.tokenLifetimeSeconds, access_token: accessToken } };
  }

  private authenticateClient(app: AppRegistration, tenant: string, form: URLSearchParams): Reply | undefined {
    const secret = form.get("client_secret");
    if (secret !== null) {
      return app.clientSecret !== undefined && safeEqual(secret, app.clientSecret)
        ? undefined
        : aadError(401, "invalid_client", "AADSTS7000215", `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.clientId}'.`);
    }
    const assertion = form.get("client_assertion");
    if (assertion === null || form.get("client_assertion_type") !== "urn:ietf:params:oauth:client-assertion-type:jwt-bearer") {
      return aadError(401, "invalid_client", "AADSTS7000218", "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
    }
    const jwt = parseJwt(assertion);
    if (!jwt) return aadError(401, "invalid_client", "AADSTS50027", "JWT token is invalid or malformed.");
    if (jwt.header.alg === "HS256") {
      const subject = this.verifyFederated(assertion, jwt.payload);
      return subject !== undefined && (app.federatedSubjects ?? []).includes(subject)
        ? undefined
        : aadError(401, "invalid_client", "AADSTS70021", `No matching federated identity record found for presented assertion subject '${String(jwt.payload.sub)}'.`);
    }
    const expectedAudience = `${this.url}/${tenant}/oauth2/v2.0/token`;
    const ok = app.certificatePem !== undefined && verifyCertificateAssertion(assertion, jwt.header.alg, app.certificatePem) && jwt.payload.iss === app.clientId && jwt.payload.aud === expectedAudience;
    return ok ? undefined : aadError(401, "invalid_client", "AADSTS700027", "The certificate with identifier used to sign the client assertion is not registered on application.");
  }

  private verifyFederated(assertion: string, payload: Record<string, unknown>): string | undefined {
    const [header, body, signature] = assertion.split(".");
    const expected = createHmac("sha256", this.signingKey).update(`${header}.${body}`).digest("base64url");
    const valid = signature !== undefined && safeEqual(signature, expected) && payload.aud === FEDERATED_AUDIENCE && Number(payload.exp) * 1000 > Date.now();
    return valid && typeof payload.sub === "string" ? payload.sub : undefined;
  }

  private githubToken(request: EmulatorRequest): Reply {
    if (bearerToken(request.headers) !== this.githubRequestToken) return { status: 401, body: { message: "Bad credentials" } };
    const audience = request.url.searchParams.get("audience") ?? FEDERATED_AUDIENCE;
    return { status: 200, body: { value: this.issueFederatedToken(this.githubSubject, audience) } };
  }

  private pipelinesToken(request: EmulatorRequest): Reply {
    if (bearerToken(request.headers) !== this.pipelinesAccessToken) return { status: 401, body: { message: "TF400813: The user is not authorized to access this resource." } };
    if (!request.url.searchParams.get("serviceConnectionId")) return { status: 400, body: { message: "serviceConnectionId is required" } };
    return { status: 200, body: { oidcToken: this.issueFederatedToken(this.pipelinesSubject) } };
  }
}

function key(tenantId: string, clientId: string): string {
  return `${tenantId.toLowerCase()}/${clientId.toLowerCase()}`;
}

function aadError(status: number, error: string, code: string, text: string): Reply {
  const traceId = randomUUID();
  return {
    status,
    body: {
      error,
      error_description: `${code}: ${text} Trace ID: ${traceId} Correlation ID: ${randomUUID()} Timestamp: ${new Date().toISOString()}`,
      error_codes: [Number(code.replace("AADSTS", ""))],
      timestamp: new Date().toISOString(),
      trace_id: traceId,
    },
  };
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function parseJwt(token: string): { header: Record<string, unknown>; payload: Record<string, unknown> } | undefined {
  const [header, payload, signature] = token.split(".");
  if (!header || !payload || signature === undefined) return undefined;
  try {
    return { header: JSON.parse(Buffer.from(header, "base64url").toString()), payload: JSON.parse(Buffer.from(payload, "base64url").toString()) };
  } catch {
    return undefined;
  }
}

function verifyCertificateAssertion(assertion: string, alg: unknown, certificatePem: string): boolean {
  const [header, payload, signature] = assertion.split(".");
  const key = createPublicKey(new X509Certificate(certificatePem).publicKey.export({ type: "spki", format: "pem" }));
  const data = Buffer.from(`${header}.${payload}`);
  const sig = Buffer.from(signature ?? "", "base64url");
  if (alg === "RS256") return verify("sha256", data, key, sig);
  if (alg === "PS256") return verify("sha256", data, { key, padding: cryptoConstants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, sig);
  return false;
}
