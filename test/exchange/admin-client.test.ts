import https from "node:https";
import { ClientSecretCredential } from "@azure/identity";
import {
  ExchangeAdminClient,
  ExchangeError,
  ExchangeAlreadyExistsError,
  ExchangeBadParameterError,
  ExchangeForbiddenError,
  ExchangeNotFoundError,
  ExchangeResponseLostError,
  ExchangeThrottledError,
  ExchangeUnauthorizedError,
  addRemove,
  exchangeScope,
} from "../../src/exchange";
import type { CloudName } from "../../src/identity/clouds";
import { createHttpsAgent } from "../../src/identity/tls";
import { startEmulatedCloud, type EmulatedCloud } from "../../src/testing/emulated-cloud";

let cloud: EmulatedCloud;
let agent: https.Agent;

beforeAll(async () => {
  cloud = await startEmulatedCloud({ exchangeMaxPageSize: 2 });
  agent = createHttpsAgent(cloud.certificates.caCert);
});
afterAll(async () => {
  agent.destroy();
  await cloud.close();
});
beforeEach(() => {
  cloud.exchange.clearFaults();
  cloud.exchange.resetLog();
  cloud.exchange.replicationLagMs = 0;
});

function client(options: { secret?: string; cloud?: CloudName; maxRetries?: number } = {}): ExchangeAdminClient {
  const credential = new ClientSecretCredential(cloud.tenantId, cloud.clientId, options.secret ?? cloud.clientSecret, {
    authorityHost: cloud.tokens.authorityHost,
    disableInstanceDiscovery: true,
    agent,
  });
  return new ExchangeAdminClient({
    tenantId: cloud.tenantId,
    credential,
    cloud: options.cloud,
    baseUrl: cloud.exchange.url,
    agent,
    retry: { baseDelayMs: 2, maxDelayMs: 200, maxRetries: options.maxRetries ?? 3 },
  });
}

let seq = 0;
const uniqueName = (prefix: string) => `${prefix} ${++seq}`;

