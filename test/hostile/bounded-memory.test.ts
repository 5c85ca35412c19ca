/**
 * Memory is bounded by running the CLI in a child process under a small V8 heap
 * (--max-old-space-size), never by timing: a run that needs more dies with a heap error.
 */
import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(__dirname, "../..");
const main = join(root, "dist/src/cli/main.js");
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "bounded-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A small file (6 KB) whose flow matrix is large: 60 servers × 2 addresses × 8 sender domains × 40 internet domains. */
function sixtyServerWorld(): unknown {
  const servers = Array.from({ length: 60 }, (_, i) => ({ name: `EX${i}`, egressIps: [`203.0.113.${i + 1}`, `198.51.100.${i + 1}`] }));
  const senders = Array.from({ length: 8 }, (_, i) => `s${i}.firma.example`);
  return {
    tenants: [
      {
        id: "FIRMA",
        forest: "EUR",
        acceptedDomains: [{ domain: "firma.onmicrosoft.com", default: true }, { domain: "firma.mail.onmicrosoft.com" }, ...senders.map((domain) => ({ domain }))],
        inboundConnectors: [{ name: "From on-prem", connectorType: "OnPremises", tlsSenderCertificateName: "*.firma.example" }],
        outboundConnectors: [{ name: "To on-prem", connectorType: "OnPremises", recipientDomains: senders, smartHosts: ["mail.firma.example"] }],
      },
      { id: "PARTNER", forest: "EUR", acceptedDomains: [{ domain: "partner.example" }], inboundConnectors: [{ name: "p", connectorType: "Partner", tlsSenderCertificateName: "*.firma.example" }] },
    ],
    internetDomains: Array.from({ length: 40 }, (_, i) => `ext${i}.example`),
    onPremises: [
      {
        name: "Firma",
        tenant: "FIRMA",
        servers,
        sendConnectors: [{ name: "Outbound to Office 365", addressSpaces: ["*"], smartHosts: ["firma-mail.mail.protection.outlook.com"], sourceServers: servers.map((s) => s.name), certificate: { subject: "mail.firma.example" } }],
        senderDomains: senders,
      },
    ],
  };
}

function runWithHeap(heapMb: number, args: string[], stdoutFile: string) {
  const out = openSync(stdoutFile, "w");
  try {
    return spawnSync(process.execPath, [`--max-old-space-size=${heapMb}`, main, ...args], { stdio: ["ignore", out, "pipe"], encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } });
  } finally {
    closeSync(out);
  }
}

it("prints every flow of a 60-server world as JSON within a bounded heap", () => {
  const world = join(dir, "sixty.json");
  writeFileSync(world, JSON.stringify(sixtyServerWorld()));
  const outFile = join(dir, "flows.json");
  // The flows alone take about 95 MB of heap and their JSON is 39 MB; building that JSON as one
  // string on top needed 160 MB.
  const r = runWithHeap(130, ["check", world, "--json", "--flows"], outFile);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(1);
  const report = JSON.parse(readFileSync(outFile, "utf8")) as { summary: { simulatedFlows: number }; flows: unknown[] };
  expect(report.flows.length).toBe(report.summary.simulatedFlows);
  expect(report.flows.length).toBeGreaterThan(40_000);
});

it("stops reading /dev/zero at the size limit, in a small heap", () => {
  const r = runWithHeap(48, ["check", "/dev/zero"], join(dir, "zero.out"));
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/larger than 16 MB.*HYBRID_MAILFLOW_MAX_INPUT_MB/);
});
