/**
 * Route simulation from on-premises to the final recipient: which send connector, smart host vs MX,
 * where the connection lands in EOP, relays between tenants, and what the route assumes.
 */
import { RouteSimulator, selectSendConnector } from "../../src/core/routes/route";
import { Engine } from "../../src/core/simulate";
import { SPF_MICROSOFT, certConnector, tenant, world } from "./support";

const CERT = { subject: "mail.contoso.com", san: ["mail.contoso.com"] };

const w = world({
  tenants: [
    tenant("T1", "F1", ["contoso.com", "contoso.onmicrosoft.com", "contoso.mail.onmicrosoft.com"], {
      inboundConnectors: [certConnector("Inbound from on-premises", "*.contoso.com", { cloudServicesMailEnabled: true })],
    }),
    tenant("T2", "F1", ["fabrikam.com"]),
    tenant("T3", "F2", ["tailspin.com"]),
  ],
  internetDomains: ["example.net"],
  onPremises: [
    {
      name: "Contoso on-premises",
      tenant: "T1",
      servers: [
        { name: "EX01", egressIps: ["131.107.21.231"] },
        { name: "EDGE", egressIps: ["131.107.21.232"] },
        { name: "APP01", egressIps: ["131.107.21.240"] },
      ],
      sendConnectors: [
        { name: "To Office 365", addressSpaces: ["contoso.mail.onmicrosoft.com"], smartHosts: ["contoso-com.mail.protection.outlook.com"], sourceServers: ["EX01"], certificate: CERT, cloudServicesMailEnabled: true },
        { name: "Internet via EOP", addressSpaces: ["*"], smartHosts: ["contoso-com.mail.protection.outlook.com"], sourceServers: ["EX01"], certificate: CERT },
        { name: "Disabled for fabrikam", enabled: false, addressSpaces: ["fabrikam.com"], sourceServers: ["EX01"] },
        { name: "Tailspin by MX", addressSpaces: ["tailspin.com"], sourceServers: ["EX01"] },
        { name: "example.net by MX", addressSpaces: ["example.net"], sourceServers: ["EX01"], certificate: CERT },
        { name: "Wingtip", addressSpaces: ["*.wingtip.example"], smartHosts: ["wingtip.mail.protection.outlook.com"], sourceServers: ["EX01"], certificate: CERT },
        { name: "ISP relay", addressSpaces: ["*"], smartHosts: ["relay.isp.example"], sourceServers: ["EDGE"] },
      ],
      senderDomains: ["contoso.com"],
    },
  ],
  dns: {
    "contoso.com": { txt: ["v=spf1 ip4:131.107.21.224/28 include:spf.protection.outlook.com -all"] },
    "tailspin.com": { mx: ["tailspin-com.mail.protection.outlook.com"] },
    "example.net": {
      mx: [
        { preference: 20, exchange: "example-net.mail.protection.outlook.com" },
        { preference: 10, exchange: "mx1.example.net" },
      ],
    },
    ...SPF_MICROSOFT,
  },
});
const engine = new Engine(w);
const routes = new RouteSimulator(engine);
const org = w.onPremises[0]!;
const server = (name: string) => org.servers.find((s) => s.name === name)!;
const route = (serverName: string, recipient: string, mailFrom = "alice@contoso.com") =>
  routes.fromOnPremises({ org, server: server(serverName), egressIp: server(serverName).egressIps[0]!, mailFrom, recipient });

describe("selectSendConnector", () => {
  const pick = (s: string, domain: string) => selectSendConnector(org, server(s), domain)?.name;

  it("takes the most specific address space: exact, then the longest wildcard, then *", () => {
    expect(pick("EX01", "contoso.mail.onmicrosoft.com")).toBe("To Office 365");
    expect(pick("EX01", "example.net")).toBe("example.net by MX");
    expect(pick("EX01", "shop.wingtip.example")).toBe("Wingtip");
    expect(pick("EX01", "wingtip.example")).toBe("Wingtip");
    expect(pick("EX01", "gmail.example")).toBe("Internet via EOP");
  });

  it("ignores disabled connectors and connectors the server is not a source of", () => {
    expect(pick("EX01", "fabrikam.com")).toBe("Internet via EOP");
    expect(pick("EDGE", "example.net")).toBe("ISP relay");
    expect(pick("APP01", "example.net")).toBeUndefined();
  });
});

