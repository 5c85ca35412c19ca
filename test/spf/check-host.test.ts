import type { DnsRecords } from "../../src/core/model/schema";
import {
  checkHost,
  DnsTemporaryError,
  worldDnsView,
  type CheckHostInput,
  type DnsLookupFailure,
  type DnsView,
  type SpfCheckResult,
} from "../../src/core/spf";

type Zone = Record<string, DnsRecords>;

function check(zone: Zone, ip: string, domain = "example.com", extra: Partial<CheckHostInput> = {}, failures: DnsLookupFailure[] = []): SpfCheckResult {
  return checkHost(worldDnsView(zone, failures), { ip, domain, sender: `alice@${domain}`, ...extra });
}

function spf(record: string, more: DnsRecords = {}): DnsRecords {
  return { txt: [record], ...more };
}

const MICROSOFT: Zone = {
  "contoso.com": spf("v=spf1 ip4:198.51.100.0/24 include:spf.protection.outlook.com -all"),
  "spf.protection.outlook.com": spf(
    "v=spf1 ip4:40.92.0.0/15 ip4:40.107.0.0/16 ip4:52.100.0.0/14 ip4:104.47.0.0/17 ip6:2a01:111:f400::/48 ip6:2a01:111:f403::/48 include:spfd.protection.outlook.com -all",
  ),
  "spfd.protection.outlook.com": spf("v=spf1 ip4:51.4.72.0/24 ip4:51.5.72.0/24 ip4:51.5.80.0/27 ip4:51.4.80.0/27 -all"),
};

describe("realistic hybrid record with the Microsoft 365 include", () => {
  const view = worldDnsView(MICROSOFT);
  const run = (ip: string): SpfCheckResult => checkHost(view, { ip, domain: "contoso.com", sender: "alice@contoso.com" });

  it("passes Exchange Online's 40.107.21.80 through the include after one lookup", () => {
    const r = run("40.107.21.80");
    expect(r.result).toBe("pass");
    expect(r.lookups).toBe(1);
    expect(r.matched).toEqual({ domain: "contoso.com", term: "include:spf.protection.outlook.com" });
    expect(r.record).toBe("v=spf1 ip4:198.51.100.0/24 include:spf.protection.outlook.com -all");
    expect(r.reason).toContain("include:spf.protection.outlook.com");
    expect(r.reason).toContain("ip4:40.107.0.0/16");
    expect(r.reason).toContain("pass");
  });

  it("fails 10.20.30.40 on -all after the Microsoft include cost 2 lookups", () => {
    const r = run("10.20.30.40");
    expect(r.result).toBe("fail");
    expect(r.lookups).toBe(2);
    expect(r.voidLookups).toBe(0);
    expect(r.matched).toEqual({ domain: "contoso.com", term: "-all" });
    expect(r.reason).toMatch(/-all/);
    expect(r.steps).toContain("spfd.protection.outlook.com: -all — match → fail");
    expect(r.steps[r.steps.length - 1]).toBe("result: fail");
  });

  it("passes the on-premises range and addresses from the nested spfd record", () => {
    expect(run("198.51.100.25")).toMatchObject({ result: "pass", lookups: 0, matched: { term: "ip4:198.51.100.0/24" } });
    expect(run("51.5.80.31")).toMatchObject({ result: "pass", lookups: 2 });
    expect(run("51.5.80.32").result).toBe("fail");
  });

  it("passes an IPv6 client inside 2a01:111:f403::/48 and fails one outside", () => {
    expect(run("2a01:111:f403:c200::5").result).toBe("pass");
    expect(run("2a01:111:f404::5").result).toBe("fail");
  });

  it("returns frozen results whose steps are stable and serialised by JSON", () => {
    const first = run("40.107.21.80");
    expect(Object.isFrozen(first)).toBe(true);
    expect(first.steps).toBe(first.steps);
    expect(Object.isFrozen(first.steps)).toBe(true);
    expect(run("40.107.21.80").steps).toEqual(first.steps);
    const json = JSON.parse(JSON.stringify(first));
    expect(json).toMatchObject({ result: "pass", lookups: 1, steps: first.steps });
  });
});

