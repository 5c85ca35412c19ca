/**
 * Issue 12 at the command line: DNS failures are their own outcome (exit 3), explain refuses a
 * certificate on a cleartext session, EOP forests are checked, and only dotted-decimal IPv4 is read.
 */
import { createSocket, type Socket } from "node:dgram";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { runCli as run } from "./support/run-cli";
import { startDnsServer } from "../src/testing/dns-server";
import { readDocument } from "../src/cli/read-document";

const root = join(__dirname, "..");
const broken = join(root, "examples/worlds/firma-hybrid.yaml");
const fixed = join(root, "examples/worlds/firma-fixed.yaml");

function tempWorld(change: (world: any) => void): string {
  const world = readDocument(fixed) as any;
  change(world);
  const path = join(mkdtempSync(join(tmpdir(), "hmf-gaps-")), "world.yaml");
  writeFileSync(path, stringify(world));
  return path;
}

describe("check --live-dns: a DNS failure is neither OK nor a finding", () => {
  test("a SERVFAIL for the sender domain gives exit 3, names the lookup, and reports no SPF finding for it", async () => {
    const world = readDocument(fixed) as { dns: Record<string, { txt?: string[] }> };
    const server = await startDnsServer({ ...world.dns }, { failures: { "firma.cz": "servfail" } });
    try {
      const text = await run(["check", fixed, "--live-dns", "--dns-server", server.address, "--dns-timeout", "1000"]);
      expect(text.code).toBe(3);
      expect(text.out).toContain("TXT firma.cz: ESERVFAIL");
      expect(text.out).toContain("Result: DNS FAILURE");
      expect(text.out).not.toContain("Result: OK");
      const json = JSON.parse((await run(["check", fixed, "--json", "--live-dns", "--dns-server", server.address, "--dns-timeout", "1000"])).out);
      expect(json.outcome).toBe("dns-failure");
      expect(json.dnsFailures).toEqual([{ name: "firma.cz", type: "txt", code: "ESERVFAIL" }]);
      expect(json.findings.filter((f: { resource: string }) => f.resource === "dns:firma.cz")).toEqual([]);
    } finally {
      await server.close();
    }
  });

  test("a resolver that never answers does not print OK", async () => {
    // A loopback UDP socket that swallows every query: the resolver times out.
    const silent: Socket = createSocket("udp4");
    await new Promise<void>((resolve) => silent.bind(0, "127.0.0.1", resolve));
    try {
      const address = `127.0.0.1:${silent.address().port}`;
      const r = await run(["check", fixed, "--live-dns", "--dns-server", address, "--dns-timeout", "100"]);
      expect(r.code).toBe(3);
      expect(r.out).toContain("ETIMEOUT");
      expect(r.out).not.toContain("Result: OK");
    } finally {
      silent.close();
    }
  }, 30_000);

  test("the resolver flags need --live-dns, and a bad timeout names the flag", async () => {
    const a = await run(["check", fixed, "--dns-server", "127.0.0.1:53"]);
    expect(a.code).toBe(2);
    expect(a.err).toContain("--dns-server: only applies with --live-dns");
    const b = await run(["check", fixed, "--live-dns", "--dns-timeout", "soon"]);
    expect(b.code).toBe(2);
    expect(b.err).toContain("--dns-timeout");
  });
});

describe("explain and STARTTLS", () => {
  test("--cert with --no-starttls is refused, naming both flags", async () => {
    const r = await run(["explain", broken, "--from", "jan@firma.cz", "--to", "eva@partner1.cz", "--ip", "10.20.30.40", "--cert", "mail.firma.cz", "--no-starttls"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("--cert: contradicts --no-starttls");
    expect(r.out).toBe("");
  });

  test("a cleartext session is attributed without a certificate", async () => {
    const r = await run(["explain", broken, "--from", "jan@firma.cz", "--to", "eva@partner1.cz", "--ip", "10.20.30.40", "--no-starttls", "--json"]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.attribution.by).not.toBe("certificate");
  });
});

describe("explain --forest", () => {
  test("a forest no tenant of the world is in fails, listing the world's forests", async () => {
    const r = await run(["explain", broken, "--from", "jan@firma.cz", "--to", "eva@partner1.cz", "--ip", "10.20.30.40", "--forest", "EU9"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--forest: no tenant of the world is in EOP forest "EU9"; use one of: EU1, EU2');
    expect(r.err).toContain("docs/forests.md");
  });

  test("forest names compare case-insensitively", async () => {
    const r = await run(["explain", broken, "--from", "jan@firma.cz", "--to", "eva@partner1.cz", "--ip", "10.20.30.40", "--cert", "mail.firma.cz", "--forest", "eu1", "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).attribution).toMatchObject({ tenant: "FIRMA", by: "certificate" });
  });
});

describe("addresses are dotted decimal only", () => {
  test.each([
    ["010.20.30.0/24", /leading zeros.*write 10\.20\.30\.0\/24/],
    ["0x0a.20.30.40", /hexadecimal/],
    ["10.20.30", /short forms/],
  ])("%s in a world is refused with the fix", async (ip, message) => {
    const path = tempWorld((w) => {
      w.tenants[0].inboundConnectors.push({ name: "Gateway", connectorType: "OnPremises", senderIPAddresses: [ip] });
    });
    const r = await run(["check", path]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/inboundConnectors\[1\]\.senderIPAddresses\[0\]: must be an IPv4 address/);
    expect(r.err).toMatch(message);
  });

  test("explain --ip with an octal-looking address is refused", async () => {
    const r = await run(["explain", broken, "--from", "jan@firma.cz", "--to", "eva@partner1.cz", "--ip", "010.20.30.40"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("--ip: must be an IPv4 address such as 198.51.100.10 in dotted decimal");
  });
});
