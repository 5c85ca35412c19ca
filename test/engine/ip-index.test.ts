/**
 * R6: the IP index of a forest's OnPremises connectors. Ranges of /24 to /32 live in per-/24 buckets,
 * wider ones (which Exchange Online refuses but a world may describe) in a list scanned every time;
 * both must answer exactly like a plain CIDR test.
 */
import { ipv4ToNumber, maskOf, parseIpv4Range, rangeContains, rangesOverlap } from "../../src/core/net/ipv4";
import { WorldIndex } from "../../src/core/model/world-index";
import { Engine } from "../../src/core/simulate";
import { ipConnector, message, tenant, world } from "./support";

function indexWith(connectors: Array<{ tenant: string; name: string; ips: string[]; type?: "OnPremises" | "Partner"; enabled?: boolean; forest?: string }>) {
  const byTenant = new Map<string, { forest: string; list: object[] }>();
  for (const c of connectors) {
    const t = byTenant.get(c.tenant) ?? { forest: c.forest ?? "F1", list: [] };
    t.list.push({ name: c.name, connectorType: c.type ?? "OnPremises", senderIPAddresses: c.ips, enabled: c.enabled ?? true });
    byTenant.set(c.tenant, t);
  }
  const w = world({ tenants: [...byTenant].map(([id, t]) => tenant(id, t.forest, [`${id.toLowerCase()}.example`], { inboundConnectors: t.list })) });
  return new WorldIndex(w);
}

const lookup = (index: WorldIndex, ip: string, forest = "F1") => index.forest(forest)!.connectorsByIp(ipv4ToNumber(ip)).map((r) => `${r.tenant.id}/${r.connector.name}`);

describe("ipv4 helpers", () => {
  it("converts dotted quads to unsigned numbers, including the top of the space", () => {
    expect(ipv4ToNumber("0.0.0.0")).toBe(0);
    expect(ipv4ToNumber("10.20.30.40")).toBe(((10 * 256 + 20) * 256 + 30) * 256 + 40);
    expect(ipv4ToNumber("255.255.255.255")).toBe(4294967295);
  });

  it("masks are unsigned", () => {
    expect(maskOf(0)).toBe(0);
    expect(maskOf(24)).toBe(0xffffff00);
    expect(maskOf(32)).toBe(0xffffffff);
  });

  it("normalises a range written with host bits to its network", () => {
    const r = parseIpv4Range("131.107.21.231/24");
    expect(r).toMatchObject({ base: ipv4ToNumber("131.107.21.0"), prefix: 24, text: "131.107.21.231/24" });
    expect(parseIpv4Range("131.107.21.231")).toMatchObject({ base: ipv4ToNumber("131.107.21.231"), prefix: 32 });
  });

  it("contains and overlaps at the boundaries", () => {
    const r = parseIpv4Range("131.107.21.224/28");
    expect(rangeContains(r, ipv4ToNumber("131.107.21.224"))).toBe(true);
    expect(rangeContains(r, ipv4ToNumber("131.107.21.239"))).toBe(true);
    expect(rangeContains(r, ipv4ToNumber("131.107.21.240"))).toBe(false);
    expect(rangeContains(r, ipv4ToNumber("131.107.21.223"))).toBe(false);
    expect(rangesOverlap(r, parseIpv4Range("131.107.21.231"))).toBe(true);
    expect(rangesOverlap(r, parseIpv4Range("131.107.21.0/27"))).toBe(false);
    expect(rangesOverlap(parseIpv4Range("131.107.0.0/16"), r)).toBe(true);
  });
});

