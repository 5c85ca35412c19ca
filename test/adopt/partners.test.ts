/**
 * Partner classification: the pure inference, and the command against the loopback DNS server,
 * including the failures DNS gives (no MX, SERVFAIL, an Exchange Online MX that does not resolve).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { inferPartners, isExchangeOnlineMx } from "../../src/core/adopt";
import { startDnsServer, type RunningDnsServer } from "../../src/testing/dns-server";
import { runCli } from "../support/run-cli";
import { INCIDENT_ZONE } from "./hcw-tenant";

const WORLD = ["tenants:", "  - id: FIRMA", "    forest: EU1", "    acceptedDomains: [{ domain: firma.cz }, { domain: firma.onmicrosoft.com }]", "suppressions:", "  - { rule: HMF016, reason: kept by the partners command }", ""].join("\n");

describe("inferPartners", () => {
  it("knows Exchange Online's MX forms", () => {
    expect(isExchangeOnlineMx("contoso-com.mail.protection.outlook.com.")).toBe(true);
    expect(isExchangeOnlineMx("contoso-com.e-v1.mx.microsoft")).toBe(true);
    expect(isExchangeOnlineMx("mx.contoso.com")).toBe(false);
    expect(isExchangeOnlineMx("outlook.com.evil.example")).toBe(false);
  });

  it("groups partners of other forests by shared addresses and marks every verdict uncertain", () => {
    const result = inferPartners("EU1", ["52.101.68.10"], [
      { domain: "a.example", mx: [{ exchange: "a-example.mail.protection.outlook.com", priority: 0 }], addresses: ["40.93.1.1", "40.93.1.2"] },
      { domain: "b.example", mx: [{ exchange: "b-example.mail.protection.outlook.com", priority: 0 }], addresses: ["40.93.1.2"] },
      { domain: "c.example", mx: [{ exchange: "c-example.mail.protection.outlook.com", priority: 0 }], addresses: ["52.102.1.1"] },
      { domain: "d.example", mx: [{ exchange: "backup.d.example", priority: 20 }, { exchange: "gw.d.example", priority: 10 }] },
      { domain: "e.example", mx: { error: "ESERVFAIL" } },
      { domain: "f.example", mx: [{ exchange: "f-example.mail.protection.outlook.com", priority: 0 }], addresses: { error: "ENOTFOUND" } },
    ]);
    expect(result.tenants.map((t) => `${t.id}@${t.forest}`)).toEqual(["partner:a.example@EU1-OTHER-1", "partner:b.example@EU1-OTHER-1", "partner:c.example@EU1-OTHER-2"]);
    expect(result.internetDomains).toEqual(["d.example"]);
    expect(result.dns["d.example"]!.mx.map((m) => m.exchange)).toEqual(["gw.d.example", "backup.d.example"]);
    expect(result.verdicts.map((v) => [v.domain, v.kind, v.certainty])).toEqual([
      ["a.example", "tenant", "uncertain"],
      ["b.example", "tenant", "uncertain"],
      ["c.example", "tenant", "uncertain"],
      ["d.example", "internet", "uncertain"],
      ["e.example", "unresolved", "uncertain"],
      ["f.example", "unresolved", "uncertain"],
    ]);
  });
});

describe("hybrid-mailflow partners", () => {
  let dns: RunningDnsServer;
  let dir: string;
  beforeAll(async () => {
    dns = await startDnsServer({ ...INCIDENT_ZONE, "broken.example": { mx: ["broken-example.mail.protection.outlook.com"] } }, { failures: { "flaky.example": "servfail" } });
  });
  afterAll(() => dns.close());
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "hmf-partners-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps what the world already holds, reports failures per domain and prints JSON", async () => {
    const world = join(dir, "world.yaml");
    writeFileSync(world, WORLD);
    const result = await runCli(["partners", "partner1.cz", "broken.example", "flaky.example", "firma.cz", "--world", world, "--dns-server", dns.address, "--json"]);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.out);
    expect(json.ourEndpoints).toEqual(["firma-cz.mail.protection.outlook.com"]);
    expect(json.verdicts.map((v: { domain: string; kind: string }) => `${v.domain}:${v.kind}`)).toEqual(["partner1.cz:tenant", "broken.example:unresolved", "flaky.example:unresolved"]);
    expect(json.notes).toContain("firma.cz is one of FIRMA's own accepted domains and is not a partner");
    const data = parse(readFileSync(world, "utf8"));
    expect(data.suppressions).toHaveLength(1);
    expect(data.tenants.map((t: { id: string }) => t.id)).toEqual(["FIRMA", "partner:partner1.cz"]);
  });

  it("needs something to compare with: an MX of ours in Exchange Online or --our-endpoint", async () => {
    const world = join(dir, "world.yaml");
    writeFileSync(world, WORLD.replace("firma.cz", "firma-legacy.cz"));
    const none = await runCli(["partners", "partner1.cz", "--world", world, "--dns-server", dns.address]);
    expect(none.code).toBe(2);
    expect(none.err).toContain("--our-endpoint");
    const given = await runCli(["partners", "partner1.cz", "--world", world, "--dns-server", dns.address, "--our-endpoint", "firma-cz.mail.protection.outlook.com"]);
    expect(given.code).toBe(0);
    expect(given.out).toContain("partner1.cz: Exchange Online tenant, forest EU1");
  });

  it("refuses a partner that is not a domain name before asking DNS", async () => {
    const world = join(dir, "world.yaml");
    writeFileSync(world, WORLD);
    const before = dns.queries.length;
    const bad = await runCli(["partners", "not a domain", "--world", world, "--dns-server", dns.address]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('partner "not a domain" is not a domain name');
    expect(dns.queries.length).toBe(before);
  });
});