describe("RouteSimulator.fromOnPremises", () => {
  it("smart host to a known EOP endpoint: lands in that tenant's forest, presents the connector's certificate", () => {
    const r = route("EX01", "bob@contoso.mail.onmicrosoft.com");
    expect(r.sendConnector?.name).toBe("To Office 365");
    expect(r.assumptions).toEqual([]);
    expect(r.hops.map((h) => h.at)).toEqual(["on-premises", "EOP forest F1"]);
    expect(r.hops[1]!.result!.attribution).toMatchObject({ tenant: "T1", direction: "Originating", by: "certificate" });
    expect(r.hops[1]!.result!.authAs).toBe("Internal");
    expect(r).toMatchObject({ outcome: "delivered", endsAt: "tenant:T1", capturedBy: null });
  });

  it("the send connector's CloudServicesMailEnabled decides AuthAs: without it, Originating is Anonymous (R13)", () => {
    const r = route("EX01", "ext@gmail.example");
    expect(r.sendConnector?.name).toBe("Internet via EOP");
    expect(r.hops[1]!.result).toMatchObject({ attribution: { tenant: "T1", direction: "Originating" }, authAs: "Anonymous", nextHop: "internet", egressPool: "outbound" });
    expect(r).toMatchObject({ outcome: "delivered", endsAt: "internet", finalSpf: "pass" });
  });

  it("relayed to another tenant: a second EOP hop from the egress pool, and the relaying tenant captured it", () => {
    const r = route("EX01", "carol@fabrikam.com");
    expect(r.hops.map((h) => h.at)).toEqual(["on-premises", "EOP forest F1", "EOP forest F1"]);
    expect(r.hops[1]!.result).toMatchObject({ outcome: "relayed", nextHop: "tenant:T2" });
    expect(r.hops[2]!.result!.attribution).toMatchObject({ tenant: "T2", direction: "Incoming", by: "recipient" });
    expect(r).toMatchObject({ outcome: "delivered", endsAt: "tenant:T2", capturedBy: "T1", finalSpf: "pass" });
  });

  it("smart host at an EOP endpoint nobody's domain explains: assumed to land in the hybrid tenant's forest", () => {
    const r = route("EX01", "dan@shop.wingtip.example");
    expect(r.assumptions).toEqual(["smart host wingtip.mail.protection.outlook.com is taken to land in T1's forest F1"]);
    expect(r.hops[1]!.at).toBe("EOP forest F1");
  });

  it("MX routing to another tenant's EOP endpoint lands in that tenant's forest, without a certificate: Incoming (R12)", () => {
    const r = route("EX01", "erin@tailspin.com");
    expect(r.sendConnector?.name).toBe("Tailspin by MX");
    expect(r.hops.map((h) => h.at)).toEqual(["on-premises", "EOP forest F2"]);
    expect(r.hops[0]!.note).toContain("via MX tailspin-com.mail.protection.outlook.com, presenting no certificate");
    expect(r.hops[1]!.result!.attribution).toMatchObject({ tenant: "T3", direction: "Incoming", by: "recipient" });
    // SPF at the receiving tenant is checked against the on-premises address.
    expect(r).toMatchObject({ outcome: "delivered", endsAt: "tenant:T3", capturedBy: null, finalSpf: "pass" });
  });

  it("MX routing follows the lowest preference; an MX outside EOP means direct delivery from the server", () => {
    const r = route("EX01", "frank@example.net");
    expect(r.hops.map((h) => h.at)).toEqual(["on-premises", "internet"]);
    expect(r.hops[0]!.note).toContain("via MX mx1.example.net");
    expect(r).toMatchObject({ outcome: "delivered", endsAt: "internet", finalSpf: "pass", certainty: "documented" });
    const foreign = route("EX01", "frank@example.net", "x@fabrikam.net");
    expect(foreign.finalSpf).toBe("none");
  });

  it("a smart host outside EOP ends the route there", () => {
    const r = route("EDGE", "frank@example.net");
    expect(r).toMatchObject({ outcome: "delivered", endsAt: "smartHost:relay.isp.example", finalSpf: null });
    expect(r.hops).toHaveLength(1);
  });

  it("no send connector for the server: undeliverable", () => {
    expect(route("APP01", "frank@example.net")).toMatchObject({ outcome: "undeliverable", endsAt: "on-premises", sendConnector: undefined });
  });

  it("an EOP rejection ends the route in that forest", () => {
    const r = route("EX01", "ext@gmail.example", "");
    expect(r.outcome).toBe("delivered"); // the null sender relays through the accepted certificate domain
    const noCert = world({
      tenants: [tenant("T1", "F1", ["contoso.com"], { inboundConnectors: [certConnector("Inbound", "other.contoso.com")] })],
      onPremises: [
        {
          name: "Org",
          tenant: "T1",
          servers: [{ name: "S", egressIps: ["131.107.21.231"] }],
          sendConnectors: [{ name: "Smart host", addressSpaces: ["*"], smartHosts: ["contoso-com.mail.protection.outlook.com"], sourceServers: ["S"], certificate: CERT }],
          senderDomains: ["contoso.com"],
        },
      ],
    });
    const o = noCert.onPremises[0]!;
    const rejected = new RouteSimulator(new Engine(noCert)).fromOnPremises({ org: o, server: o.servers[0]!, egressIp: "131.107.21.231", mailFrom: "alice@contoso.com", recipient: "x@gmail.example" });
    expect(rejected).toMatchObject({ outcome: "rejected", endsAt: "EOP forest F1" });
    expect(rejected.hops[1]!.result!.ndr!.code).toBe("550 5.7.64");
  });
});