describe("ForestIndex.connectorsByIp", () => {
  it("a /32 matches exactly its address", () => {
    const index = indexWith([{ tenant: "T1", name: "Host", ips: ["131.107.21.231"] }]);
    expect(lookup(index, "131.107.21.231")).toEqual(["T1/Host"]);
    expect(lookup(index, "131.107.21.230")).toEqual([]);
    expect(lookup(index, "131.107.21.232")).toEqual([]);
  });

  it("/25 to /31 ranges match inside their bounds only", () => {
    const index = indexWith([
      { tenant: "T1", name: "Upper half", ips: ["131.107.21.128/25"] },
      { tenant: "T2", name: "Pair", ips: ["131.107.21.10/31"] },
    ]);
    expect(lookup(index, "131.107.21.128")).toEqual(["T1/Upper half"]);
    expect(lookup(index, "131.107.21.255")).toEqual(["T1/Upper half"]);
    expect(lookup(index, "131.107.21.127")).toEqual([]);
    expect(lookup(index, "131.107.21.10")).toEqual(["T2/Pair"]);
    expect(lookup(index, "131.107.21.11")).toEqual(["T2/Pair"]);
    expect(lookup(index, "131.107.21.12")).toEqual([]);
  });

  it("a /24 covers .0 to .255 and nothing of the neighbouring /24s", () => {
    const index = indexWith([{ tenant: "T1", name: "Subnet", ips: ["131.107.21.0/24"] }]);
    expect(lookup(index, "131.107.21.0")).toEqual(["T1/Subnet"]);
    expect(lookup(index, "131.107.21.255")).toEqual(["T1/Subnet"]);
    expect(lookup(index, "131.107.20.255")).toEqual([]);
    expect(lookup(index, "131.107.22.0")).toEqual([]);
  });

  it("ranges wider than /24 match across many /24s, to their exact bounds", () => {
    const index = indexWith([
      { tenant: "T1", name: "Block /22", ips: ["131.107.20.0/22"] },
      { tenant: "T2", name: "Block /16", ips: ["52.100.0.0/16"] },
    ]);
    for (const ip of ["131.107.20.0", "131.107.21.17", "131.107.23.255"]) expect(lookup(index, ip)).toEqual(["T1/Block /22"]);
    for (const ip of ["131.107.19.255", "131.107.24.0"]) expect(lookup(index, ip)).toEqual([]);
    for (const ip of ["52.100.0.0", "52.100.128.7", "52.100.255.255"]) expect(lookup(index, ip)).toEqual(["T2/Block /16"]);
    expect(lookup(index, "52.101.0.0")).toEqual([]);
  });

  it("a /0 matches every address (a world may say it; Exchange Online would not)", () => {
    const index = indexWith([{ tenant: "T1", name: "Everything", ips: ["0.0.0.0/0"] }]);
    expect(lookup(index, "1.2.3.4")).toEqual(["T1/Everything"]);
    expect(lookup(index, "255.255.255.255")).toEqual(["T1/Everything"]);
  });

  it("handles addresses with the top bit set in buckets and wide ranges", () => {
    const index = indexWith([
      { tenant: "T1", name: "High /24", ips: ["250.1.2.0/24"] },
      { tenant: "T2", name: "High /8", ips: ["240.0.0.0/8"] },
    ]);
    expect(lookup(index, "250.1.2.3")).toEqual(["T1/High /24"]);
    expect(lookup(index, "240.9.9.9")).toEqual(["T2/High /8"]);
    expect(lookup(index, "250.1.3.3")).toEqual([]);
  });

  it("returns a connector once even when several of its entries match, and every matching connector", () => {
    const index = indexWith([
      { tenant: "T1", name: "Overlapping", ips: ["131.107.21.231", "131.107.21.0/24", "131.107.0.0/16"] },
      { tenant: "T2", name: "Shared", ips: ["131.107.21.224/28"] },
      { tenant: "T1", name: "Second", ips: ["131.107.21.231/32"] },
    ]);
    expect(lookup(index, "131.107.21.231").sort()).toEqual(["T1/Overlapping", "T1/Second", "T2/Shared"]);
    expect(lookup(index, "131.107.99.1")).toEqual(["T1/Overlapping"]);
  });

  it("indexes OnPremises connectors only, enabled or not, per forest", () => {
    const index = indexWith([
      { tenant: "T1", name: "Partner", ips: ["131.107.21.231"], type: "Partner" },
      { tenant: "T1", name: "Disabled", ips: ["131.107.21.231"], enabled: false },
      { tenant: "T2", name: "Other forest", ips: ["131.107.21.231"], forest: "F2" },
    ]);
    expect(lookup(index, "131.107.21.231")).toEqual(["T1/Disabled"]);
    expect(lookup(index, "131.107.21.231", "F2")).toEqual(["T2/Other forest"]);
  });
});

describe("the IP step (R6)", () => {
  const shared = world({
    tenants: [
      tenant("T1", "F1", ["contoso.com"], { inboundConnectors: [ipConnector("Gateway", ["131.107.21.0/24"])] }),
      tenant("T2", "F1", ["fabrikam.com"], { inboundConnectors: [ipConnector("Gateway", ["131.107.21.231"])] }),
    ],
  });
  const attribute = (mailFrom: string, ip = "131.107.21.231") =>
    new Engine(shared).attribute(message(shared, { forest: "F1", tls: null, connectingIp: ip, mailFrom, rcptTo: ["ext@example.org"] })).attribution;

  it("narrows the connectors that list the IP to the tenant accepting the MAIL FROM domain", () => {
    expect(attribute("alice@contoso.com")).toEqual({ tenant: "T1", direction: "Originating", by: "mailfrom", connector: "Gateway" });
    expect(attribute("carol@fabrikam.com")).toEqual({ tenant: "T2", direction: "Originating", by: "mailfrom", connector: "Gateway" });
  });

  it("never matches the null sender or a foreign MAIL FROM", () => {
    expect(attribute("").tenant).toBeNull();
    expect(attribute("x@example.org").tenant).toBeNull();
  });

  it("does not match an address outside the ranges", () => {
    expect(attribute("carol@fabrikam.com", "131.107.21.230").tenant).toBeNull();
    expect(attribute("alice@contoso.com", "131.107.21.230").tenant).toBe("T1");
  });
});
