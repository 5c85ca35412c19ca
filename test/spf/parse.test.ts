import { isSpfRecordText, parseSpfRecord, type SpfMechanismTerm, type SpfRecord } from "../../src/core/spf";

function ok(text: string): SpfRecord {
  const parsed = parseSpfRecord(text);
  if (!parsed.ok) throw new Error(`expected ${text} to parse, got: ${parsed.error}`);
  return parsed.record;
}

function error(text: string): { term?: string; error: string } {
  const parsed = parseSpfRecord(text);
  if (parsed.ok) throw new Error(`expected a syntax error for ${text}`);
  return parsed;
}

describe("record selection text (RFC 7208 §4.5)", () => {
  it.each([
    ["v=spf1", true],
    ["v=spf1 -all", true],
    ["V=SPF1 -all", true],
    ["v=spf10 -all", false],
    ["v=spf1-all", false],
    ["spf1 -all", false],
    [" v=spf1 -all", false],
    ["v=DKIM1; p=abc", false],
  ])("%j is an SPF record: %s", (text, expected) => {
    expect(isSpfRecordText(text)).toBe(expected);
  });

  it("rejects a text that is not an SPF record", () => {
    expect(error("v=spf10 -all").error).toMatch(/v=spf1/);
  });
});

describe("parseSpfRecord: structure", () => {
  it("parses the Microsoft 365 record into typed terms", () => {
    const record = ok(
      "v=spf1 ip4:40.92.0.0/15 ip4:40.107.0.0/16 ip6:2a01:111:f400::/48 include:spfd.protection.outlook.com -all",
    );
    expect(record.mechanisms.map((m) => [m.qualifier, m.mechanism])).toEqual([
      ["+", "ip4"],
      ["+", "ip4"],
      ["+", "ip6"],
      ["+", "include"],
      ["-", "all"],
    ]);
    expect(record.mechanisms[0]).toMatchObject({ ip4Cidr: 15, network: { family: 4, prefix: 15 } });
    expect(record.mechanisms[2]).toMatchObject({ ip6Cidr: 48, network: { family: 6, prefix: 48, words: [0x2a01, 0x111, 0xf400, 0, 0, 0, 0, 0] } });
    expect(record.mechanisms[3]!.domainSpec).toMatchObject({ text: "spfd.protection.outlook.com", hasMacros: false });
    expect(record.hasAll).toBe(true);
    expect(record.lookupTerms).toBe(1);
  });

  it("reads every qualifier and defaults to +", () => {
    const record = ok("v=spf1 +a -mx ~ptr ?exists:x.example.com all");
    expect(record.mechanisms.map((m) => m.qualifier)).toEqual(["+", "-", "~", "?", "+"]);
  });

  it("is case-insensitive in mechanism and modifier names", () => {
    const record = ok("v=spf1 IP4:192.0.2.1 Include:example.com REDIRECT=example.net");
    expect(record.mechanisms.map((m) => m.mechanism)).toEqual(["ip4", "include"]);
    expect(record.redirect?.text).toBe("example.net");
  });

  it("reads the dual cidr length of a and mx, with defaults 32 and 128", () => {
    const [a, b, c, d, e] = ok("v=spf1 a a/24 a//64 mx:mail.example.com/26//48 a:example.com").mechanisms as SpfMechanismTerm[];
    expect(a).toMatchObject({ mechanism: "a", ip4Cidr: 32, ip6Cidr: 128 });
    expect(a!.domainSpec).toBeUndefined();
    expect(b).toMatchObject({ ip4Cidr: 24, ip6Cidr: 128 });
    expect(c).toMatchObject({ ip4Cidr: 32, ip6Cidr: 64 });
    expect(d).toMatchObject({ mechanism: "mx", ip4Cidr: 26, ip6Cidr: 48, domainSpec: { text: "mail.example.com" } });
    expect(e).toMatchObject({ ip4Cidr: 32, domainSpec: { text: "example.com" } });
  });

  it("masks host bits of an ip4 network and defaults to /32", () => {
    const [net, host] = ok("v=spf1 ip4:192.0.2.77/24 ip4:192.0.2.1").mechanisms;
    expect(net!.network).toEqual({ family: 4, base: 0xc0000200, prefix: 24 });
    expect(host!.network).toEqual({ family: 4, base: 0xc0000201, prefix: 32 });
  });

  it("accepts IPv6 networks with an embedded IPv4 tail", () => {
    const [m] = ok("v=spf1 ip6:::ffff:192.0.2.0/120").mechanisms;
    expect(m!.network).toMatchObject({ family: 6, prefix: 120, words: [0, 0, 0, 0, 0, 0xffff, 0xc000, 0x200] });
  });

  it("collects redirect, exp and unknown modifiers; redirect counts as a lookup only without all", () => {
    const record = ok("v=spf1 mx redirect=_spf.example.com exp=explain.%{d} moo.cow-far_out=man:dog/cat");
    expect(record.redirect?.text).toBe("_spf.example.com");
    expect(record.exp).toMatchObject({ text: "explain.%{d}", hasMacros: true });
    expect(record.unknownModifiers.map((m) => [m.name, m.value.text])).toEqual([["moo.cow-far_out", "man:dog/cat"]]);
    expect(record.lookupTerms).toBe(2);
    expect(ok("v=spf1 mx -all redirect=_spf.example.com").lookupTerms).toBe(1);
  });

  it("accepts a bare version, extra spaces and terms in any order", () => {
    expect(ok("v=spf1").terms).toHaveLength(0);
    expect(ok("v=spf1   ip4:192.0.2.1    -all  ").terms).toHaveLength(2);
    expect(ok("v=spf1 redirect=example.com ip4:192.0.2.1").mechanisms).toHaveLength(1);
  });

  it("parses macros in domain-specs, ending in a macro or a top label", () => {
    const exists = ok("v=spf1 exists:%{ir}.%{l1r-}.lp._spf.%{d} a:_spf.%{d}.").mechanisms;
    expect(exists[0]!.domainSpec!.parts[0]).toEqual({ kind: "macro", letter: "i", urlEscape: false, keep: undefined, reverse: true, delimiters: "." });
    expect(exists[0]!.domainSpec!.parts[2]).toEqual({ kind: "macro", letter: "l", urlEscape: false, keep: 1, reverse: true, delimiters: "-" });
    expect(ok("v=spf1 include:%{d2}.trusted.example.net").mechanisms[0]!.domainSpec!.hasMacros).toBe(true);
  });

  it("accepts a trailing dot on a domain-spec", () => {
    expect(ok("v=spf1 include:spf.example.com.").mechanisms[0]!.domainSpec!.text).toBe("spf.example.com.");
  });
});