describe("MX not described", () => {
  const bare = world({
    tenants: [tenant("T1", "F1", ["contoso.com"]), tenant("T2", "F2", ["fabrikam.com"])],
    onPremises: [
      {
        name: "Org",
        tenant: "T1",
        servers: [{ name: "S", egressIps: ["131.107.21.231"] }],
        sendConnectors: [{ name: "DNS", addressSpaces: ["*"], sourceServers: ["S"] }],
        senderDomains: ["contoso.com"],
      },
    ],
  });
  const o = bare.onPremises[0]!;
  const r = (recipient: string) => new RouteSimulator(new Engine(bare)).fromOnPremises({ org: o, server: o.servers[0]!, egressIp: "131.107.21.231", mailFrom: "alice@contoso.com", recipient });

  it("for a domain a tenant accepts, the MX is assumed to be that tenant's EOP endpoint, and the route says so", () => {
    const route2 = r("carol@fabrikam.com");
    expect(route2.hops[1]!.at).toBe("EOP forest F2");
    expect(route2.assumptions).toEqual(["the MX of fabrikam.com is not described; it is taken to point to Exchange Online (T2, forest F2)"]);
  });

  it("for any other domain the server delivers directly", () => {
    expect(r("x@gmail.example")).toMatchObject({ endsAt: "internet", assumptions: [] });
  });
});

describe("RouteSimulator.fromMailbox and fromInternet", () => {
  it("a cloud mailbox starts in its tenant's forest", () => {
    const r = routes.fromMailbox(w.tenants[0]!, "bob@contoso.com", "erin@tailspin.com");
    expect(r.hops.map((h) => h.at)).toEqual(["EOP forest F1", "EOP forest F2"]);
    expect(r).toMatchObject({ outcome: "delivered", endsAt: "tenant:T3", capturedBy: null });
  });

  it("an internet sender lands where the recipient's MX points", () => {
    expect(routes.fromInternet("192.0.2.200", "x@internet-sender.example", "erin@tailspin.com").hops[0]!.at).toBe("EOP forest F2");
    expect(routes.fromInternet("192.0.2.200", "x@internet-sender.example", "frank@example.net")).toMatchObject({ endsAt: "mx:mx1.example.net" });
    expect(routes.fromInternet("192.0.2.200", "x@internet-sender.example", "g@gmail.example")).toMatchObject({ endsAt: "internet" });
  });
});
