import type { DnsRecords } from "../../src/core/model/schema";
import { checkHost, worldDnsView, type DnsLookupFailure, type DnsView } from "../../src/core/spf";
import { snapshotSpfDns, type SpfSnapshot } from "../../src/dns/live-snapshot";
import { startDnsServer, type RunningDnsServer } from "../../src/testing/dns-server";

const spf = (record: string, more: DnsRecords = {}): DnsRecords => ({ txt: [record], ...more });

const LONG = `v=spf1 ${Array.from({ length: 30 }, (_, i) => `ip4:203.0.113.${i * 2}`).join(" ")} -all`;

const ZONE: Record<string, DnsRecords> = {
  "contoso.com": spf("v=spf1 ip4:198.51.100.0/24 include:spf.protection.outlook.com -all", { txt: ["v=spf1 ip4:198.51.100.0/24 include:spf.protection.outlook.com -all", "MS=ms123"] }),
  "spf.protection.outlook.com": spf(
    "v=spf1 ip4:40.92.0.0/15 ip4:40.107.0.0/16 ip4:52.100.0.0/14 ip4:104.47.0.0/17 ip6:2a01:111:f400::/48 ip6:2a01:111:f403::/48 include:spfd.protection.outlook.com -all",
  ),
  "spfd.protection.outlook.com": spf("v=spf1 ip4:51.4.72.0/24 ip4:51.5.72.0/24 ip4:51.5.80.0/27 ip4:51.4.80.0/27 -all"),
  "fabrikam.com": spf("v=spf1 a mx:fabrikam.com/28 exists:allow.fabrikam.com include:_spf.fabrikam.com ptr ~all exp=why.fabrikam.com", {
    a: ["192.0.2.10"],
    aaaa: ["2001:db8::10"],
    mx: [
      { preference: 10, exchange: "mail.fabrikam.com" },
      { preference: 20, exchange: "mx2.fabrikam.com" },
    ],
  }),
  "mail.fabrikam.com": { a: ["192.0.2.20"] },
  "mx2.fabrikam.com": { aaaa: ["2001:db8::20"] },
  "_spf.fabrikam.com": spf("v=spf1 ip4:203.0.113.128/25 -all"),
  "why.fabrikam.com": { txt: ["%{i} may not send for %{d}"] },
  "tailspin.com": spf("v=spf1 redirect=_spf.tailspin.com"),
  "_spf.tailspin.com": spf("v=spf1 ip6:2001:db8:77::/48 a:out.tailspin.com -all"),
  "out.tailspin.com": { a: ["192.0.2.77"] },
  "broken.com": spf("v=spf1 include:missing.example.net -all"),
  "twice.com": { txt: ["v=spf1 -all", "v=spf1 +all"] },
  "long.com": spf(LONG),
  "flaky.com": spf("v=spf1 ip4:192.0.2.1 include:servfail.example.net -all"),
  "macro.com": spf("v=spf1 exists:%{i}.bl.macro.com -all"),
  "192.0.2.5.bl.macro.com": { a: ["127.0.0.2"] },
  "d0.example.org": spf("v=spf1 include:d1.example.org -all"),
  "d1.example.org": spf("v=spf1 include:d2.example.org -all"),
  "d2.example.org": spf("v=spf1 include:d3.example.org -all"),
  "d3.example.org": spf("v=spf1 ip4:192.0.2.3 -all"),
};

/** What the offline evaluation sees for names the test server fails on. */
const OFFLINE_FAILURES: DnsLookupFailure[] = [{ name: "servfail.example.net", type: "txt", code: "ESERVFAIL" }];

