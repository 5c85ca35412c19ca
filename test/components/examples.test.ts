/**
 * Each example program runs under mocks as `pulumi up` would run it, and the stack it describes goes
 * through `check`: the examples are meant to be good configurations, so no mandatory finding may appear.
 */
import { readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { installMocks, registered, settle } from "./mock-cloud";
import { worldFromRegistrations } from "./world-from-stack";
import { parseWorld } from "../../src/core/model/load";
import { runCheck } from "../../src/core/check/run-check";
import { TOKENS } from "../../src/core/stack/contract";

const EXAMPLES = join(__dirname, "../../examples");
const programs = readdirSync(EXAMPLES).filter((d) => existsSync(join(EXAMPLES, d, "index.ts")));

beforeAll(() => installMocks());
beforeEach(() => {
  registered.length = 0;
});

it("finds the three documented examples", () => {
  expect(programs.sort()).toEqual(["cloud-mx-internal-relay", "multi-domain-separate-certificate", "onprem-mx-certificate"]);
  for (const p of programs) {
    for (const file of ["Pulumi.yaml", "README.md"]) expect(existsSync(join(EXAMPLES, p, file))).toBe(true);
  }
});

describe.each(programs)("example %s", (program) => {
  it("runs under mocks and checks clean", async () => {
    let exports: Record<string, unknown> = {};
    jest.isolateModules(() => {
      exports = require(join(EXAMPLES, program, "index.ts"));
    });
    await settle();
    expect(Object.keys(exports).length).toBeGreaterThan(0);
    const types = new Set(registered.map((r) => r.type));
    for (const token of [TOKENS.hybridMailFlow, TOKENS.mailDomain, TOKENS.inboundConnector, TOKENS.outboundConnector, TOKENS.tenantDomain, TOKENS.tenantDomainVerification, TOKENS.acceptedDomain, TOKENS.dnsRecordSet]) {
      expect(types).toContain(token);
    }

    const report = runCheck(parseWorld(worldFromRegistrations(registered)));
    expect(report.summary.flows).toBeGreaterThan(10);
    const mandatory = report.findings.filter((f) => f.severity === "mandatory");
    expect(mandatory.map((f) => `${f.rule} ${f.resource}: ${f.message}`)).toEqual([]);
    const advisory = report.findings.filter((f) => f.severity === "advisory");
    expect(advisory.map((f) => `${f.rule} ${f.resource}: ${f.message}`)).toEqual([]);
  });
});
