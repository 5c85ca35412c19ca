import * as pulumi from "@pulumi/pulumi";
import { serializeFunction } from "@pulumi/pulumi/runtime/closure/serializeClosure";

const SECRET = "client-secret-that-must-not-reach-state";
const created: pulumi.runtime.MockResourceArgs[] = [];

beforeAll(async () => {
  process.env.AZURE_CLIENT_SECRET = SECRET;
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        created.push(args);
        return { id: `${args.name}-id`, state: { ...args.inputs, guid: "00000000-0000-0000-0000-000000000001", tenantId: "tenant-from-env" } };
      },
      call: () => ({}),
    },
    "project",
    "stack",
    true,
  );
});
afterAll(() => {
  delete process.env.AZURE_CLIENT_SECRET;
});

// Imported after setMocks so the resources register against the mock monitor.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const resources = () => require("../../src/resources") as typeof import("../../src/resources");

function output<T>(o: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => o.apply((v) => resolve(v)));
}

describe("resource classes", () => {
  it("pass their arguments as inputs under distinct type tokens, with outputs wired", async () => {
    const { InboundConnector, OutboundConnector, AcceptedDomain, TenantDomain, TenantDomainVerification } = resources();
    const inbound = new InboundConnector("inbound", { name: "From on-premises", connectorType: "OnPremises", senderDomains: ["*"], tlsSenderCertificateName: "mail.contoso.com" });
    new OutboundConnector("outbound", { name: "To on-premises", connectorType: "OnPremises", smartHosts: ["mail.contoso.com"], useMxRecord: false, allAcceptedDomains: true });
    new AcceptedDomain("accepted", { domainName: "contoso.com", domainType: "InternalRelay", matchSubDomains: true });
    const domain = new TenantDomain("domain", { domainName: "contoso.com" });
    new TenantDomainVerification("verification", { domainName: domain.domainName, supportedServices: ["Email"] });

    expect(await output(inbound.guid)).toBe("00000000-0000-0000-0000-000000000001");
    expect(await output(inbound.name)).toBe("From on-premises");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(created.map((c) => c.type).sort()).toEqual([
      "pulumi-nodejs:dynamic/hybrid-mailflow:AcceptedDomain",
      "pulumi-nodejs:dynamic/hybrid-mailflow:InboundConnector",
      "pulumi-nodejs:dynamic/hybrid-mailflow:OutboundConnector",
      "pulumi-nodejs:dynamic/hybrid-mailflow:TenantDomain",
      "pulumi-nodejs:dynamic/hybrid-mailflow:TenantDomainVerification",
    ]);
    const inboundInputs = created.find((c) => c.name === "inbound")!.inputs;
    expect(inboundInputs).toMatchObject({ name: "From on-premises", connectorType: "OnPremises", senderDomains: ["*"], tlsSenderCertificateName: "mail.contoso.com" });
    for (const c of created) {
      expect(typeof c.inputs.__provider).toBe("string");
      expect(JSON.stringify(c.inputs)).not.toContain(SECRET);
    }
  });

  it("serialize providers as a module path and nothing else, so no credential can be captured into state", async () => {
    const { inboundConnectorProvider, outboundConnectorProvider, acceptedDomainProvider, tenantDomainProvider, tenantDomainVerificationProvider } = resources();
    for (const provider of [inboundConnectorProvider, outboundConnectorProvider, acceptedDomainProvider, tenantDomainProvider, tenantDomainVerificationProvider]) {
      const serialized = await serializeFunction(() => provider, { allowSecrets: true });
      expect(serialized.text).not.toContain(SECRET);
      expect(serialized.containsSecrets).toBe(false);
      const captured = [...serialized.text.matchAll(/with\(\{ ([^}]*) \}\)/g)].map((m) => m[1]!);
      for (const scope of captured) {
        const names = scope.split(", ").map((entry) => entry.split(":")[0]);
        expect(names.filter((n) => !["OPERATIONS", "operations", "this", "arguments", "provider", "inboundConnectorProvider", "outboundConnectorProvider", "acceptedDomainProvider", "tenantDomainProvider", "tenantDomainVerificationProvider"].includes(n!))).toEqual([]);
      }
      expect(serialized.text.length).toBeLessThan(5000);
    }
  });
});