const DOMAINS = ["contoso.com", "fabrikam.com", "tailspin.com", "broken.com", "twice.com", "nx.com", "long.com", "flaky.com", "d0.example.org"];
const IPS = [
  "40.107.21.80",
  "10.20.30.40",
  "198.51.100.5",
  "51.4.80.1",
  "2a01:111:f403::1",
  "192.0.2.10",
  "192.0.2.20",
  "192.0.2.30",
  "2001:db8::10",
  "2001:db8::20",
  "203.0.113.130",
  "203.0.113.4",
  "203.0.113.5",
  "2001:db8:77::1",
  "192.0.2.77",
  "192.0.2.1",
  "192.0.2.3",
];

describe("snapshotSpfDns against a real DNS server on 127.0.0.1", () => {
  let server: RunningDnsServer;
  let snapshot: SpfSnapshot;
  let live: DnsView;
  const offline = worldDnsView(ZONE, OFFLINE_FAILURES);

  beforeAll(async () => {
    server = await startDnsServer(ZONE, { failures: { "servfail.example.net": "servfail" } });
    snapshot = await snapshotSpfDns([...DOMAINS, "macro.com"], { servers: [server.address], timeoutMs: 2000 });
    live = worldDnsView(snapshot.dns, snapshot.errors);
  });

  afterAll(async () => {
    await server.close();
  });

  it("gets the same checkHost results as the offline map", () => {
    let compared = 0;
    for (const domain of DOMAINS) {
      for (const ip of IPS) {
        const input = { ip, domain, sender: `someone@${domain}` };
        const expected = checkHost(offline, input);
        const actual = checkHost(live, input);
        expect({ domain, ip, ...actual, steps: actual.steps }).toEqual({ domain, ip, ...expected, steps: expected.steps });
        compared++;
      }
    }
    expect(compared).toBe(DOMAINS.length * IPS.length);
  });

  it("reproduces the Microsoft 365 case through live DNS", () => {
    const pass = checkHost(live, { ip: "40.107.21.80", domain: "contoso.com", sender: "a@contoso.com" });
    const fail = checkHost(live, { ip: "10.20.30.40", domain: "contoso.com", sender: "a@contoso.com" });
    expect(pass).toMatchObject({ result: "pass", lookups: 1 });
    expect(fail).toMatchObject({ result: "fail", lookups: 2 });
  });

  it("covers every result kind in the comparison", () => {
    const results = new Set(DOMAINS.flatMap((domain) => IPS.map((ip) => checkHost(live, { ip, domain, sender: `x@${domain}` }).result)));
    expect([...results].sort()).toEqual(["fail", "none", "pass", "permerror", "softfail", "temperror"]);
    expect(checkHost(live, { ip: "192.0.2.99", domain: "fabrikam.com", sender: "x@fabrikam.com" }).result).toBe("softfail");
    expect(checkHost(live, { ip: "192.0.2.99", domain: "d0.example.org", sender: "x@d0.example.org" }).lookups).toBe(3);
  });

  it("records what it resolved as a world-style map, without void names", () => {
    expect(snapshot.dns["contoso.com"]).toEqual({ txt: ["v=spf1 ip4:198.51.100.0/24 include:spf.protection.outlook.com -all", "MS=ms123"] });
    expect(snapshot.dns["spfd.protection.outlook.com"]?.txt).toEqual(ZONE["spfd.protection.outlook.com"]!.txt);
    expect(snapshot.dns["fabrikam.com"]).toMatchObject({ a: ["192.0.2.10"], aaaa: ["2001:db8::10"] });
    expect(snapshot.dns["fabrikam.com"]!.mx).toEqual(expect.arrayContaining([{ preference: 10, exchange: "mail.fabrikam.com" }, { preference: 20, exchange: "mx2.fabrikam.com" }]));
    expect(snapshot.dns["mail.fabrikam.com"]).toEqual({ a: ["192.0.2.20"] });
    expect(snapshot.dns["mx2.fabrikam.com"]).toEqual({ aaaa: ["2001:db8::20"] });
    expect(snapshot.dns["why.fabrikam.com"]).toEqual({ txt: ["%{i} may not send for %{d}"] });
    expect(snapshot.dns["out.tailspin.com"]).toEqual({ a: ["192.0.2.77"] });
    expect(snapshot.dns["long.com"]).toEqual({ txt: [LONG] });
    for (const absent of ["nx.com", "missing.example.net", "allow.fabrikam.com", "servfail.example.net"]) {
      expect(Object.keys(snapshot.dns)).not.toContain(absent);
    }
  });

  it("reports non-void DNS failures so evaluation can say temperror", () => {
    expect(snapshot.errors).toEqual([{ name: "servfail.example.net", type: "txt", code: "ESERVFAIL" }]);
    expect(checkHost(live, { ip: "192.0.2.9", domain: "flaky.com", sender: "x@flaky.com" }).result).toBe("temperror");
    // A match before the failing include is still a pass, as in a live evaluation.
    expect(checkHost(live, { ip: "192.0.2.1", domain: "flaky.com", sender: "x@flaky.com" }).result).toBe("pass");
  });

  it("lists terms whose targets depend on the message instead of guessing", () => {
    expect(snapshot.skipped).toEqual([{ domain: "macro.com", term: "exists:%{i}.bl.macro.com", why: "macro" }]);
    // Offline the blocklist entry exists; the snapshot could not know to fetch it.
    expect(checkHost(worldDnsView(ZONE), { ip: "192.0.2.5", domain: "macro.com", sender: "x@macro.com" }).result).toBe("pass");
    expect(checkHost(live, { ip: "192.0.2.5", domain: "macro.com", sender: "x@macro.com" }).result).toBe("fail");
  });

  it("asks each name and type once and never asks for PTR", () => {
    const seen = server.queries.map((q) => `${q.type} ${q.name} ${q.transport}`);
    // A name can show up once per transport: the resolver retries truncated answers over TCP.
    expect(seen.filter((q, i) => seen.indexOf(q) !== i)).toEqual([]);
    expect(seen.some((q) => q.startsWith("PTR"))).toBe(false);
  });
});

