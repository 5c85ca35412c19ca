import { checkHost, DnsTemporaryError, dnsKey, worldDnsView } from "../../src/core/spf";

describe("worldDnsView", () => {
  const view = worldDnsView(
    {
      "contoso.com": { txt: ["v=spf1 -all"], a: ["192.0.2.1"], aaaa: [], mx: [{ preference: 10, exchange: "mail.contoso.com" }] },
      "empty.contoso.com": {},
    },
    [{ name: "Flaky.Contoso.com.", type: "a", code: "ESERVFAIL" }],
  );

  it("answers from the map, matching names case-insensitively with or without the root dot", () => {
    expect(view.txt("CONTOSO.COM.")).toEqual(["v=spf1 -all"]);
    expect(view.a("contoso.com")).toEqual(["192.0.2.1"]);
    expect(view.mx("contoso.com")).toEqual([{ preference: 10, exchange: "mail.contoso.com" }]);
  });

  it("treats absent names, absent types and empty lists alike: undefined (a void lookup)", () => {
    expect(view.txt("nowhere.example")).toBeUndefined();
    expect(view.txt("empty.contoso.com")).toBeUndefined();
    expect(view.aaaa("contoso.com")).toBeUndefined();
  });

  it("does not read names from the object prototype", () => {
    expect(view.txt("constructor")).toBeUndefined();
    expect(view.a("__proto__")).toBeUndefined();
    expect(view.mx("hasOwnProperty")).toBeUndefined();
  });

  it("throws DnsTemporaryError for listed failures, for that type only", () => {
    let thrown: unknown;
    try {
      view.a("flaky.contoso.com");
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(DnsTemporaryError);
    expect((thrown as DnsTemporaryError).failure).toEqual({ name: "Flaky.Contoso.com.", type: "a", code: "ESERVFAIL" });
    expect((thrown as DnsTemporaryError).message).toBe("DNS A lookup of Flaky.Contoso.com. failed (ESERVFAIL)");
    expect(view.txt("flaky.contoso.com")).toBeUndefined();
  });

  it("normalises keys with dnsKey", () => {
    expect(dnsKey("Mail.Contoso.COM.")).toBe("mail.contoso.com");
  });
});

describe("client addresses", () => {
  const view = worldDnsView({ "contoso.com": { txt: ["v=spf1 ip4:192.0.2.0/24 -all"] } });
  it.each(["010.0.0.1", "1.2.3.4.5", "1.2.3", "256.1.1.1", "fe80::1%eth0", "", "192.0.2.1/32"])("rejects %j with a TypeError", (ip) => {
    expect(() => checkHost(view, { ip, domain: "contoso.com", sender: "a@contoso.com" })).toThrow(TypeError);
  });

  it("accepts surrounding whitespace and IPv4-mapped IPv6", () => {
    expect(checkHost(view, { ip: " 192.0.2.7 ", domain: "contoso.com", sender: "a@contoso.com" }).result).toBe("pass");
    expect(checkHost(view, { ip: "::FFFF:192.0.2.7", domain: "contoso.com", sender: "a@contoso.com" }).result).toBe("pass");
  });
});
