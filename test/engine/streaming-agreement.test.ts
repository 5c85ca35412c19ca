/**
 * `check` shows each flow to the rules as it is simulated and keeps none. The same rules fed the whole
 * matrix at once, one rule after another (`materialiseFlows`, as `check` worked before it streamed),
 * must give the same findings, flow lists and summary on every world we have: the example worlds, the
 * rule fixtures, the world of every scenario vector, and generated worlds.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { CheckOptions, runCheck } from "../../src/core/check/run-check";
import { buildFlowMatrix, describeFlow } from "../../src/core/matrix/flows";
import { parseWorld } from "../../src/core/model/load";
import type { WorldInput } from "../../src/core/model/schema";
import { Engine } from "../../src/core/simulate";
import { partnerVarietyWorld, scaledHybridWorld } from "../bench/generate";
import { manyServersWorld } from "../support/many-servers-world";

const root = join(__dirname, "../..");

function yamlWorlds(dir: string): [string, unknown][] {
  return readdirSync(join(root, dir))
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((f) => [`${dir}/${f}`, parse(readFileSync(join(root, dir, f), "utf8"))]);
}

const scenarioWorlds: [string, unknown][] = readdirSync(join(root, "test/scenarios"))
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((f) => [`scenario ${f}`, (JSON.parse(readFileSync(join(root, "test/scenarios", f), "utf8")) as { world: unknown }).world]);

/** Servers × senders × internet domains, plus a tenant in another forest, SPF records and forwarded senders: groups of many flows, so findings list only the first few. */
function manyServers(servers: number): WorldInput {
  const world = manyServersWorld({ servers, senders: 3, internetDomains: 12 });
  world.tenants.push({ id: "FAR", forest: "NAM1", acceptedDomains: [{ domain: "far.example" }] });
  world.dns = { "s1.firma.example": { txt: ["v=spf1 ip4:203.0.113.0/24 -all"] }, "s2.firma.example": { txt: ["v=spf1 include:%{d}.example -all"] } };
  world.onPremises![0]!.forwardedSenderDomains = ["forwarded.example"];
  return world;
}

const generated: [string, unknown, CheckOptions?][] = [
  ...[1, 2, 3, 4].map((seed): [string, unknown] => [`partner variety ${seed}`, partnerVarietyWorld(seed, 120)]),
  ["partner variety 5, ungrouped", partnerVarietyWorld(5, 60), { groupAlikeRecipients: false }],
  ["scaled", scaledHybridWorld({ ownDomains: 40, senderDomains: 20, partners: 300, partnersWithMx: 100, partnersWithConnectors: 150 })],
  ["12 servers", manyServers(12)],
];

const cases: [string, unknown, CheckOptions?][] = [...yamlWorlds("examples/worlds"), ...yamlWorlds("test/worlds/good"), ...yamlWorlds("test/worlds/broken"), ...scenarioWorlds, ...generated];

it("covers every kind of world", () => {
  expect(cases.filter(([name]) => name.startsWith("scenario ")).length).toBeGreaterThanOrEqual(40);
  expect(cases.filter(([name]) => name.startsWith("test/worlds/broken")).length).toBeGreaterThanOrEqual(19);
});

describe.each(cases)("%s", (name, input, options = {}) => {
  it("gives the same report streamed as with every flow held at once", () => {
    const world = () => parseWorld(structuredClone(input), { source: name });
    const streamed = runCheck(world(), options);
    const held = runCheck(world(), { ...options, materialiseFlows: true });
    expect(streamed.findings).toEqual(held.findings);
    expect(streamed.suppressed).toEqual(held.suppressed);
    expect(streamed.summary).toEqual(held.summary);
    expect(streamed.blocking).toBe(held.blocking);
    expect(streamed.outcome).toBe(held.outcome);
  });
});

it("lists the flows of a finding that has many: the first five and how many more", () => {
  const report = runCheck(parseWorld(manyServers(12)));
  const capture = report.findings.find((f) => f.rule === "HMF004")!;
  expect(capture.message).toMatch(/^(\d+) on-premises flow\(s\)/);
  const count = Number(/^(\d+)/.exec(capture.message)![1]);
  expect(capture.flows).toHaveLength(6);
  expect(capture.flows[5]).toBe(`... and ${count - 5} more`);
  const held = runCheck(parseWorld(manyServers(12)), { materialiseFlows: true }).findings.find((f) => f.rule === "HMF004")!;
  expect(capture.flows).toEqual(held.flows);
});

it("simulates the flows again, identically, each time the report's flows are read", () => {
  const input = manyServers(3);
  const report = runCheck(parseWorld(structuredClone(input)));
  const first = [...report.flows];
  const again = [...report.flows];
  const matrix = buildFlowMatrix(new Engine(parseWorld(structuredClone(input))));
  expect(first.length).toBe(report.summary.simulatedFlows);
  const shown = (flows: typeof first) => flows.map((f) => [f.id, describeFlow(f), f.route.outcome, f.route.endsAt, f.route.finalSpf, f.route.hops.map((h) => h.note)]);
  expect(shown(first)).toEqual(shown(matrix));
  expect(shown(again)).toEqual(shown(first));
  expect(first[0]).not.toBe(again[0]);
});
