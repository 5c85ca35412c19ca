import { expandMacroString, parseMacroString, type MacroContext, type MacroValues } from "../../src/core/spf";

/** RFC 7208 §7.4: sender strong-bad@email.example.com, IP 192.0.2.3, domain email.example.com. */
const RFC_VALUES: MacroValues = {
  s: "strong-bad@email.example.com",
  l: "strong-bad",
  o: "email.example.com",
  d: "email.example.com",
  i: "192.0.2.3",
  v: "in-addr",
  h: "mx.example.org",
  c: "192.0.2.3",
  r: "receiver.example.net",
  t: "1700000000",
};

function expand(text: string, values: MacroValues = RFC_VALUES, context: MacroContext = "domain-spec"): string {
  const parsed = parseMacroString(text, context);
  if (!parsed.ok) throw new Error(parsed.error);
  return expandMacroString(parsed.value, values);
}

describe("RFC 7208 §7.4 examples", () => {
  it.each([
    ["%{s}", "strong-bad@email.example.com"],
    ["%{o}", "email.example.com"],
    ["%{d}", "email.example.com"],
    ["%{d4}", "email.example.com"],
    ["%{d3}", "email.example.com"],
    ["%{d2}", "example.com"],
    ["%{d1}", "com"],
    ["%{dr}", "com.example.email"],
    ["%{d2r}", "example.email"],
    ["%{l}", "strong-bad"],
    ["%{l-}", "strong.bad"],
    ["%{lr}", "strong-bad"],
    ["%{lr-}", "bad.strong"],
    ["%{l1r-}", "strong"],
    ["%{ir}.%{v}._spf.%{d2}", "3.2.0.192.in-addr._spf.example.com"],
    ["%{lr-}.lp._spf.%{d2}", "bad.strong.lp._spf.example.com"],
    ["%{lr-}.lp.%{ir}.%{v}._spf.%{d2}", "bad.strong.lp.3.2.0.192.in-addr._spf.example.com"],
    ["%{ir}.%{v}.%{l1r-}.lp._spf.%{d2}", "3.2.0.192.in-addr.strong.lp._spf.example.com"],
    ["%{d2}.trusted-domains.example.net", "example.com.trusted-domains.example.net"],
  ])("%s → %s", (text, expected) => {
    expect(expand(text)).toBe(expected);
  });

  it("expands the IPv6 example", () => {
    const v6 = { ...RFC_VALUES, i: "2.0.0.1.0.d.b.8.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.c.b.0.1", v: "ip6" };
    expect(expand("%{ir}.%{v}._spf.%{d2}", v6)).toBe("1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6._spf.example.com");
  });
});

describe("other macro rules", () => {
  it("expands %{p} as unknown and %{h} as the HELO name", () => {
    expect(expand("%{p}.%{h}")).toBe("unknown.mx.example.org");
  });

  it("expands the escapes %% %_ %-", () => {
    expect(expand("100%%%_sure%-", RFC_VALUES, "modifier")).toBe("100% sure%20");
  });

  it("URL-escapes upper-case letters (RFC 3986 unreserved characters stay)", () => {
    expect(expand("%{S}", { ...RFC_VALUES, s: "a+b c/é~_.-@x" }, "explanation")).toBe("a%2Bb%20c%2F%C3%A9~_.-%40x");
  });

  it("splits on several delimiters at once and joins with dots", () => {
    expect(expand("%{l-+}", { ...RFC_VALUES, l: "a-b+c" })).toBe("a.b.c");
    expect(expand("%{l2r-+}", { ...RFC_VALUES, l: "a-b+c" })).toBe("b.a");
  });

  it("keeps all parts when the digit exceeds their number", () => {
    expect(expand("%{d99}")).toBe("email.example.com");
  });

  it("allows c, r and t only in explanations", () => {
    expect(expand("%{c} %{r} %{t}", RFC_VALUES, "explanation")).toBe("192.0.2.3 receiver.example.net 1700000000");
    expect(parseMacroString("%{c}", "domain-spec").ok).toBe(false);
    expect(parseMacroString("%{t}.x.com", "domain-spec").ok).toBe(false);
  });

  it("allows spaces only in explanations", () => {
    expect(parseMacroString("a b", "explanation").ok).toBe(true);
    expect(parseMacroString("a b", "domain-spec").ok).toBe(false);
  });

  it("marks strings without macros so they need no expansion", () => {
    const plain = parseMacroString("spf.example.com", "domain-spec");
    expect(plain.ok && plain.value.hasMacros).toBe(false);
    const escaped = parseMacroString("a%%b", "modifier");
    expect(escaped.ok && escaped.value.hasMacros).toBe(false);
    expect(escaped.ok && expandMacroString(escaped.value, RFC_VALUES)).toBe("a%b");
  });
});