describe("caching per DnsView", () => {
  it("reads and parses each name's TXT records once across many evaluations", () => {
    const reads = new Map<string, number>();
    const inner = worldDnsView(MICROSOFT);
    const view: DnsView = {
      txt: (name) => {
        reads.set(name, (reads.get(name) ?? 0) + 1);
        return inner.txt(name);
      },
      a: (name) => inner.a(name),
      aaaa: (name) => inner.aaaa(name),
      mx: (name) => inner.mx(name),
    };
    for (let i = 0; i < 500; i++) checkHost(view, { ip: `10.0.${i >> 8}.${i & 255}`, domain: "contoso.com", sender: "a@contoso.com" });
    expect(Object.fromEntries(reads)).toEqual({ "contoso.com": 1, "spf.protection.outlook.com": 1, "spfd.protection.outlook.com": 1 });
  });

  it("computes steps only when they are read", () => {
    let reads = 0;
    const inner = worldDnsView(MICROSOFT);
    const view: DnsView = { ...inner, txt: (name) => (reads++, inner.txt(name)) };
    const r = checkHost(view, { ip: "10.20.30.40", domain: "contoso.com", sender: "a@contoso.com" });
    expect(reads).toBe(3);
    expect(r.steps.length).toBeGreaterThan(10);
    // Records come from the per-view cache, so producing the trace reads no DNS again.
    expect(reads).toBe(3);
  });
});

describe("each result value", () => {
  it.each([
    ["v=spf1 +all", "pass"],
    ["v=spf1 all", "pass"],
    ["v=spf1 -all", "fail"],
    ["v=spf1 ~all", "softfail"],
    ["v=spf1 ?all", "neutral"],
    ["v=spf1 ip4:192.0.2.1", "neutral"],
    ["v=spf1", "neutral"],
  ])("%s → %s", (record, result) => {
    expect(check({ "example.com": spf(record) }, "198.51.100.7").result).toBe(result);
  });

  it("says the default neutral comes from no term matching", () => {
    const r = check({ "example.com": spf("v=spf1 ip4:192.0.2.1") }, "198.51.100.7");
    expect(r.matched).toBeUndefined();
    expect(r.reason).toMatch(/default neutral/);
  });

  it("applies the qualifier of the first matching mechanism, not of later ones", () => {
    expect(check({ "example.com": spf("v=spf1 ~ip4:192.0.2.0/24 ip4:192.0.2.7 -all") }, "192.0.2.7").result).toBe("softfail");
    expect(check({ "example.com": spf("v=spf1 ?ip4:192.0.2.7 -all") }, "192.0.2.7").result).toBe("neutral");
    expect(check({ "example.com": spf("v=spf1 -ip4:192.0.2.7 +all") }, "192.0.2.7").result).toBe("fail");
  });

  it("none when the domain does not exist", () => {
    const r = check({}, "192.0.2.1", "nowhere.example.com");
    expect(r).toMatchObject({ result: "none", lookups: 0, voidLookups: 0 });
    expect(r.record).toBeUndefined();
    expect(r.reason).toMatch(/no TXT records/);
  });

  it("none when TXT records exist but none is v=spf1", () => {
    const r = check({ "example.com": { txt: ["google-site-verification=abc", "v=spf10 -all"] } }, "192.0.2.1");
    expect(r.result).toBe("none");
    expect(r.reason).toMatch(/none starts with "v=spf1"/);
  });

  it("none when the name has other records but no TXT", () => {
    expect(check({ "example.com": { a: ["192.0.2.1"] } }, "192.0.2.1").result).toBe("none");
  });

  it.each(["localhost", "example..com", `${"a".repeat(64)}.example.com`, ""])("none for the malformed or single-label domain %j", (domain) => {
    const r = checkHost(worldDnsView({ [domain]: spf("v=spf1 +all") }), { ip: "192.0.2.1", domain, sender: "alice@x" });
    if (domain === "") {
      // An empty domain falls back to the sender's domain, which has no record here.
      expect(r.result).toBe("none");
      return;
    }
    expect(r.result).toBe("none");
    expect(r.reason).toMatch(/not a valid multi-label domain/);
  });

  it("permerror for two v=spf1 records (RFC 7208 §4.5)", () => {
    const r = check({ "example.com": { txt: ["v=spf1 +all", "v=spf1 -all", "other"] } }, "192.0.2.1");
    expect(r.result).toBe("permerror");
    expect(r.reason).toMatch(/2 SPF records/);
    expect(r.record).toBeUndefined();
  });

  it("permerror for a syntax error anywhere, even after a matching term", () => {
    const r = check({ "example.com": spf("v=spf1 +all foo:bar") }, "192.0.2.1");
    expect(r.result).toBe("permerror");
    expect(r.reason).toContain("foo:bar");
    expect(r.record).toBe("v=spf1 +all foo:bar");
  });

  it("temperror when the record lookup itself fails", () => {
    const r = check({ "example.com": spf("v=spf1 +all") }, "192.0.2.1", "example.com", {}, [{ name: "example.com", type: "txt", code: "ESERVFAIL" }]);
    expect(r.result).toBe("temperror");
    expect(r.reason).toMatch(/ESERVFAIL/);
  });

  it("temperror from a DnsView that throws DnsTemporaryError", () => {
    const view: DnsView = {
      txt: (name) => (name === "example.com" ? ["v=spf1 a:flaky.example.net -all"] : undefined),
      a: (name) => {
        throw new DnsTemporaryError({ name, type: "a", code: "ETIMEOUT" });
      },
      aaaa: () => undefined,
      mx: () => undefined,
    };
    const r = checkHost(view, { ip: "192.0.2.1", domain: "example.com", sender: "a@example.com" });
    expect(r.result).toBe("temperror");
    expect(r.reason).toContain("flaky.example.net");
    expect(r.reason).toContain("ETIMEOUT");
  });
});

