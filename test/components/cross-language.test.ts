/**
 * The components' args stay within what Pulumi's source-based component analyzer accepts (one
 * constructor with `args` typed by an interface, enums as `as const` objects, no other unions), so
 * the package can be exposed to other languages once its resources no longer need dynamic providers
 * (docs/components.md). This runs Pulumi's own analyzer and schema generator over the sources.
 */
import { join } from "node:path";
import { Analyzer } from "@pulumi/pulumi/provider/experimental/analyzer";
import { generateSchema } from "@pulumi/pulumi/provider/experimental/schema";

const ROOT = join(__dirname, "../..");

it("infers a schema for HybridMailFlow and MailDomain", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const packageJson = require(join(ROOT, "package.json"));
  const { components, typeDefinitions, dependencies } = new Analyzer(ROOT, "hybrid-mailflow", packageJson, new Set(["HybridMailFlow", "MailDomain"])).analyze();
  const schema = generateSchema("hybrid-mailflow", packageJson.version, packageJson.description, components, typeDefinitions, dependencies);
  const hybrid = schema.resources["hybrid-mailflow:index:HybridMailFlow"]!;
  const domain = schema.resources["hybrid-mailflow:index:MailDomain"]!;
  expect(hybrid.isComponent).toBe(true);
  expect(Object.keys(hybrid.inputProperties ?? {}).sort()).toEqual(
    ["cloud", "dns", "domains", "forest", "inboundConnector", "initialDomain", "onPremises", "outboundConnector", "spfIncludesOnPremises", "tenantId"].sort(),
  );
  expect(hybrid.requiredInputs?.sort()).toEqual(["domains", "forest", "initialDomain", "onPremises", "tenantId"]);
  expect(Object.keys(domain.properties ?? {}).sort()).toEqual(["domainName", "mxHosts", "records", "spfRecord"]);
  // Every args field is documented, and the string unions became enums.
  for (const [name, prop] of Object.entries({ ...hybrid.inputProperties, ...domain.inputProperties })) expect([name, (prop as { description?: string }).description]).toEqual([name, expect.any(String)]);
  expect(schema.types["hybrid-mailflow:index:MailDomainType"]).toMatchObject({ type: "string", enum: [{ value: "Authoritative" }, { value: "InternalRelay" }] });
  expect(schema.types["hybrid-mailflow:index:MxTarget"]).toBeDefined();
  expect(schema.types["hybrid-mailflow:index:OnPremisesArgs"]).toBeDefined();
});