describe("snapshotSpfDns bounds", () => {
  let server: RunningDnsServer;

  beforeAll(async () => {
    server = await startDnsServer(ZONE, { failures: { "slow.example.net": "timeout" } });
  });

  afterAll(async () => {
    await server.close();
  });

  it("stops following includes at maxDepth and says so", async () => {
    const snap = await snapshotSpfDns(["d0.example.org"], { servers: [server.address], maxDepth: 2 });
    expect(Object.keys(snap.dns).sort()).toEqual(["d0.example.org", "d1.example.org", "d2.example.org"]);
    expect(snap.skipped).toEqual([{ domain: "d2.example.org", term: "include:d3.example.org", why: "depth" }]);
    // The unresolved include then reads as a missing record: permerror, never a silent pass.
    expect(checkHost(worldDnsView(snap.dns, snap.errors), { ip: "192.0.2.3", domain: "d0.example.org", sender: "x@d0.example.org" }).result).toBe("permerror");
  });

  it("stops at maxQueries", async () => {
    const snap = await snapshotSpfDns(["d0.example.org"], { servers: [server.address], maxQueries: 2 });
    expect(Object.keys(snap.dns).sort()).toEqual(["d0.example.org", "d1.example.org"]);
    expect(snap.skipped.map((s) => s.why)).toEqual(["query-limit"]);
  });

  it("records a timeout as an error with its resolver code", async () => {
    const snap = await snapshotSpfDns(["slow.example.net"], { servers: [server.address], timeoutMs: 150, tries: 1 });
    expect(snap.errors).toEqual([{ name: "slow.example.net", type: "txt", code: "ETIMEOUT" }]);
    expect(checkHost(worldDnsView(snap.dns, snap.errors), { ip: "192.0.2.1", domain: "slow.example.net", sender: "x@slow.example.net" }).result).toBe("temperror");
  });

  it("returns an empty snapshot for no domains", async () => {
    expect(await snapshotSpfDns([], { servers: [server.address] })).toEqual({ dns: {}, errors: [], skipped: [] });
  });
});