describe("ip4 and ip6", () => {
  const zone = { "example.com": spf("v=spf1 ip4:192.0.2.0/24 ip4:198.51.100.77/26 ip6:2001:db8:1::/48 -all") };
  it.each([
    ["192.0.2.0", "pass"],
    ["192.0.2.255", "pass"],
    ["192.0.3.0", "fail"],
    ["198.51.100.64", "pass"],
    ["198.51.100.127", "pass"],
    ["198.51.100.63", "fail"],
    ["2001:db8:1::1", "pass"],
    ["2001:db8:1:ffff:ffff:ffff:ffff:ffff", "pass"],
    ["2001:db8:2::1", "fail"],
    ["::ffff:192.0.2.9", "pass"],
    ["::ffff:203.0.113.9", "fail"],
  ])("%s → %s", (ip, result) => {
    expect(check(zone, ip).result).toBe(result);
  });

  it("never matches an IPv4 client against ip6, or an IPv6 client against ip4", () => {
    expect(check({ "example.com": spf("v=spf1 ip6:::/0 -all") }, "192.0.2.1").result).toBe("fail");
    expect(check({ "example.com": spf("v=spf1 ip4:0.0.0.0/0 -all") }, "2001:db8::1").result).toBe("fail");
    expect(check({ "example.com": spf("v=spf1 ip4:0.0.0.0/0 -all") }, "192.0.2.1").result).toBe("pass");
    expect(check({ "example.com": spf("v=spf1 ip6:::/0 -all") }, "2001:db8::1").result).toBe("pass");
  });

  it("matches /32 and /128 exactly", () => {
    const z = { "example.com": spf("v=spf1 ip4:192.0.2.10 ip6:2001:db8::10 -all") };
    expect(check(z, "192.0.2.10").result).toBe("pass");
    expect(check(z, "192.0.2.11").result).toBe("fail");
    expect(check(z, "2001:db8::10").result).toBe("pass");
    expect(check(z, "2001:db8::11").result).toBe("fail");
  });

  it("does not count ip4, ip6 or all as DNS lookups", () => {
    const many = Array.from({ length: 40 }, (_, i) => `ip4:10.0.${i}.0/24`).join(" ");
    expect(check({ "example.com": spf(`v=spf1 ${many} -all`) }, "192.0.2.1")).toMatchObject({ result: "fail", lookups: 0 });
  });

  it("throws a TypeError for a client that is not an IP address", () => {
    expect(() => check({}, "not-an-ip")).toThrow(TypeError);
  });
});

describe("a", () => {
  const zone: Zone = {
    "example.com": spf("v=spf1 a -all", { a: ["192.0.2.10"], aaaa: ["2001:db8::10"] }),
    "cidr.example.com": spf("v=spf1 a:host.example.net/24//64 -all"),
    "host.example.net": { a: ["198.51.100.200"], aaaa: ["2001:db8:5:6::1"] },
    "v4only.example.com": spf("v=spf1 a -all", { a: ["192.0.2.20"] }),
  };

  it("matches the current domain's A record and counts one lookup", () => {
    expect(check(zone, "192.0.2.10")).toMatchObject({ result: "pass", lookups: 1, voidLookups: 0 });
    expect(check(zone, "192.0.2.11")).toMatchObject({ result: "fail", lookups: 1 });
  });

  it("matches the AAAA record for an IPv6 client", () => {
    expect(check(zone, "2001:db8::10").result).toBe("pass");
    expect(check(zone, "2001:db8::11").result).toBe("fail");
  });

  it("applies the ip4 and ip6 cidr lengths of the dual cidr", () => {
    expect(check(zone, "198.51.100.1", "cidr.example.com").result).toBe("pass");
    expect(check(zone, "198.51.101.1", "cidr.example.com").result).toBe("fail");
    expect(check(zone, "2001:db8:5:6:ffff::1", "cidr.example.com").result).toBe("pass");
    expect(check(zone, "2001:db8:5:7::1", "cidr.example.com").result).toBe("fail");
  });

  it("looks up AAAA only for an IPv6 client: an A-only name is a void lookup", () => {
    const r = check(zone, "2001:db8::20", "v4only.example.com");
    expect(r).toMatchObject({ result: "fail", lookups: 1, voidLookups: 1 });
    expect(r.steps.some((s) => s.includes("AAAA v4only.example.com has no records"))).toBe(true);
  });
});