describe("ExchangeAdminClient against the gateway emulator", () => {
  it("creates, reads, changes and removes a connector, in the service's normalised forms", async () => {
    const exo = client();
    const name = uniqueName("Inbound from partner");
    const created = await exo.invoke("New-InboundConnector", {
      Name: name,
      ConnectorType: "Partner",
      SenderDomains: ["Fabrikam.com", "*.fabrikam.net"],
      SenderIPAddresses: ["203.0.113.0/24"],
      RestrictDomainsToIPAddresses: true,
    });
    const object = created.value[0]!;
    expect(object.Name).toBe(name);
    expect(object.SenderDomains).toEqual(expect.arrayContaining(["smtp:Fabrikam.com;1", "smtp:*.fabrikam.net;1"]));
    expect(Object.keys(object).filter((k) => k.includes("@"))).toEqual([]);
    const guid = String(object.Guid);

    const read = await exo.invoke("Get-InboundConnector", { Identity: guid });
    expect(read.value).toHaveLength(1);
    expect(read.value[0]!.Guid).toBe(guid);

    await exo.invoke("Set-InboundConnector", { Identity: guid, SenderIPAddresses: addRemove(["198.51.100.7"], ["203.0.113.0/24"]), Comment: "rotated" }, { idempotent: true });
    const changed = (await exo.invoke("Get-InboundConnector", { Identity: guid })).value[0]!;
    expect(changed.SenderIPAddresses).toEqual(["198.51.100.7"]);
    expect(changed.Comment).toBe("rotated");

    const noop = await exo.invoke("Set-InboundConnector", { Identity: guid, Comment: "rotated" }, { idempotent: true });
    expect(noop.warnings.join()).toMatch(/no settings .* have been modified/);

    await exo.invoke("Remove-InboundConnector", { Identity: guid, Confirm: false }, { idempotent: true });
    await expect(exo.invoke("Get-InboundConnector", { Identity: guid })).rejects.toBeInstanceOf(ExchangeNotFoundError);
  });

  it("follows @odata.nextLink until every page is read", async () => {
    const exo = client();
    const names = [1, 2, 3, 4, 5].map(() => uniqueName("Paged outbound"));
    for (const name of names) await exo.invoke("New-OutboundConnector", { Name: name, ConnectorType: "Partner", RecipientDomains: ["tailspin.example"] });
    cloud.exchange.resetLog();
    const all = await exo.invoke("Get-OutboundConnector", { ResultSize: "Unlimited" });
    expect(all.value.map((o) => o.Name)).toEqual(expect.arrayContaining(names));
    const total = cloud.exchange.objects(cloud.tenantId, "OutboundConnector").length;
    expect(all.value).toHaveLength(total);
    expect(cloud.exchange.count("Get-OutboundConnector")).toBe(Math.ceil(total / 2));
  });

  it("turns service errors into typed errors that name the parameter", async () => {
    const exo = client();
    const name = uniqueName("Duplicate");
    await exo.invoke("New-InboundConnector", { Name: name, ConnectorType: "Partner", SenderDomains: ["*"] });
    await expect(exo.invoke("New-InboundConnector", { Name: name, ConnectorType: "Partner", SenderDomains: ["*"] })).rejects.toBeInstanceOf(ExchangeAlreadyExistsError);

    const unknown = await exo.invoke("New-InboundConnector", { Name: uniqueName("x"), SenderDomains: ["*"], Bogus: true }).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(ExchangeBadParameterError);
    expect((unknown as ExchangeBadParameterError).parameter).toBe("Bogus");

    const cidr = await exo.invoke("New-InboundConnector", { Name: uniqueName("x"), SenderDomains: ["*"], SenderIPAddresses: ["203.0.0.0/16"] }).catch((e: unknown) => e);
    expect(cidr).toBeInstanceOf(ExchangeBadParameterError);
    expect((cidr as Error).message).toContain("SenderIPAddresses");

    // The docs call Partner-only restrictions "not applicable" on OnPremises connectors; no source shows a refusal, so the emulator takes them.
    const partnerOnly = await exo.invoke("New-InboundConnector", { Name: uniqueName("x"), ConnectorType: "OnPremises", SenderDomains: ["*"], RestrictDomainsToCertificate: true });
    expect(partnerOnly.value[0]!.RestrictDomainsToCertificate).toBe(true);

    await expect(exo.invoke("New-AcceptedDomain", { Name: "x", DomainName: "x.example" })).rejects.toBeInstanceOf(ExchangeForbiddenError);
    await expect(exo.invoke("Get-InboundConnector", { Identity: "no such connector" })).rejects.toBeInstanceOf(ExchangeNotFoundError);
  });

  it("waits Retry-After on 429 and then succeeds", async () => {
    cloud.exchange.inject({ operation: "Get-AcceptedDomain", fault: { kind: "throttle", retryAfterSeconds: 0.15 }, times: 1 });
    const started = Date.now();
    const result = await client().invoke("Get-AcceptedDomain");
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(result.value.map((d) => d.DomainName)).toContain(cloud.initialDomain);
    expect(cloud.exchange.requests.map((r) => r.status)).toEqual([429, 200]);
  });

  it("gives up with a throttled error when throttling outlasts the retries", async () => {
    cloud.exchange.inject({ operation: "Get-AcceptedDomain", fault: { kind: "throttle", retryAfterSeconds: 0.001 }, times: 10 });
    await expect(client({ maxRetries: 2 }).invoke("Get-AcceptedDomain")).rejects.toBeInstanceOf(ExchangeThrottledError);
    expect(cloud.exchange.count("Get-AcceptedDomain")).toBe(3);
  });

  it("retries 503, 504 and transient exception types", async () => {
    cloud.exchange.inject({ operation: "Get-InboundConnector", fault: { kind: "unavailable", status: 503 } });
    cloud.exchange.inject({ operation: "Get-InboundConnector", fault: { kind: "unavailable", status: 504 } });
    cloud.exchange.inject({ operation: "Get-InboundConnector", fault: { kind: "transient-exception" } });
    await client().invoke("Get-InboundConnector");
    expect(cloud.exchange.requests.map((r) => r.status)).toEqual([503, 504, 500, 200]);
  });

  it("resends a read whose answer was lost", async () => {
    cloud.exchange.inject({ operation: "Get-InboundConnector", fault: { kind: "lose-response" } });
    await client().invoke("Get-InboundConnector");
    expect(cloud.exchange.requests.map((r) => r.status)).toEqual(["dropped", 200]);
  });

  it("never resends a create whose answer was lost, and says it may have happened", async () => {
    const name = uniqueName("Lost answer");
    cloud.exchange.inject({ operation: "New-InboundConnector", fault: { kind: "lose-response" } });
    const error = await client()
      .invoke("New-InboundConnector", { Name: name, ConnectorType: "Partner", SenderDomains: ["*"] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExchangeResponseLostError);
    expect((error as Error).message).toMatch(/may have been applied/);
    expect(cloud.exchange.count("New-InboundConnector")).toBe(1);
    expect(cloud.exchange.objects(cloud.tenantId, "InboundConnector").filter((o) => o.Name === name)).toHaveLength(1);
  });

  it("treats a gateway timeout on a create as a lost answer instead of resending it", async () => {
    cloud.exchange.inject({ operation: "New-OutboundConnector", fault: { kind: "unavailable", status: 504 } });
    await expect(client().invoke("New-OutboundConnector", { Name: uniqueName("Timeout"), ConnectorType: "Partner" })).rejects.toBeInstanceOf(ExchangeResponseLostError);
    expect(cloud.exchange.count("New-OutboundConnector")).toBe(1);
  });

  it("reports a role that does not cover the cmdlet as forbidden after retrying", async () => {
    cloud.exchange.denyCmdlet("Remove-OutboundConnector");
    const error = await client({ maxRetries: 1 }).invoke("Remove-OutboundConnector", { Identity: "x", Confirm: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExchangeForbiddenError);
    expect((error as Error).message).toMatch(/Exchange Administrator/);
    expect(cloud.exchange.count("Remove-OutboundConnector")).toBe(2);
  });

  it("fails sign-in with a wrong secret without calling Exchange or leaking the secret", async () => {
    const wrong = "definitely-not-the-secret-123";
    const error = await client({ secret: wrong }).invoke("Get-InboundConnector").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExchangeUnauthorizedError);
    expect((error as Error).message).toMatch(/AADSTS7000215/);
    expect((error as Error).message).not.toContain(wrong);
    expect(JSON.stringify(error)).not.toContain(wrong);
    expect(cloud.exchange.count()).toBe(0);
  });

  it("asks for a token of the right cloud: a GCC High token is refused by a commercial gateway", async () => {
    const error = await client({ cloud: "gcchigh", maxRetries: 0 }).invoke("Get-InboundConnector").catch((e: unknown) => e);
    // The app has no role for the GCC High audience, and the gateway wants the commercial one.
    expect(error).toBeInstanceOf(ExchangeUnauthorizedError);
  });

  it("answers without X-AnchorMailbox (public clients omit it), but not without a bearer token", async () => {
    const token = (await new ClientSecretCredential(cloud.tenantId, cloud.clientId, cloud.clientSecret, { authorityHost: cloud.tokens.authorityHost, disableInstanceDiscovery: true, agent }).getToken("https://outlook.office365.com/.default"))!.token;
    const post = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const req = https.request(`${cloud.exchange.url}/adminapi/beta/${cloud.tenantId}/InvokeCommand`, { method: "POST", agent, headers: { "Content-Type": "application/json", ...headers } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on("error", reject);
        req.end(JSON.stringify({ CmdletInput: { CmdletName: "Get-InboundConnector" } }));
      });
    expect(await post({ Authorization: `Bearer ${token}` })).toBe(200);
    expect(await post({})).toBe(401);
  });

  it("turns @adminapi.errors in a 2xx answer into an error, classified by the exception type when it has one", async () => {
    cloud.exchange.inject({ operation: "Remove-InboundConnector", fault: { kind: "non-terminating-error", text: "Ex1|Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException|couldn't be found" } });
    await expect(client().invoke("Remove-InboundConnector", { Identity: "gone", Confirm: false }, { idempotent: true })).rejects.toBeInstanceOf(ExchangeNotFoundError);
    cloud.exchange.inject({ operation: "Get-AcceptedDomain", fault: { kind: "non-terminating-error", text: "something went wrong" } });
    const error = await client().invoke("Get-AcceptedDomain").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExchangeError);
    expect((error as Error).message).toBe("Get-AcceptedDomain reported an error in a successful answer: something went wrong. The command may have been applied in part.");
  });

  it("the emulator refuses null and [] for a multi-valued parameter and takes the tagged hashtable", async () => {
    const exo = client();
    const name = uniqueName("Lists");
    const guid = String((await exo.invoke("New-InboundConnector", { Name: name, ConnectorType: "Partner", SenderDomains: ["*"], SenderIPAddresses: ["203.0.113.7"] })).value[0]!.Guid);
    for (const empty of [null, []]) {
      const refused = await exo.invoke("Set-InboundConnector", { Identity: guid, SenderIPAddresses: empty }, { idempotent: true }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(ExchangeBadParameterError);
      expect((refused as ExchangeBadParameterError).exceptionType).toBeUndefined();
    }
    await exo.invoke("Set-InboundConnector", { Identity: guid, SenderIPAddresses: addRemove(undefined, ["203.0.113.7"]) }, { idempotent: true });
    expect((await exo.invoke("Get-InboundConnector", { Identity: guid })).value[0]!.SenderIPAddresses).toEqual([]);
  });

  it("refuses requests without a bearer token", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = https.request(`${cloud.exchange.url}/adminapi/beta/${cloud.tenantId}/InvokeCommand`, { method: "POST", agent, headers: { "Content-Type": "application/json" } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end(JSON.stringify({ CmdletInput: { CmdletName: "Get-InboundConnector" } }));
    });
    expect(status).toBe(401);
  });
});

