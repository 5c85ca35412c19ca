/**
 * The CLI as users run it: the compiled binary for one end-to-end run, and `main()` in-process for the
 * rest (same code, captured output). `npm test` builds first, so dist/ is current.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { runCli } from "./support/run-cli";
import { startDnsServer } from "../src/testing/dns-server";
import { readDocument } from "../src/cli/read-document";

const root = join(__dirname, "..");
const broken = join(root, "examples/worlds/firma-hybrid.yaml");
const fixed = join(root, "examples/worlds/firma-fixed.yaml");

const run = runCli;

function tempFile(name: string, content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "hmf-cli-")), name);
  writeFileSync(path, content);
  return path;
}

describe("the compiled binary", () => {
  test("checks the README's example and exits 1 on its mandatory findings", () => {
    const r = spawnSync(process.execPath, [join(root, "dist/src/cli/main.js"), "check", broken], { encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("MANDATORY HMF003 Tenant capture makes partner mail fail SPF");
    expect(r.stdout).toContain("Result: BLOCKED");
  });

  test("passes the fixed example with exit 0", () => {
    const out = execFileSync(process.execPath, [join(root, "dist/src/cli/main.js"), "check", fixed], { encoding: "utf8" });
    expect(out).toContain("Result: OK.");
  });
});

describe("check", () => {
  test("--json is the documented report and --report writes the same file", async () => {
    const reportPath = join(mkdtempSync(join(tmpdir(), "hmf-report-")), "r.json");
    const r = await run(["check", broken, "--json", "--report", reportPath]);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out);
    expect(json).toEqual(JSON.parse(readFileSync(reportPath, "utf8")));
    expect(json.version).toBe(1);
    expect(json.blocking).toBe(true);
    const rules = json.findings.map((f: { rule: string }) => f.rule);
    expect(rules).toEqual(expect.arrayContaining(["HMF003", "HMF004", "HMF011", "HMF013"]));
    const capture = json.findings.find((f: { rule: string }) => f.rule === "HMF003");
    expect(capture).toMatchObject({ severity: "mandatory", resource: "dns:firma.cz", certainty: "documented" });
    expect(capture.flows[0]).toContain("onprem-user@firma.cz -> user@partner1.cz");
    expect(capture.sources).toContain("S2");
  });

  test("a written suppression unblocks and is still reported", async () => {
    const world = readDocument(broken) as Record<string, unknown>;
    world.suppressions = [
      { rule: "HMF003", resource: "dns:firma.cz", reason: "Partner accepted the SPF risk until the 2027 split" },
      { rule: "HMF011", resource: "dns:*", reason: "SPF change scheduled with the DNS team" },
    ];
    const r = await run(["check", tempFile("w.yaml", stringify(world)), "--json"]);
    const json = JSON.parse(r.out);
    expect(r.code).toBe(0);
    expect(json.suppressed.map((s: { rule: string; suppressionReason: string }) => [s.rule, s.suppressionReason])).toEqual(
      expect.arrayContaining([["HMF003", "Partner accepted the SPF risk until the 2027 split"]]),
    );
  });

  test("bad input names the field and the fix, exits 2, and checks nothing", async () => {
    const world = readDocument(fixed) as { tenants: Array<{ inboundConnectors: Array<Record<string, unknown>> }> };
    world.tenants[0]!.inboundConnectors[0]!.senderIPAddresses = ["10.20.30.400"];
    const r = await run(["check", tempFile("bad.yaml", stringify(world))]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("tenants[0].inboundConnectors[0].senderIPAddresses[0]: must be an IPv4 address");
    expect(r.out).toBe("");
  });

  test("a misspelt field is an error, not a silently ignored setting", async () => {
    const world = readDocument(fixed) as { tenants: Array<{ inboundConnectors: Array<Record<string, unknown>> }> };
    world.tenants[0]!.inboundConnectors[0]!.tlsSenderCertificate = "mail.firma.cz";
    const r = await run(["check", tempFile("typo.yaml", stringify(world))]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/tenants\[0\]\.inboundConnectors\[0\].*unknown field\(s\) "tlsSenderCertificate"/);
  });

  test("YAML syntax errors give the line", async () => {
    const r = await run(["check", tempFile("broken.yaml", "tenants:\n  - id: [unclosed\n")]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/line \d+/);
  });

  test("a missing file is reported as such", async () => {
    const r = await run(["check", "/nonexistent/world.yaml"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("file not found");
  });

  test("--live-dns reads SPF from a real DNS server instead of the file", async () => {
    // The server publishes the corrected SPF for firma.cz; the file still has the broken one.
    const world = readDocument(broken) as { dns: Record<string, { txt?: string[] }> };
    const zone = {
      ...world.dns,
      "firma.cz": { txt: ["v=spf1 ip4:10.20.30.40 include:spf.protection.outlook.com -all"] },
    };
    const server = await startDnsServer(zone);
    try {
      const offline = JSON.parse((await run(["check", broken, "--json"])).out);
      const live = JSON.parse((await run(["check", broken, "--json", "--live-dns", "--dns-server", server.address])).out);
      const rules = (j: { findings: Array<{ rule: string; resource: string }> }) => j.findings.map((f) => `${f.rule} ${f.resource}`);
      expect(rules(offline)).toContain("HMF003 dns:firma.cz");
      expect(rules(live)).not.toContain("HMF003 dns:firma.cz");
      expect(rules(live)).not.toContain("HMF011 dns:firma.cz");
      expect(rules(live)).toContain("HMF004 inboundConnector:FIRMA/Inbound from 7f3c-onprem-org");
    } finally {
      await server.close();
    }
  });
});

describe("route", () => {
  test("follows on-premises mail hop by hop and names the capture", async () => {
    const r = await run(["route", broken, "--from", "jan@firma.cz", "--to", "eva@partner1.cz"]);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split("\n");
    expect(lines[0]).toBe("to eva@partner1.cz: captured by tenant FIRMA, delivered at tenant:PARTNER1, SPF fail at the recipient");
    expect(lines[2]).toContain('Originating from FIRMA by certificate via connector "Inbound from 7f3c-onprem-org"; relayed to tenant:PARTNER1 from the outbound pool');
    expect(lines[3]).toContain("Incoming to PARTNER1 by recipient; delivered");
  });

  test("after the FAQ 6(b) fix the same message goes straight to the partner", async () => {
    const r = await run(["route", fixed, "--from", "jan@firma.cz", "--to", "eva@partner1.cz", "--json"]);
    const route = JSON.parse(r.out);
    expect(route).toMatchObject({ outcome: "delivered", endsAt: "tenant:PARTNER1", capturedBy: null, finalSpf: "pass", sendConnector: "Internet" });
    expect(route.hops).toHaveLength(2);
  });

  test("an unknown server is a usage error naming the choices", async () => {
    const r = await run(["route", broken, "--from", "jan@firma.cz", "--to", "eva@partner1.cz", "--server", "EX99"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('no server "EX99" in FIRMA on-premises; use one of: EX01');
  });
});

describe("simulate and explain", () => {
  test("simulate --json prints the v1 result; a failed expect exits 1", async () => {
    const ok = await run(["simulate", join(root, "test/scenarios/seed-01.json"), "--json"]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({ outcome: "relayed", nextHop: "tenant:PARTNER1", egressPool: "outbound", finalSpf: "fail" });

    const scenario = JSON.parse(readFileSync(join(root, "test/scenarios/seed-01.json"), "utf8"));
    scenario.expect.finalSpf = "pass";
    const bad = await run(["simulate", tempFile("s.json", JSON.stringify(scenario))]);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('expect: finalSpf should be "pass", is "fail"');
  });

  test("explain prints the trace as prose with rules and sources", async () => {
    const r = await run(["explain", broken, "--from", "jan@firma.cz", "--to", "eva@partner1.cz", "--ip", "10.20.30.40", "--cert", "mail.firma.cz"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("RELAYED  Originating from FIRMA by certificate");
    expect(r.out).toMatch(/matches TlsSenderCertificateName \*\.firma\.cz .*\(R2; S2, S13\)/);
    expect(r.out).toContain("SPF at the final recipient: fail (firma.cz from 40.107.21.80)");
  });

  test("explain of a null-sender NDR over an IP-only path says ATTR36", async () => {
    const r = await run(["explain", broken, "--from", "<>", "--to", "someone@gmail.example", "--ip", "10.20.30.40", "--json"]);
    const json = JSON.parse(r.out);
    // No certificate and no IP connector: nothing attributes the NDR, so relay is denied.
    expect(json.outcome).toBe("rejected");
    expect(json.ndr.code).toBe("550 5.7.64");
  });

  test("explain rejects a bad flag value before simulating", async () => {
    const r = await run(["explain", broken, "--from", "jan@firma.cz", "--to", "eva@partner1.cz", "--ip", "300.1.1.1"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("--ip: must be an IPv4 address");
    expect(r.err).not.toContain("connectingIp");
  });
});