describe("mx", () => {
  const tenMx = Array.from({ length: 10 }, (_, i) => ({ preference: i, exchange: `mx${i}.example.net` }));
  const zone: Zone = {
    "example.com": spf("v=spf1 mx -all", { mx: [{ preference: 10, exchange: "mail.example.com" }, { preference: 20, exchange: "backup.example.net" }] }),
    "mail.example.com": { a: ["192.0.2.25"] },
    "backup.example.net": { a: ["198.51.100.25"], aaaa: ["2001:db8::25"] },
    "cidr.example.com": spf("v=spf1 mx:example.com/24 -all"),
    "ten.example.com": spf("v=spf1 mx -all", { mx: tenMx }),
    "eleven.example.com": spf("v=spf1 mx -all", { mx: [...tenMx, { preference: 99, exchange: "mx10.example.net" }] }),
    "mx9.example.net": { a: ["203.0.113.9"] },
    "nullmx.example.com": spf("v=spf1 mx -all", { mx: [{ preference: 0, exchange: "" }] }),
    "nomx.example.com": spf("v=spf1 mx -all", { a: ["192.0.2.1"] }),
  };

  it("matches an address of any MX host, with one lookup for the mechanism", () => {
    expect(check(zone, "192.0.2.25")).toMatchObject({ result: "pass", lookups: 1 });
    expect(check(zone, "198.51.100.25")).toMatchObject({ result: "pass", lookups: 1 });
    expect(check(zone, "2001:db8::25").result).toBe("pass");
    expect(check(zone, "192.0.2.26").result).toBe("fail");
  });

  it("does not count an MX host lacking the client's address family as a void lookup", () => {
    expect(check(zone, "2001:db8::99")).toMatchObject({ result: "fail", voidLookups: 0 });
  });

  it("applies the cidr length to MX host addresses", () => {
    expect(check(zone, "192.0.2.200", "cidr.example.com").result).toBe("pass");
    expect(check(zone, "192.0.3.1", "cidr.example.com").result).toBe("fail");
  });

  it("accepts 10 MX records and permerrors on 11 (RFC 7208 §4.6.4)", () => {
    expect(check(zone, "203.0.113.9", "ten.example.com").result).toBe("pass");
    const r = check(zone, "203.0.113.9", "eleven.example.com");
    expect(r.result).toBe("permerror");
    expect(r.reason).toMatch(/11 MX records/);
  });

  it("treats a null MX as naming no host", () => {
    expect(check(zone, "192.0.2.1", "nullmx.example.com")).toMatchObject({ result: "fail", voidLookups: 0 });
  });

  it("counts a name without MX records as a void lookup", () => {
    expect(check(zone, "192.0.2.1", "nomx.example.com")).toMatchObject({ result: "fail", voidLookups: 1 });
  });
});

describe("ptr and exists", () => {
  it("ptr without PTR data does not match, but counts its lookup", () => {
    const r = check({ "example.com": spf("v=spf1 ptr ptr:example.org ~all") }, "192.0.2.1");
    expect(r).toMatchObject({ result: "softfail", lookups: 2, voidLookups: 0 });
    expect(r.steps.some((s) => s.includes("RFC 7208 §5.5"))).toBe(true);
  });

  it("matches exists when the name has an A record, whatever the client's family", () => {
    const zone: Zone = {
      "example.com": spf("v=spf1 exists:allowed.example.com -all"),
      "allowed.example.com": { a: ["127.0.0.2"] },
      "example.org": spf("v=spf1 exists:missing.example.org -all"),
    };
    expect(check(zone, "192.0.2.1")).toMatchObject({ result: "pass", lookups: 1 });
    expect(check(zone, "2001:db8::1").result).toBe("pass");
    expect(check(zone, "192.0.2.1", "example.org")).toMatchObject({ result: "fail", lookups: 1, voidLookups: 1 });
  });

  it("expands macros in exists, as DNS blocklist-style records do", () => {
    const zone: Zone = {
      "example.com": spf("v=spf1 exists:%{ir}.%{l1r+}._spf.%{d} -all"),
      "1.2.0.192.alice._spf.example.com": { a: ["127.0.0.2"] },
    };
    expect(check(zone, "192.0.2.1", "example.com", { sender: "alice@example.com" }).result).toBe("pass");
    expect(check(zone, "192.0.2.1", "example.com", { sender: "bob@example.com" }).result).toBe("fail");
    // l1r+ keeps the part before "+": alice+tag → alice.
    expect(check(zone, "192.0.2.1", "example.com", { sender: "alice+tag@example.com" }).result).toBe("pass");
  });
});