describe("ExchangeAdminClient in another cloud", () => {
  it("asks a 21Vianet gateway for a token for https://partner.outlook.cn, what public 21Vianet clients use", async () => {
    expect(exchangeScope("china")).toBe("https://partner.outlook.cn/.default");
    expect(exchangeScope("commercial")).toBe("https://outlook.office365.com/.default");
    const cn = await startEmulatedCloud({ exchangeAudience: "https://partner.outlook.cn", graphAudience: "https://microsoftgraph.chinacloudapi.cn" });
    const cnAgent = createHttpsAgent(cn.certificates.caCert);
    try {
      const credential = new ClientSecretCredential(cn.tenantId, cn.clientId, cn.clientSecret, { authorityHost: cn.tokens.authorityHost, disableInstanceDiscovery: true, agent: cnAgent });
      const exo = new ExchangeAdminClient({ tenantId: cn.tenantId, credential, cloud: "china", baseUrl: cn.exchange.url, agent: cnAgent, retry: { maxRetries: 0 } });
      expect((await exo.invoke("Get-AcceptedDomain")).value.map((d) => d.DomainName)).toEqual([cn.initialDomain]);
    } finally {
      cnAgent.destroy();
      await cn.close();
    }
  });

  it("uses the GCC High audience and succeeds against a GCC High gateway", async () => {
    const gov = await startEmulatedCloud({ exchangeAudience: "https://outlook.office365.us", graphAudience: "https://graph.microsoft.us" });
    const govAgent = createHttpsAgent(gov.certificates.caCert);
    try {
      const credential = new ClientSecretCredential(gov.tenantId, gov.clientId, gov.clientSecret, { authorityHost: gov.tokens.authorityHost, disableInstanceDiscovery: true, agent: govAgent });
      const exo = new ExchangeAdminClient({ tenantId: gov.tenantId, credential, cloud: "gcchigh", baseUrl: gov.exchange.url, agent: govAgent, retry: { maxRetries: 0 } });
      const domains = await exo.invoke("Get-AcceptedDomain");
      expect(domains.value.map((d) => d.DomainName)).toEqual([gov.initialDomain]);
      const commercial = new ExchangeAdminClient({ tenantId: gov.tenantId, credential, baseUrl: gov.exchange.url, agent: govAgent, retry: { maxRetries: 0 } });
      await expect(commercial.invoke("Get-AcceptedDomain")).rejects.toBeInstanceOf(ExchangeUnauthorizedError);
    } finally {
      govAgent.destroy();
      await gov.close();
    }
  });
});
