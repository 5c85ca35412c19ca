import { promises as dnsPromises } from "node:dns";
import { startDnsServer, type RunningDnsServer } from "../../src/testing/dns-server";

const LONG_SPF = `v=spf1 ${Array.from({ length: 40 }, (_, i) => `ip4:192.0.2.${i}`).join(" ")} -all`;
const HUGE_SPF = `v=spf1 ${Array.from({ length: 200 }, (_, i) => `ip4:198.51.${Math.floor(i / 250)}.${i % 250}`).join(" ")} -all`;

describe("startDnsServer", () => {
  let server: RunningDnsServer;
  let resolver: dnsPromises.Resolver;

  beforeAll(async () => {
    server = await startDnsServer(
      {
        "Contoso.com.": {
          txt: ["v=spf1 include:spf.protection.outlook.com -all", "MS=ms12345678"],
          mx: [{ preference: 0, exchange: "contoso-com.mail.protection.outlook.com" }, "backup.contoso.com"],
          a: ["198.51.100.10"],
          aaaa: ["2001:db8::10"],
        },
        "long.example.com": { txt: [LONG_SPF] },
        "huge.example.com": { txt: [HUGE_SPF] },
        "mail._domainkey.deep.example.com": { txt: ["v=DKIM1; p="] },
      },
      { failures: { "broken.example.com": "servfail", "refused.example.com": "refused" } },
    );
    resolver = new dnsPromises.Resolver({ timeout: 2000, tries: 1 });
    resolver.setServers([server.address]);
  });

  afterAll(async () => {
    resolver.cancel();
    await server.close();
  });

  it("listens on an ephemeral loopback port and reports it as host:port", () => {
    expect(server.host).toBe("127.0.0.1");
    expect(server.port).toBeGreaterThan(0);
    expect(server.address).toBe(`127.0.0.1:${server.port}`);
  });

  it("answers TXT, A, AAAA and MX, matching names case-insensitively", async () => {
    expect(await resolver.resolveTxt("contoso.com")).toEqual([["v=spf1 include:spf.protection.outlook.com -all"], ["MS=ms12345678"]]);
    expect(await resolver.resolve4("CONTOSO.com")).toEqual(["198.51.100.10"]);
    expect(await resolver.resolve6("contoso.com")).toEqual(["2001:db8::10"]);
    const mx = await resolver.resolveMx("contoso.com");
    expect(mx.sort((a, b) => a.priority - b.priority)).toEqual([
      { priority: 0, exchange: "contoso-com.mail.protection.outlook.com" },
      { priority: 10, exchange: "backup.contoso.com" },
    ]);
  });

  it("answers NXDOMAIN for absent names and NODATA for absent types", async () => {
    await expect(resolver.resolveTxt("nothing.example.com")).rejects.toMatchObject({ code: "ENOTFOUND" });
    await expect(resolver.resolve4("long.example.com")).rejects.toMatchObject({ code: "ENODATA" });
  });

  it("answers NODATA, not NXDOMAIN, for an empty non-terminal", async () => {
    await expect(resolver.resolveTxt("_domainkey.deep.example.com")).rejects.toMatchObject({ code: "ENODATA" });
    await expect(resolver.resolveTxt("deep.example.com")).rejects.toMatchObject({ code: "ENODATA" });
  });

  it("splits TXT data longer than 255 octets into character-strings", async () => {
    const [record] = await resolver.resolveTxt("long.example.com");
    expect(LONG_SPF.length).toBeGreaterThan(255);
    expect(record!.length).toBe(Math.ceil(LONG_SPF.length / 255));
    expect(record!.slice(0, -1).every((chunk) => chunk.length === 255)).toBe(true);
    expect(record!.join("")).toBe(LONG_SPF);
  });

  it("serves answers too large for UDP over TCP after truncation", async () => {
    const before = server.queries.length;
    const [record] = await resolver.resolveTxt("huge.example.com");
    expect(record!.join("")).toBe(HUGE_SPF);
    const asked = server.queries.slice(before).filter((q) => q.name === "huge.example.com");
    expect(asked.map((q) => q.transport)).toEqual(["udp", "tcp"]);
  });

  it("simulates SERVFAIL and REFUSED for configured names", async () => {
    await expect(resolver.resolveTxt("broken.example.com")).rejects.toMatchObject({ code: "ESERVFAIL" });
    await expect(resolver.resolve4("refused.example.com")).rejects.toMatchObject({ code: "EREFUSED" });
  });

  it("logs every question", () => {
    expect(server.queries).toContainEqual({ name: "contoso.com", type: "MX", transport: "udp" });
  });
});

describe("startDnsServer timeouts and shutdown", () => {
  it("never answers names configured to time out", async () => {
    const server = await startDnsServer({}, { failures: { "slow.example.com": "timeout" } });
    const resolver = new dnsPromises.Resolver({ timeout: 200, tries: 1 });
    resolver.setServers([server.address]);
    try {
      await expect(resolver.resolveTxt("slow.example.com")).rejects.toMatchObject({ code: "ETIMEOUT" });
    } finally {
      resolver.cancel();
      await server.close();
    }
  });

  it("closes promptly, and twice safely, and its port stops answering", async () => {
    const server = await startDnsServer({ "a.example.com": { a: ["192.0.2.1"] } });
    const resolver = new dnsPromises.Resolver({ timeout: 200, tries: 1 });
    resolver.setServers([server.address]);
    expect(await resolver.resolve4("a.example.com")).toEqual(["192.0.2.1"]);
    const started = Date.now();
    await Promise.all([server.close(), server.close()]);
    expect(Date.now() - started).toBeLessThan(2000);
    await expect(resolver.resolve4("a.example.com")).rejects.toHaveProperty("code");
    resolver.cancel();
  });

  it("runs several servers side by side on different ports", async () => {
    const [one, two] = await Promise.all([startDnsServer({ "x.example.com": { a: ["192.0.2.1"] } }), startDnsServer({ "x.example.com": { a: ["192.0.2.2"] } })]);
    try {
      expect(one.port).not.toBe(two.port);
      const r1 = new dnsPromises.Resolver({ timeout: 1000, tries: 1 });
      const r2 = new dnsPromises.Resolver({ timeout: 1000, tries: 1 });
      r1.setServers([one.address]);
      r2.setServers([two.address]);
      expect(await r1.resolve4("x.example.com")).toEqual(["192.0.2.1"]);
      expect(await r2.resolve4("x.example.com")).toEqual(["192.0.2.2"]);
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });
});