describe("include (RFC 7208 §5.2)", () => {
  const zone: Zone = {
    "example.com": spf("v=spf1 include:pass.example.net include:fail.example.net include:soft.example.net include:neutral.example.net ~all"),
    "pass.example.net": spf("v=spf1 ip4:192.0.2.1 -all"),
    "fail.example.net": spf("v=spf1 -ip4:192.0.2.2 -all"),
    "soft.example.net": spf("v=spf1 ~all"),
    "neutral.example.net": spf("v=spf1 ?all"),
  };

  it("matches only when the included evaluation passes", () => {
    expect(check(zone, "192.0.2.1")).toMatchObject({ result: "pass", lookups: 1, matched: { term: "include:pass.example.net" } });
    // fail, softfail and neutral inside an include are simply "no match": evaluation goes on to ~all.
    const r = check(zone, "192.0.2.2");
    expect(r).toMatchObject({ result: "softfail", lookups: 4, matched: { term: "~all" } });
  });

  it("uses the include's own qualifier when it matches", () => {
    const z: Zone = { "example.com": spf("v=spf1 -include:pass.example.net ?include:any.example.net +all"), "pass.example.net": spf("v=spf1 ip4:192.0.2.1 -all"), "any.example.net": spf("v=spf1 +all") };
    expect(check(z, "192.0.2.1").result).toBe("fail");
    expect(check(z, "192.0.2.9").result).toBe("neutral");
  });

  it("permerrors for an include of a domain without an SPF record (none → permerror)", () => {
    const r = check({ "example.com": spf("v=spf1 include:nothing.example.net +all") }, "192.0.2.1");
    expect(r.result).toBe("permerror");
    expect(r.reason).toMatch(/nothing\.example\.net, which has no TXT records/);
    const txtOnly = check({ "example.com": spf("v=spf1 include:other.example.net +all"), "other.example.net": { txt: ["hello"] } }, "192.0.2.1");
    expect(txtOnly.result).toBe("permerror");
    expect(txtOnly.reason).toMatch(/publishes no SPF record/);
  });

  it("propagates a nested permerror (syntax error, multiple records) even though a later term would pass", () => {
    expect(check({ "example.com": spf("v=spf1 include:bad.example.net +all"), "bad.example.net": spf("v=spf1 ip4:300.1.1.1") }, "192.0.2.1").result).toBe("permerror");
    expect(
      check({ "example.com": spf("v=spf1 include:two.example.net +all"), "two.example.net": { txt: ["v=spf1 -all", "v=spf1 +all"] } }, "192.0.2.1").result,
    ).toBe("permerror");
  });

  it("propagates a nested temperror", () => {
    const r = check(
      { "example.com": spf("v=spf1 include:flaky.example.net +all") },
      "192.0.2.1",
      "example.com",
      {},
      [{ name: "flaky.example.net", type: "txt", code: "ETIMEOUT" }],
    );
    expect(r.result).toBe("temperror");
    expect(r.reason).toContain("flaky.example.net");
  });

  it("evaluates %{d} inside the included record as the included domain", () => {
    const z: Zone = {
      "example.com": spf("v=spf1 include:_spf.example.net -all"),
      "_spf.example.net": spf("v=spf1 a:mail.%{d} -all"),
      "mail._spf.example.net": { a: ["192.0.2.77"] },
    };
    expect(check(z, "192.0.2.77")).toMatchObject({ result: "pass", lookups: 2 });
  });

  it("turns an include loop into permerror through the lookup limit", () => {
    const r = check({ "example.com": spf("v=spf1 include:loop.example.net -all"), "loop.example.net": spf("v=spf1 include:example.com -all") }, "192.0.2.1");
    expect(r.result).toBe("permerror");
    expect(r.lookups).toBe(11);
  });
});

