import type { DnsRecords } from "../../src/core/model/schema";
import { analyzeSpf, authorizes, checkHost, worldDnsView, type DnsLookupFailure, type SpfAnalysis } from "../../src/core/spf";

type Zone = Record<string, DnsRecords>;

const spf = (record: string, more: DnsRecords = {}): DnsRecords => ({ txt: [record], ...more });

const MICROSOFT: Zone = {
  "spf.protection.outlook.com": spf(
    "v=spf1 ip4:40.92.0.0/15 ip4:40.107.0.0/16 ip4:52.100.0.0/14 ip4:104.47.0.0/17 ip6:2a01:111:f400::/48 ip6:2a01:111:f403::/48 include:spfd.protection.outlook.com -all",
  ),
  "spfd.protection.outlook.com": spf("v=spf1 ip4:51.4.72.0/24 ip4:51.5.72.0/24 ip4:51.5.80.0/27 ip4:51.4.80.0/27 -all"),
};

function analyze(zone: Zone, domain = "contoso.com", failures: DnsLookupFailure[] = []): SpfAnalysis {
  return analyzeSpf(worldDnsView(zone, failures), domain);
}

describe("analyzeSpf", () => {
  it("reports the hybrid record: one record, 2 worst-case lookups, includes Microsoft", () => {
    const a = analyze({ ...MICROSOFT, "contoso.com": spf("v=spf1 ip4:198.51.100.0/24 include:spf.protection.outlook.com -all") });
    expect(a.records).toEqual(["v=spf1 ip4:198.51.100.0/24 include:spf.protection.outlook.com -all"]);
    expect(a.record).toBe(a.records[0]);
    expect(a.multipleRecords).toBe(false);
    expect(a.syntaxErrors).toEqual([]);
    expect(a.worstCaseLookups).toBe(2);
    expect(a.exceedsLookupLimit).toBe(false);
    expect(a.voidLookups).toEqual([]);
    expect(a.brokenTargets).toEqual([]);
    expect(a.includedDomains).toEqual(["spf.protection.outlook.com", "spfd.protection.outlook.com"]);
    expect(a.includes("spf.protection.outlook.com")).toBe(true);
    expect(a.includes("SPF.Protection.Outlook.com.")).toBe(true);
    expect(a.includes("spfd.protection.outlook.com")).toBe(true);
    expect(a.includes("spf.protection.office365.us")).toBe(false);
    expect(a.tree).toMatchObject({
      domain: "contoso.com",
      via: "root",
      lookupTerms: 1,
      worstCaseLookups: 2,
      children: [
        {
          domain: "spf.protection.outlook.com",
          via: "include",
          term: "include:spf.protection.outlook.com",
          lookupTerms: 1,
          worstCaseLookups: 1,
          children: [{ domain: "spfd.protection.outlook.com", lookupTerms: 0, worstCaseLookups: 0, children: [] }],
        },
      ],
    });
  });

  it("reports a domain without SPF", () => {
    const a = analyze({ "contoso.com": { txt: ["verification=1"] } });
    expect(a).toMatchObject({ records: [], multipleRecords: false, worstCaseLookups: 0 });
    expect(a.record).toBeUndefined();
    expect(a.tree.problem).toBe("no SPF record");
    expect(a.includes("spf.protection.outlook.com")).toBe(false);
  });

  it("flags multiple records and still shows what each includes", () => {
    const a = analyze({ ...MICROSOFT, "contoso.com": { txt: ["v=spf1 include:spf.protection.outlook.com -all", "v=spf1 a mx ~all"] } });
    expect(a.multipleRecords).toBe(true);
    expect(a.records).toHaveLength(2);
    expect(a.record).toBeUndefined();
    expect(a.tree.problem).toBe("2 SPF records");
    expect(a.includes("spf.protection.outlook.com")).toBe(true);
    expect(a.worstCaseLookups).toBe(2);
  });

  it("lists syntax errors at the root and in included records", () => {
    const root = analyze({ "contoso.com": spf("v=spf1 ip4:10.0.0.0/33 -all") });
    expect(root.syntaxErrors).toEqual([{ domain: "contoso.com", record: "v=spf1 ip4:10.0.0.0/33 -all", term: "ip4:10.0.0.0/33", error: expect.stringContaining("prefix length") }]);
    expect(root.tree.problem).toBe("syntax error");
    const nested = analyze({ "contoso.com": spf("v=spf1 include:bad.example.net -all"), "bad.example.net": spf("v=spf1 foo -all") });
    expect(nested.syntaxErrors).toMatchObject([{ domain: "bad.example.net", term: "foo" }]);
    expect(nested.brokenTargets).toMatchObject([{ domain: "contoso.com", term: "include:bad.example.net", target: "bad.example.net", problem: "syntax-error" }]);
  });

  it("sums the worst case over every branch: nested includes, a, mx, ptr, exists, redirect", () => {
    const a = analyze({
      "contoso.com": spf("v=spf1 a mx ptr exists:e.contoso.com include:one.example.net include:two.example.net redirect=r.example.net", {
        a: ["192.0.2.1"],
        mx: [{ preference: 10, exchange: "contoso.com" }],
      }),
      "e.contoso.com": { a: ["127.0.0.2"] },
      "one.example.net": spf("v=spf1 include:deep.example.net a:x.example.net ~all"),
      "deep.example.net": spf("v=spf1 mx:example.org -all"),
      "example.org": { mx: [{ preference: 0, exchange: "mx.example.org" }] },
      "x.example.net": { a: ["192.0.2.9"] },
      "two.example.net": spf("v=spf1 ip4:192.0.2.0/24 -all"),
      "r.example.net": spf("v=spf1 a:x.example.net -all"),
    });
    // contoso: a mx ptr exists include include redirect = 7; one: include + a = 2; deep: mx = 1; r: a = 1.
    expect(a.worstCaseLookups).toBe(11);
    expect(a.exceedsLookupLimit).toBe(true);
    expect(a.tree.lookupTerms).toBe(7);
    expect(a.ptrTerms).toEqual([{ domain: "contoso.com", term: "ptr" }]);
    expect(a.includedDomains).toEqual(["one.example.net", "deep.example.net", "two.example.net", "r.example.net"]);
  });

  it("does not count a redirect ignored because of all", () => {
    const a = analyze({ "contoso.com": spf("v=spf1 include:x.example.net -all redirect=r.example.net"), "x.example.net": spf("v=spf1 -all"), "r.example.net": spf("v=spf1 -all") });
    expect(a.worstCaseLookups).toBe(1);
    expect(a.includes("r.example.net")).toBe(false);
  });

  it("counts an include reached twice twice, as an evaluation would", () => {
    const a = analyze({
      "contoso.com": spf("v=spf1 include:a.example.net include:b.example.net -all"),
      "a.example.net": spf("v=spf1 include:shared.example.net -all"),
      "b.example.net": spf("v=spf1 include:shared.example.net -all"),
      "shared.example.net": spf("v=spf1 a:h.example.net mx:h.example.net -all"),
      "h.example.net": { a: ["192.0.2.1"], mx: [{ preference: 1, exchange: "h.example.net" }] },
    });
    expect(a.worstCaseLookups).toBe(2 + 2 * (1 + 2));
  });

  it("agrees with checkHost on the lookup count of a client that matches nothing", () => {
    const zone: Zone = {
      ...MICROSOFT,
      "contoso.com": spf("v=spf1 a include:spf.protection.outlook.com include:_spf.contoso.com -all", { a: ["198.51.100.1"] }),
      "_spf.contoso.com": spf("v=spf1 mx:contoso.com exists:ok.contoso.com ~all"),
    };
    const view = worldDnsView(zone);
    const analysis = analyzeSpf(view, "contoso.com");
    const r = checkHost(view, { ip: "203.0.113.200", domain: "contoso.com", sender: "x@contoso.com" });
    expect(r.result).toBe("fail");
    expect(r.lookups).toBe(6);
    expect(r.lookups).toBe(analysis.worstCaseLookups);
    expect(r.voidLookups).toBe(analysis.voidLookups.length);
  });

  it("reports void lookups (names with no records) and whether they exceed 2", () => {
    const a = analyze({
      "contoso.com": spf("v=spf1 a:gone1.contoso.com mx:gone2.contoso.com exists:gone3.contoso.com a:v6only.contoso.com -all"),
      "v6only.contoso.com": { aaaa: ["2001:db8::1"] },
    });
    expect(a.voidLookups).toEqual([
      { domain: "contoso.com", term: "a:gone1.contoso.com", name: "gone1.contoso.com", type: "a" },
      { domain: "contoso.com", term: "mx:gone2.contoso.com", name: "gone2.contoso.com", type: "mx" },
      { domain: "contoso.com", term: "exists:gone3.contoso.com", name: "gone3.contoso.com", type: "a" },
    ]);
    expect(a.exceedsVoidLimit).toBe(true);
  });

  it("reports include/redirect targets that would permerror", () => {
    const a = analyze({
      "contoso.com": spf("v=spf1 include:missing.example.net include:twice.example.net include:manymx.example.net mx:manymx.example.net redirect=nothing.example.net"),
      "twice.example.net": { txt: ["v=spf1 -all", "v=spf1 +all"] },
      "manymx.example.net": spf("v=spf1 -all", { mx: Array.from({ length: 11 }, (_, i) => ({ preference: i, exchange: `m${i}.example.net` })) }),
    });
    expect(a.brokenTargets.map((b) => [b.term, b.problem])).toEqual([
      ["include:missing.example.net", "no-record"],
      ["include:twice.example.net", "multiple-records"],
      ["mx:manymx.example.net", "too-many-mx"],
      ["redirect=nothing.example.net", "no-record"],
    ]);
  });

  it("detects include loops and treats them as over the limit", () => {
    const a = analyze({ "contoso.com": spf("v=spf1 include:loop.example.net -all"), "loop.example.net": spf("v=spf1 include:contoso.com -all") });
    expect(a.brokenTargets).toMatchObject([{ domain: "loop.example.net", term: "include:contoso.com", target: "contoso.com", problem: "loop" }]);
    expect(a.exceedsLookupLimit).toBe(true);
  });

  it("lists macro terms it cannot follow, counting each as one lookup", () => {
    const a = analyze({ "contoso.com": spf("v=spf1 exists:%{i}._spf.%{d} include:%{l}.example.net -all") });
    expect(a.macroTerms).toEqual([
      { domain: "contoso.com", term: "exists:%{i}._spf.%{d}" },
      { domain: "contoso.com", term: "include:%{l}.example.net" },
    ]);
    expect(a.worstCaseLookups).toBe(2);
  });

  it("follows terms whose only macro is %{d}, the same for every message", () => {
    const a = analyze({
      "contoso.com": spf("v=spf1 include:%{d2}.example.net -all"),
      "contoso.com.example.net": spf("v=spf1 include:spf.protection.outlook.com -all"),
      "spf.protection.outlook.com": spf("v=spf1 ip4:40.92.0.0/15 -all"),
    });
    expect(a.macroTerms).toEqual([]);
    expect(a.includedDomains).toEqual(["contoso.com.example.net", "spf.protection.outlook.com"]);
    expect(a.worstCaseLookups).toBe(2);
  });

  it("records DNS failures instead of guessing", () => {
    const a = analyze({ "contoso.com": spf("v=spf1 include:flaky.example.net -all") }, "contoso.com", [{ name: "flaky.example.net", type: "txt", code: "ESERVFAIL" }]);
    expect(a.dnsFailures).toEqual([{ name: "flaky.example.net", type: "txt", code: "ESERVFAIL" }]);
    expect(a.brokenTargets).toMatchObject([{ target: "flaky.example.net", problem: "temperror" }]);
  });

  it("is memoised per view and frozen", () => {
    const view = worldDnsView({ "contoso.com": spf("v=spf1 -all") });
    expect(analyzeSpf(view, "contoso.com")).toBe(analyzeSpf(view, "Contoso.com"));
    expect(Object.isFrozen(analyzeSpf(view, "contoso.com"))).toBe(true);
  });
});

describe("authorizes", () => {
  const view = worldDnsView({ ...MICROSOFT, "contoso.com": spf("v=spf1 ip4:198.51.100.0/24 include:spf.protection.outlook.com ~all") });

  it("is true only for a pass", () => {
    expect(authorizes(view, "contoso.com", "40.107.21.80")).toBe(true);
    expect(authorizes(view, "contoso.com", "198.51.100.10")).toBe(true);
    expect(authorizes(view, "contoso.com", "10.20.30.40")).toBe(false);
    expect(authorizes(view, "fabrikam.com", "40.107.21.80")).toBe(false);
  });
});