describe("parseSpfRecord: syntax errors name the bad term", () => {
  it.each([
    ["v=spf1 foo:bar.com -all", "foo:bar.com", /unknown mechanism/],
    ["v=spf1 ip4:192.0.2.0/33", "ip4:192.0.2.0/33", /prefix length/],
    ["v=spf1 ip4:192.0.2.0/024", "ip4:192.0.2.0/024", /prefix length/],
    ["v=spf1 ip4:01.2.3.4", "ip4:01.2.3.4", /IPv4/],
    ["v=spf1 ip4:192.0.2", "ip4:192.0.2", /IPv4/],
    ["v=spf1 ip4:256.0.0.1", "ip4:256.0.0.1", /IPv4/],
    ["v=spf1 ip4", "ip4", /IPv4/],
    ["v=spf1 ip6:2001:db8::/129", "ip6:2001:db8::/129", /prefix length/],
    ["v=spf1 ip6:2001:zz8::", "ip6:2001:zz8::", /IPv6/],
    ["v=spf1 ip6:192.0.2.1", "ip6:192.0.2.1", /IPv6/],
    ["v=spf1 a:museum", "a:museum", /top-level label/],
    ["v=spf1 a:museum.", "a:museum.", /top-level label/],
    ["v=spf1 a:192.0.2.1", "a:192.0.2.1", /top-level label/],
    ["v=spf1 a:example.com:8080", "a:example.com:8080", /top-level label/],
    ["v=spf1 a:foo.example.123", "a:foo.example.123", /top-level label/],
    ["v=spf1 a:", "a:", /empty domain-spec/],
    ["v=spf1 a/", "a/", /expected a/],
    ["v=spf1 a/33", "a/33", /prefix length/],
    ["v=spf1 mx//129", "mx//129", /prefix length/],
    ["v=spf1 include", "include", /needs ":domain"/],
    ["v=spf1 include:", "include:", /empty domain-spec/],
    ["v=spf1 exists", "exists", /needs ":domain"/],
    ["v=spf1 ptr/24", "ptr/24", /ptr/],
    ["v=spf1 all:example.com", "all:example.com", /takes no argument/],
    ["v=spf1 -redirect=example.com", "-redirect=example.com", /qualifier/],
    ["v=spf1 redirect=a.example.com redirect=b.example.com", "redirect=b.example.com", /allows it once/],
    ["v=spf1 exp=a.example.com exp=b.example.com -all", "exp=b.example.com", /allows it once/],
    ["v=spf1 exp= -all", "exp=", /empty domain-spec/],
    ["v=spf1 redirect=", "redirect=", /empty domain-spec/],
    ["v=spf1 exists:%{x}.example.com", "exists:%{x}.example.com", /unknown macro letter/],
    ["v=spf1 exists:%{d0}.example.com", "exists:%{d0}.example.com", /nonzero/],
    ["v=spf1 exists:%{c}.example.com", "exists:%{c}.example.com", /only allowed in exp/],
    ["v=spf1 include:%{r}.example.com", "include:%{r}.example.com", /only allowed in exp/],
    ["v=spf1 exists:%{d.example.com", "exists:%{d.example.com", /unterminated|malformed/],
    ["v=spf1 exists:%z.example.com", "exists:%z.example.com", /must be followed by/],
    ["v=spf1 exists:%{d2x}.example.com", "exists:%{d2x}.example.com", /malformed macro/],
    ["v=spf1 moo/x=1 -all", "moo/x=1", /unknown mechanism/],
    ["v=spf1 moo=%{q} -all", "moo=%{q}", /unknown macro letter/],
    ["v=spf1 ip4:192.0.2.1\t-all", "ip4:192.0.2.1\t-all", /IPv4/],
  ])("%j → error in %j", (text, term, message) => {
    const result = error(text);
    expect(result.term).toBe(term);
    expect(result.error).toMatch(message);
    expect(result.error).toContain(term);
  });

  it("reports the first bad term even when later terms are fine", () => {
    expect(error("v=spf1 ip4:192.0.2.1 bad -all").term).toBe("bad");
  });
});