describe("redirect (RFC 7208 §6.1)", () => {
  it("is followed when no mechanism matches, and its result is the result", () => {
    const zone: Zone = {
      "example.com": spf("v=spf1 ip4:192.0.2.1 redirect=_spf.example.net"),
      "_spf.example.net": spf("v=spf1 ip4:198.51.100.0/24 -all"),
    };
    expect(check(zone, "192.0.2.1")).toMatchObject({ result: "pass", lookups: 0 });
    const viaRedirect = check(zone, "198.51.100.9");
    expect(viaRedirect).toMatchObject({ result: "pass", lookups: 1, matched: { domain: "_spf.example.net", term: "ip4:198.51.100.0/24" } });
    expect(viaRedirect.reason).toMatch(/example\.com redirects to _spf\.example\.net/);
    expect(check(zone, "203.0.113.1")).toMatchObject({ result: "fail", lookups: 1 });
  });

  it("is ignored when the record has an all mechanism", () => {
    const r = check({ "example.com": spf("v=spf1 ?all redirect=_spf.example.net"), "_spf.example.net": spf("v=spf1 +all") }, "192.0.2.1");
    expect(r).toMatchObject({ result: "neutral", lookups: 0 });
  });

  it("permerrors when the target has no SPF record", () => {
    const r = check({ "example.com": spf("v=spf1 redirect=gone.example.net") }, "192.0.2.1");
    expect(r.result).toBe("permerror");
    expect(r.reason).toContain("redirect=gone.example.net");
  });

  it("expands macros in the redirect target", () => {
    const zone: Zone = { "example.com": spf("v=spf1 redirect=_spf.%{d}"), "_spf.example.com": spf("v=spf1 ip4:192.0.2.0/24 -all") };
    expect(check(zone, "192.0.2.5").result).toBe("pass");
  });

  it("chains redirects and keeps the innermost default", () => {
    const zone: Zone = {
      "example.com": spf("v=spf1 redirect=one.example.net"),
      "one.example.net": spf("v=spf1 redirect=two.example.net"),
      "two.example.net": spf("v=spf1 ip4:192.0.2.1"),
    };
    const r = check(zone, "203.0.113.1");
    expect(r).toMatchObject({ result: "neutral", lookups: 2 });
    expect(r.reason).toMatch(/example\.com redirects to one\.example\.net, one\.example\.net redirects to two\.example\.net/);
  });
});

describe("the 10 DNS-lookup limit (RFC 7208 §4.6.4)", () => {
  /** A record of `count` a: terms; only the last host has the client's address. */
  function aChain(count: number): Zone {
    const zone: Zone = { "example.com": spf(`v=spf1 ${Array.from({ length: count }, (_, i) => `a:h${i + 1}.example.com`).join(" ")} -all`) };
    for (let i = 1; i <= count; i++) zone[`h${i}.example.com`] = { a: [i === count ? "192.0.2.99" : `198.51.100.${i}`] };
    return zone;
  }

  it("allows exactly 10 lookups: the 10th term still matches", () => {
    expect(check(aChain(10), "192.0.2.99")).toMatchObject({ result: "pass", lookups: 10 });
    expect(check(aChain(10), "192.0.2.1")).toMatchObject({ result: "fail", lookups: 10 });
  });

  it("permerrors at the 11th lookup, even when it would match", () => {
    const r = check(aChain(11), "192.0.2.99");
    expect(r).toMatchObject({ result: "permerror", lookups: 11 });
    expect(r.reason).toMatch(/more than 10 DNS-querying terms/);
    expect(r.reason).toContain("a:h11.example.com");
  });

  it("still passes an over-limit record when a term before the 11th lookup matches", () => {
    expect(check(aChain(11), "198.51.100.3")).toMatchObject({ result: "pass", lookups: 3 });
  });

  it("counts lookups across nested includes and redirect", () => {
    // example.com → i1 → i2 → ... each include is one lookup; the last record redirects.
    function nested(includes: number): Zone {
      const zone: Zone = { "example.com": spf("v=spf1 include:i1.example.net -all") };
      for (let i = 1; i < includes; i++) zone[`i${i}.example.net`] = spf(`v=spf1 include:i${i + 1}.example.net -all`);
      zone[`i${includes}.example.net`] = spf("v=spf1 redirect=last.example.net");
      zone["last.example.net"] = spf("v=spf1 ip4:192.0.2.1 -all");
      return zone;
    }
    expect(check(nested(9), "192.0.2.1")).toMatchObject({ result: "pass", lookups: 10 });
    expect(check(nested(10), "192.0.2.1")).toMatchObject({ result: "permerror", lookups: 11 });
    expect(check(nested(10), "192.0.2.1").reason).toContain("redirect=last.example.net");
  });

  it("counts every kind: include, a, mx, ptr, exists and redirect", () => {
    const zone: Zone = {
      "example.com": spf("v=spf1 include:i.example.net a mx ptr exists:e.example.com redirect=r.example.net", { a: ["198.51.100.1"], mx: [{ preference: 1, exchange: "example.com" }] }),
      "i.example.net": spf("v=spf1 -all"),
      "e.example.com": {},
      "r.example.net": spf("v=spf1 -all"),
    };
    expect(check(zone, "192.0.2.1")).toMatchObject({ result: "fail", lookups: 6 });
  });
});

