/**
 * During `pulumi preview` nothing of Microsoft 365 is known yet (the MS= value, the MX target): the
 * components must still register every resource, and records must simply stay unknown.
 */
import * as pulumi from "@pulumi/pulumi";
import * as settings from "@pulumi/pulumi/runtime/settings";

const types: string[] = [];

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      // As in a preview: providers return nothing they compute, so those outputs are unknown.
      newResource: (args) => {
        types.push(args.type);
        return { id: undefined, state: args.type.startsWith("pulumi-nodejs:dynamic") ? {} : args.inputs };
      },
      call: () => ({}),
    },
    "project",
    "stack",
    true,
  );
});

it("registers the whole graph with Microsoft 365's values unknown", async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { MailDomain } = require("../../src/components") as typeof import("../../src/components");
  const domain = new MailDomain("contoso", { domain: "contoso.com", dns: { resourceGroupName: "rg" } });
  const known = await new Promise<boolean>((resolve) => (domain.records as any).isKnown.then(resolve));
  expect(known).toBe(false);
  expect(settings.isDryRun()).toBe(true);
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 20));
  expect(types.sort()).toEqual([
    "azure-native:dns:RecordSet",
    "azure-native:dns:RecordSet",
    "hybrid-mailflow:index:MailDomain",
    "pulumi-nodejs:dynamic/hybrid-mailflow:AcceptedDomain",
    "pulumi-nodejs:dynamic/hybrid-mailflow:TenantDomain",
    "pulumi-nodejs:dynamic/hybrid-mailflow:TenantDomainVerification",
  ]);
});
