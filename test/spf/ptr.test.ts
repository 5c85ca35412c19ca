/**
 * RFC 7208 §5.5 (the ptr mechanism) and §7.3 (the %{p} macro), modelled on the PTR group of the
 * OpenSPF RFC 7208 test suite: evaluators must support ptr although publishers should not use it.
 */
import type { DnsRecords } from "../../src/core/model/schema";
import { parseWorld } from "../../src/core/model/load";
import { checkHost, worldDnsView, type DnsLookupFailure, type SpfCheckResult } from "../../src/core/spf";

type Zone = Record<string, DnsRecords>;

function check(zone: Zone, ip: string, domain = "example.com", failures: DnsLookupFailure[] = []): SpfCheckResult {
  return checkHost(worldDnsView(zone, failures), { ip, domain, sender: `alice@${domain}`, helo: "mail.example.net" });
}

const REVERSE = "3.2.0.192.in-addr.arpa";

describe("the ptr mechanism", () => {
  const base: Zone = {
    [REVERSE]: { ptr: ["mail.example.com"] },
    "mail.example.com": { a: ["192.0.2.3"] },
  };

  it("matches a validated name below the current domain (implicit target)", () => {
    const r = check({ ...base, "example.com": { txt: ["v=spf1 ptr -all"] } }, "192.0.2.3");
    expect(r).toMatchObject({ result: "pass", lookups: 1, matched: { domain: "example.com", term: "ptr" } });
    expect(r.steps.join("\n")).toContain("validated names of 192.0.2.3: mail.example.com");
  });

  it("matches the name itself and compares case-insensitively", () => {
    const zone: Zone = { [REVERSE]: { ptr: ["Example.COM."] }, "example.com": { txt: ["v=spf1 ptr -all"], a: ["192.0.2.3"] } };
    expect(check(zone, "192.0.2.3").result).toBe("pass");
  });

  it("uses an explicit target domain", () => {
    const zone: Zone = { ...base, "example.com": { txt: ["v=spf1 ptr:example.org -all"] }, "example.org": { txt: ["v=spf1 ptr:example.com -all"] } };
    expect(check(zone, "192.0.2.3").result).toBe("fail");
    expect(check(zone, "192.0.2.3", "example.org").result).toBe("pass");
  });

  it("does not match a PTR name whose A records do not point back (not validated)", () => {
    const zone: Zone = { [REVERSE]: { ptr: ["mail.example.com"] }, "mail.example.com": { a: ["192.0.2.99"] }, "example.com": { txt: ["v=spf1 ptr -all"] } };
    expect(check(zone, "192.0.2.3").result).toBe("fail");
  });

  it("does not match a name that only ends with the target's text (notexample.com)", () => {
    const zone: Zone = { [REVERSE]: { ptr: ["mail.notexample.com"] }, "mail.notexample.com": { a: ["192.0.2.3"] }, "example.com": { txt: ["v=spf1 ptr -all"] } };
    expect(check(zone, "192.0.2.3").result).toBe("fail");
  });

  it("fails to match, without temperror, when the PTR lookup fails", () => {
    const zone: Zone = { ...base, "example.com": { txt: ["v=spf1 ptr -all"] } };
    expect(check(zone, "192.0.2.3", "example.com", [{ name: REVERSE, type: "ptr", code: "ESERVFAIL" }]).result).toBe("fail");
  });

  it("skips a name whose address lookup fails and goes on with the next", () => {
    const zone: Zone = {
      [REVERSE]: { ptr: ["broken.example.com", "mail.example.com"] },
      "mail.example.com": { a: ["192.0.2.3"] },
      "example.com": { txt: ["v=spf1 ptr -all"] },
    };
    expect(check(zone, "192.0.2.3", "example.com", [{ name: "broken.example.com", type: "a", code: "ETIMEOUT" }]).result).toBe("pass");
  });

  it("looks at the first 10 PTR names only (RFC 7208 §4.6.4)", () => {
    const names = Array.from({ length: 11 }, (_, i) => `h${i}.example.net`);
    const zone: Zone = { [REVERSE]: { ptr: [...names.slice(0, 10), "mail.example.com"] }, "mail.example.com": { a: ["192.0.2.3"] }, "example.com": { txt: ["v=spf1 ptr -all"] } };
    expect(check(zone, "192.0.2.3").result).toBe("fail");
  });

  it("validates IPv6 clients through ip6.arpa and AAAA records", () => {
    const nibbles = "20010db8000000000000000000000001".split("").reverse().join(".");
    const zone: Zone = { [`${nibbles}.ip6.arpa`]: { ptr: ["mail.example.com"] }, "mail.example.com": { aaaa: ["2001:db8::1"] }, "example.com": { txt: ["v=spf1 ptr -all"] } };
    expect(check(zone, "2001:db8::1").result).toBe("pass");
    expect(check(zone, "2001:db8::2").result).toBe("fail");
  });

  it("costs one of the 10 DNS-querying terms", () => {
    const zone: Zone = { ...base, "example.com": { txt: [`v=spf1 ${Array.from({ length: 11 }, () => "ptr:example.org").join(" ")} -all`] } };
    expect(check(zone, "192.0.2.3").result).toBe("permerror");
  });
});

describe("the %{p} macro", () => {
  const zone: Zone = {
    [REVERSE]: { ptr: ["other.example.net", "mail.example.com"] },
    "other.example.net": { a: ["192.0.2.3"] },
    "mail.example.com": { a: ["192.0.2.3"] },
    "example.com": { txt: ["v=spf1 exists:%{p}.allow.example.com -all"] },
    "mail.example.com.allow.example.com": { a: ["127.0.0.2"] },
  };

  it("expands to a validated subdomain of the current domain before any other validated name", () => {
    expect(check(zone, "192.0.2.3").result).toBe("pass");
  });

  it("expands to another validated name when none is in the domain", () => {
    const z: Zone = { ...zone, [REVERSE]: { ptr: ["other.example.net"] }, "other.example.net.allow.example.com": { a: ["127.0.0.2"] } };
    expect(check(z, "192.0.2.3").result).toBe("pass");
  });

  it('expands to "unknown" without a validated name', () => {
    const z: Zone = { ...zone, "unknown.allow.example.com": { a: ["127.0.0.2"] } };
    delete z[REVERSE];
    expect(check(z, "192.0.2.3").result).toBe("pass");
    expect(check({ ...z, "unknown.allow.example.com": {} }, "192.0.2.3").result).toBe("fail");
  });

  it("works in explanations", () => {
    const z: Zone = { ...zone, "example.com": { txt: ["v=spf1 -all exp=why.example.com"] }, "why.example.com": { txt: ["%{p} is not allowed"] } };
    expect(check(z, "192.0.2.3").explanation).toBe("mail.example.com is not allowed");
  });
});

it("a world's dns holds PTR records under the reverse name, lower-cased", () => {
  const world = parseWorld({
    tenants: [{ id: "T", forest: "EU1", acceptedDomains: [{ domain: "example.com" }] }],
    dns: { [REVERSE]: { ptr: ["Mail.Example.com."] } },
  });
  expect(world.dns[REVERSE]!.ptr).toEqual(["mail.example.com"]);
});