describe("the void-lookup limit of 2 (RFC 7208 §4.6.4)", () => {
  function voids(count: number, thenMatch: string): Zone {
    const terms = Array.from({ length: count }, (_, i) => `a:void${i + 1}.example.com`);
    return { "example.com": spf(`v=spf1 ${terms.join(" ")} ${thenMatch} -all`) };
  }

  it("tolerates 2 void lookups", () => {
    expect(check(voids(2, "ip4:192.0.2.1"), "192.0.2.1")).toMatchObject({ result: "pass", voidLookups: 2, lookups: 2 });
  });

  it("permerrors on the 3rd void lookup", () => {
    const r = check(voids(3, "ip4:192.0.2.1"), "192.0.2.1");
    expect(r).toMatchObject({ result: "permerror", voidLookups: 3 });
    expect(r.reason).toMatch(/3rd void lookup/);
    expect(r.reason).toContain("void3.example.com");
  });

  it("counts void lookups from a, mx and exists together, across includes", () => {
    const zone: Zone = {
      "example.com": spf("v=spf1 mx:nomx.example.com include:inner.example.net -all"),
      "inner.example.net": spf("v=spf1 exists:nothing.example.net a:noaddr.example.net -all"),
    };
    expect(check(zone, "192.0.2.1")).toMatchObject({ result: "permerror", voidLookups: 3 });
  });

  it("does not count lookups that returned records", () => {
    const zone: Zone = { "example.com": spf("v=spf1 a:h1.example.com a:h2.example.com a:h3.example.com -all"), "h1.example.com": { a: ["198.51.100.1"] }, "h2.example.com": { a: ["198.51.100.2"] }, "h3.example.com": { a: ["198.51.100.3"] } };
    expect(check(zone, "192.0.2.1")).toMatchObject({ result: "fail", voidLookups: 0, lookups: 3 });
  });
});

describe("macros in evaluation (RFC 7208 §7)", () => {
  it("expands %{s} %{l} %{o} %{d} %{i} %{v} %{h} and %{p} as unknown", () => {
    const seen: string[] = [];
    const view: DnsView = {
      txt: (name) => (name === "email.example.com" ? ["v=spf1 exists:%{s}.%{l}.%{o}.%{d}.%{i}.%{v}.%{h}.%{p}.check.example.org -all"] : undefined),
      a: (name) => {
        seen.push(name);
        return undefined;
      },
      aaaa: () => undefined,
      mx: () => undefined,
    };
    checkHost(view, { ip: "192.0.2.3", domain: "email.example.com", sender: "strong-bad@email.example.com", helo: "mx.example.org" });
    expect(seen).toEqual([
      "strong-bad@email.example.com.strong-bad.email.example.com.email.example.com.192.0.2.3.in-addr.mx.example.org.unknown.check.example.org",
    ]);
  });

  it("expands %{i} of an IPv6 client as dotted nibbles and %{v} as ip6", () => {
    const zone: Zone = {
      "example.com": spf("v=spf1 exists:%{ir}.%{v}._spf.%{d2} -all"),
      "1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6._spf.example.com": { a: ["127.0.0.2"] },
    };
    expect(check(zone, "2001:db8::cb01").result).toBe("pass");
    expect(check(zone, "2001:db8::cb02").result).toBe("fail");
  });

  it("URL-escapes upper-case macros", () => {
    const zone: Zone = { "example.com": spf("v=spf1 exists:%{L}.u.example.com -all"), "a%2bb.u.example.com": { a: ["127.0.0.2"] } };
    expect(check(zone, "192.0.2.1", "example.com", { sender: "a+b@example.com" }).result).toBe("pass");
  });

  it("truncates an expansion over 253 characters from the left, label by label", () => {
    const long = `${"x".repeat(60)}.${"y".repeat(60)}.${"z".repeat(60)}`;
    // 387 characters: the first x, y and z labels go, leaving `${long}.blocklist.example.com` (204).
    const zone: Zone = { "example.com": spf("v=spf1 exists:%{l}.%{l}.blocklist.example.com -all"), [`${long}.blocklist.example.com`]: { a: ["127.0.0.2"] } };
    const r = check(zone, "192.0.2.1", "example.com", { sender: `${long}@example.com` });
    expect(r.result).toBe("pass");
  });

  it("permerrors when an expansion is not a valid domain name", () => {
    const r = check({ "example.com": spf("v=spf1 exists:%{l}.example.com -all") }, "192.0.2.1", "example.com", { sender: "a..b@example.com" });
    expect(r.result).toBe("permerror");
    expect(r.reason).toMatch(/not a valid domain name/);
  });
});

