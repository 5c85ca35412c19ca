/** `hybrid-mailflow headers`: output, exit codes, --world, --live-dns over a loopback DNS server, and bad input. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../support/run-cli";
import { startDnsServer, type RunningDnsServer } from "../../src/testing/dns-server";

const FIX = join(__dirname, "fixtures");
const RELAY = join(FIX, "onprem-relay-amd-qemu.txt");
const WORLD = join(__dirname, "worlds", "amd-relay.yaml");

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "hmf-headers-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, content: string | Buffer): string => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};

describe("headers output", () => {
  it("prints the path, the attribution, the egress and the finding, and exits 1 on a mandatory finding", async () => {
    const r = await runCli(["headers", RELAY]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("4. eop-frontend    SATLEXMB04.amd.com (165.204.84.17) -> MWH0EPF000971E2.mail.protection.outlook.com");
    expect(r.out).toContain("1. 3dd8961f-e488-4e60-8e11-a82d994e183d [proven] on-premises-relay, FromEntityHeader HybridOnPrem, AuthAs Anonymous, from 165.204.84.17, HELO SATLEXMB04.amd.com");
    expect(r.out).toContain("40.107.94.70 (mail-mw2nam10on2070.outbound.protection.outlook.com), outbound pool");
    expect(r.out).toContain("MANDATORY HDR001 On-premises mail relayed through a tenant leaves from Exchange Online");
  });

  it("exits 0 when nothing is mandatory", async () => {
    const r = await runCli(["headers", join(FIX, "addon-loop-codetwo-topic.txt")]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("INFO HDR005");
  });

  it("--json prints one object with the documented fields", async () => {
    const r = await runCli(["headers", join(FIX, "relay-pool-nuvoton-lkml.txt"), "--json"]);
    const j = JSON.parse(r.out);
    expect(Object.keys(j)).toEqual(["version", "summary", "hops", "attributions", "egress", "envelope", "authentication", "finalSpf", "route", "findings"]);
    expect(j.hops[0]).toEqual(expect.objectContaining({ from: null, fromIp: null, by: "taln60.nuvoton.co.il", at: "2024-05-09T19:24:13.000Z", kind: "on-premises" }));
    expect(j.attributions[0]).toEqual(expect.objectContaining({ tenantId: "a3f24931-d403-4b4a-94f1-7d83ac638e07", fromEntity: "HybridOnPrem", path: "on-premises-relay", authAs: "Anonymous", connectingIp: "211.75.126.7", helo: "NTHCCAS01.nuvoton.com" }));
    expect(j.egress).toEqual(expect.objectContaining({ ip: "40.95.53.40", host: "mail-psaapc01rlnn2040.outbound.protection.outlook.com", pool: "relay" }));
    expect(j.authentication[0]).toEqual(expect.objectContaining({ receiver: "Exchange Online", spf: "none", dkim: null, dmarc: null, compauth: null }));
    expect(j.findings.map((f: { id: string }) => f.id)).toEqual(["HDR003", "HDR006"]);
  });

  it("reads standard input with -", () => {
    const cli = join(__dirname, "..", "..", "dist", "src", "cli", "main.js");
    const r = spawnSync(process.execPath, [cli, "headers", "-", "--json"], { input: readFileSync(join(FIX, "cloud-mailbox-amd-lkml.txt")), encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).attributions[0].fromEntity).toBe("Hosted");
  });
});

describe("headers --world", () => {
  it("computes the final SPF from the world's DNS and sets the predicted route beside the headers", async () => {
    const r = await runCli(["headers", RELAY, "--world", WORLD, "--json"]);
    const j = JSON.parse(r.out);
    expect(j.attributions[0].worldTenant).toBe("3dd8961f-e488-4e60-8e11-a82d994e183d");
    expect(j.finalSpf).toEqual(expect.objectContaining({ result: "softfail", domain: "amd.com", ip: "40.107.94.70", dns: "world", recorded: "softfail", mailFromSource: "Received-SPF of eggs.gnu.org" }));
    expect(j.route.predicted.join("\n")).toContain('Originating from 3dd8961f-e488-4e60-8e11-a82d994e183d by mailfrom via connector "Inbound from on-premises"; relayed to internet from the outbound pool');
    expect(j.route.disagreements).toEqual([]);
  });

  it("names where the model and the headers disagree", async () => {
    const world = readFileSync(WORLD, "utf8").replace("v=spf1 ip4:165.204.84.0/24 ~all", "v=spf1 ip4:165.204.84.0/24 include:spf.protection.outlook.com -all");
    const r = await runCli(["headers", RELAY, "--world", write("fixed.yaml", world)]);
    expect(r.out).toContain("SPF at the final receiver (the world's DNS): pass for amd.com from 40.107.94.70");
    expect(r.out).toContain("! the model predicts SPF pass at the recipient, eggs.gnu.org recorded softfail");
  });

  it("names a route the model sends past Exchange Online", async () => {
    const world = readFileSync(WORLD, "utf8").replace("smartHosts: [amd-com.mail.protection.outlook.com], ", "");
    const r = await runCli(["headers", RELAY, "--world", write("direct.yaml", world), "--json"]);
    const route = JSON.parse(r.out).route;
    expect(route.predicted[0]).toContain('sends through "To Exchange Online" via MX of nongnu.org');
    expect(route.disagreements[0]).toMatch(/^the model predicts the message does not pass through Exchange Online .* but the headers show it attributed to 3dd8961f-e488-4e60-8e11-a82d994e183d$/);
  });

  it("says when the world does not know the sending server", async () => {
    const world = readFileSync(WORLD, "utf8").replace("egressIps: [165.204.84.17]", "egressIps: [198.51.100.7]");
    const r = await runCli(["headers", RELAY, "--world", write("other.yaml", world), "--json"]);
    expect(JSON.parse(r.out).route.assumptions).toContain("no on-premises server of the world sends from 165.204.84.17; add it to onPremises[].servers[].egressIps");
  });
});

describe("headers --live-dns", () => {
  let dns: RunningDnsServer;
  beforeAll(async () => {
    dns = await startDnsServer({
      "amd.com": { txt: ["v=spf1 ip4:165.204.84.0/24 -all"] },
      "taln60.nuvoton.co.il": { a: ["10.191.1.180"] },
    });
  });
  afterAll(() => dns.close());

  it("evaluates the MAIL FROM domain's published SPF against the egress address", async () => {
    const r = await runCli(["headers", RELAY, "--live-dns", "--dns-server", dns.address, "--json"]);
    const j = JSON.parse(r.out);
    expect(j.finalSpf).toEqual(expect.objectContaining({ result: "fail", domain: "amd.com", ip: "40.107.94.70", dns: "live-dns", recorded: "softfail" }));
    expect(dns.queries.some((q) => q.name === "amd.com" && q.type === "TXT")).toBe(true);
  });

  it("gives none for a domain that publishes no SPF", async () => {
    const r = await runCli(["headers", join(FIX, "relay-pool-nuvoton-lkml.txt"), "--live-dns", "--dns-server", dns.address, "--json"]);
    expect(JSON.parse(r.out).finalSpf).toEqual(expect.objectContaining({ result: "none", domain: "taln60.nuvoton.co.il", ip: "40.95.53.40" }));
  });
});

describe("headers bad input", () => {
  const lf = () => readFileSync(RELAY, "utf8");

  it("refuses text that is not a message", async () => {
    const r = await runCli(["headers", write("notes.txt", "Meeting notes for Monday\nwe discussed the connector\n")]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('line 1: "Meeting notes for Monday" is not a header field ("Name: value"), so this is not a message');
  });

  it("refuses a JSON document, which parses as a field but names no message field", async () => {
    const r = await runCli(["headers", write("x.json", '{"hops": []}\n')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("has no Received, From, Date or Message-ID field");
  });

  it("refuses folding whose indentation was lost, naming the line", async () => {
    const broken = lf().replace("\n Helo=[SATLEXMB04.amd.com]", "\nHelo=[SATLEXMB04.amd.com]");
    const line = broken.split("\n").indexOf("Helo=[SATLEXMB04.amd.com]") + 1;
    const r = await runCli(["headers", write("unfolded.txt", broken)]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`line ${line}: "Helo=[SATLEXMB04.amd.com]" is neither a header field ("Name: value") nor a folded continuation`);
  });

  it("refuses a block cut off in the middle of a folded value", async () => {
    const text = lf();
    const cut = text.slice(0, text.indexOf("Ip=[165.204.84.17]") + "Ip=[165.204".length);
    const r = await runCli(["headers", write("cut.txt", cut)]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('the last field, X-MS-Exchange-CrossTenant-OriginalAttributedTenantConnectingIp, ends with "[" without "]": the header block was cut off');
  });

  it("refuses a block that starts with a continuation line", async () => {
    const r = await runCli(["headers", write("tail.txt", ` ${lf().split("\n").slice(1).join("\n")}`)]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("starts with a folded continuation line");
  });

  it("refuses a 10 MB file before reading it, naming the limit and how to raise it", async () => {
    const big = write("big.eml", Buffer.alloc(10 * 1024 * 1024, "a"));
    const r = await runCli(["headers", big]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("is 10485760 bytes, more than the 2097152 bytes headers reads (--max-bytes); save only the header block, or raise the limit, e.g. --max-bytes 11M");
    const raised = await runCli(["headers", big, "--max-bytes", "11M"]);
    expect(raised.code).toBe(2);
    expect(raised.err).toContain("has a header section of 10485760 bytes, more than the 1048576 bytes a real message's headers take");
  });

  it("bounds standard input too", () => {
    const cli = join(__dirname, "..", "..", "dist", "src", "cli", "main.js");
    const r = spawnSync(process.execPath, [cli, "headers", "-", "--max-bytes", "4K"], { input: readFileSync(RELAY), encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("standard input is not valid");
    expect(r.stderr).toContain("is larger than the 4096 bytes headers reads (--max-bytes); save only the header block, or raise the limit, e.g. --max-bytes 1M");
  });

  it("refuses binary input, an empty file, a missing file and a bad --max-bytes", async () => {
    expect((await runCli(["headers", write("bin", Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]))])).err).toContain("contains NUL bytes");
    expect((await runCli(["headers", write("empty", "\n\n")])).err).toContain("is empty");
    expect((await runCli(["headers", join(dir, "nope.eml")])).err).toContain("file not found");
    expect((await runCli(["headers", RELAY, "--max-bytes", "lots"])).err).toContain('--max-bytes: "lots" is not a size');
    expect((await runCli(["headers", RELAY, "--dns-server", "127.0.0.1:53"])).err).toContain("--dns-server: is only used with --live-dns");
    expect((await runCli(["headers", RELAY, "--world", join(dir, "missing.yaml")])).err).toContain("missing.yaml is not valid");
  });
});