describe("identities (RFC 7208 §2.4, §4.3)", () => {
  const zone: Zone = {
    "mail.example.com": spf("v=spf1 exists:%{l}.%{o}.ok.example.com -all"),
    "postmaster.mail.example.com.ok.example.com": { a: ["127.0.0.2"] },
    "example.com": spf("v=spf1 exists:%{l}.%{o}.ok.example.com -all"),
    "postmaster.example.com.ok.example.com": { a: ["127.0.0.2"] },
  };
  const view = worldDnsView(zone);

  it("checks postmaster@HELO for the null sender", () => {
    const r = checkHost(view, { ip: "192.0.2.1", domain: "", sender: "", helo: "mail.example.com" });
    expect(r.result).toBe("pass");
    expect(r.steps[0]).toBe("check_host(192.0.2.1, mail.example.com, postmaster@mail.example.com)");
  });

  it("uses the HELO domain for the null sender even if the caller passes another domain", () => {
    expect(checkHost(view, { ip: "192.0.2.1", domain: "example.com", sender: "", helo: "mail.example.com" }).steps[0]).toContain("mail.example.com");
  });

  it("returns none for the null sender without a HELO name", () => {
    const r = checkHost(view, { ip: "192.0.2.1", domain: "example.com", sender: "" });
    expect(r.result).toBe("none");
    expect(r.reason).toMatch(/null reverse-path/);
  });

  it("substitutes postmaster for a missing local-part", () => {
    expect(checkHost(view, { ip: "192.0.2.1", domain: "example.com", sender: "@example.com" }).result).toBe("pass");
    expect(checkHost(view, { ip: "192.0.2.1", domain: "example.com", sender: "example.com" }).result).toBe("pass");
  });

  it("falls back to the sender's domain when no domain is given, and ignores case", () => {
    expect(checkHost(view, { ip: "192.0.2.1", domain: "", sender: "Postmaster@Example.COM" }).result).toBe("pass");
    expect(checkHost(view, { ip: "192.0.2.1", domain: "EXAMPLE.com.", sender: "postmaster@example.com" }).result).toBe("pass");
  });
});

describe("exp= explanations (RFC 7208 §6.2)", () => {
  const zone: Zone = {
    "example.com": spf("v=spf1 ip4:192.0.2.1 include:inner.example.net -all exp=why.example.com"),
    "why.example.com": { txt: ["%{i} is not one of %{d}'s servers; see https://example.com/spf?s=%{S}%_(%{c} via %{r} at %{t})"] },
    "inner.example.net": spf("v=spf1 -ip4:192.0.2.2 exp=innerwhy.example.net"),
    "innerwhy.example.net": { txt: ["inner text"] },
    "redir.example.com": spf("v=spf1 redirect=target.example.net exp=why.example.com"),
    "target.example.net": spf("v=spf1 -all exp=targetwhy.example.net"),
    "targetwhy.example.net": { txt: ["target says no to %{d}"] },
    "two.example.com": spf("v=spf1 -all exp=twotxt.example.com"),
    "twotxt.example.com": { txt: ["a", "b"] },
  };

  it("expands the explanation of a fail, including c, r and t", () => {
    const r = check(zone, "203.0.113.5", "example.com", { sender: "a+b@example.com", receiver: "mx.receiver.example", timestamp: 1700000000 });
    expect(r.result).toBe("fail");
    expect(r.explanation).toBe("203.0.113.5 is not one of example.com's servers; see https://example.com/spf?s=a%2Bb%40example.com (203.0.113.5 via mx.receiver.example at 1700000000)");
  });

  it("gives no explanation for other results or when the exp record is unusable", () => {
    expect(check(zone, "192.0.2.1").explanation).toBeUndefined();
    expect(check(zone, "203.0.113.5", "two.example.com")).toMatchObject({ result: "fail" });
    expect(check(zone, "203.0.113.5", "two.example.com").explanation).toBeUndefined();
  });

  it("does not use the exp of an included record; uses the redirect target's instead of the original's", () => {
    // 192.0.2.2 fails inside inner.example.net, which is "no match" for the include; -all of example.com decides.
    expect(check(zone, "192.0.2.2").explanation).toContain("192.0.2.2 is not one of example.com's servers");
    expect(check(zone, "203.0.113.5", "redir.example.com").explanation).toBe("target says no to target.example.net");
  });
});
