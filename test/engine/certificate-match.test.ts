/**
 * R2/R3/R4/R5: which OnPremises connectors a presented certificate matches (wildcard depth, exact vs
 * wildcard precision), and which tenant the certificate step then attributes the message to.
 */
import { matchCertificate } from "../../src/core/attribution/certificate-match";
import { Engine } from "../../src/core/simulate";
import { WorldIndex } from "../../src/core/model/world-index";
import { certConnector, message, tenant, world } from "./support";

function forestOf(w: ReturnType<typeof world>, name = "F1") {
  return new WorldIndex(w).forest(name)!;
}

/** One tenant per connector, so the matches can be told apart by tenant id. */
function oneConnectorPerTenant(names: string[]) {
  return world({
    tenants: names.map((n, i) => tenant(`T${i}`, "F1", [`t${i}.example`], { inboundConnectors: [certConnector(`C${i}`, n)] })),
  });
}

function matched(names: string[], presented: string[]) {
  return matchCertificate(forestOf(oneConnectorPerTenant(names)), presented).map((m) => ({
    name: m.ref.connector.tlsSenderCertificateName,
    presented: m.presented,
    wildcard: m.wildcard,
    deep: m.deep,
    specificity: m.specificity,
  }));
}

describe("matchCertificate: exact names", () => {
  it("matches a connector with exactly the presented name", () => {
    expect(matched(["mail.contoso.com"], ["mail.contoso.com"])).toEqual([{ name: "mail.contoso.com", presented: "mail.contoso.com", wildcard: false, deep: false, specificity: 1003 }]);
  });

  it("does not match a sibling, a parent or a child name", () => {
    for (const presented of ["mail2.contoso.com", "contoso.com", "a.mail.contoso.com"]) expect(matched(["mail.contoso.com"], [presented])).toEqual([]);
  });

  it("matches on any SAN, not only the subject", () => {
    expect(matched(["autodiscover.contoso.com"], ["mail.contoso.com", "autodiscover.contoso.com"]).map((m) => m.presented)).toEqual(["autodiscover.contoso.com"]);
  });
});

describe("matchCertificate: wildcard depth (R3, X3)", () => {
  it("*.contoso.com matches the base domain itself and one label below it", () => {
    expect(matched(["*.contoso.com"], ["contoso.com"])).toEqual([{ name: "*.contoso.com", presented: "contoso.com", wildcard: true, deep: false, specificity: 2 }]);
    expect(matched(["*.contoso.com"], ["mail.contoso.com"])).toEqual([{ name: "*.contoso.com", presented: "mail.contoso.com", wildcard: true, deep: false, specificity: 2 }]);
  });

  it("matches names two or more labels below the base, flagged deep (cmdlet: all subdomains; KB 4019940 doubts it)", () => {
    expect(matched(["*.contoso.com"], ["host.sub.contoso.com"])).toEqual([{ name: "*.contoso.com", presented: "host.sub.contoso.com", wildcard: true, deep: true, specificity: 2 }]);
    expect(matched(["*.contoso.com"], ["a.b.c.contoso.com"])[0]).toMatchObject({ deep: true });
  });

  it("only matches at label boundaries", () => {
    for (const presented of ["mailcontoso.com", "contoso.com.evil.example", "contoso.co", "com"]) expect(matched(["*.contoso.com"], [presented])).toEqual([]);
  });

  it("a wildcard certificate name matches only the same wildcard on a connector", () => {
    expect(matched(["*.contoso.com"], ["*.contoso.com"])).toEqual([{ name: "*.contoso.com", presented: "*.contoso.com", wildcard: true, deep: false, specificity: 1003 }]);
    expect(matched(["mail.contoso.com"], ["*.contoso.com"])).toEqual([]);
    expect(matched(["*.com"], ["*.contoso.com"])).toEqual([]);
  });

  it("keeps the best of several presented names for one connector, preferring a shallow match at equal precision", () => {
    const m = matched(["*.contoso.com"], ["a.b.contoso.com", "mail.contoso.com"]);
    expect(m).toEqual([{ name: "*.contoso.com", presented: "mail.contoso.com", wildcard: true, deep: false, specificity: 2 }]);
  });
});

describe("matchCertificate: precision order (R5)", () => {
  const names = ["*.contoso.com", "*.mail.contoso.com", "host.mail.contoso.com"];

  it("exact beats a longer wildcard base, which beats a shorter one", () => {
    const m = matched(names, ["host.mail.contoso.com"]);
    const byName = Object.fromEntries(m.map((x) => [x.name, x.specificity]));
    expect(byName["host.mail.contoso.com"]).toBeGreaterThan(byName["*.mail.contoso.com"]!);
    expect(byName["*.mail.contoso.com"]).toBeGreaterThan(byName["*.contoso.com"]!);
    expect(m.find((x) => x.name === "*.contoso.com")!.deep).toBe(true);
    expect(m.find((x) => x.name === "*.mail.contoso.com")!.deep).toBe(false);
  });

  it("an exact name of a short domain still beats a wildcard of a long one", () => {
    const m = matched(["contoso.com", "*.contoso.com"], ["contoso.com"]);
    expect(m.find((x) => !x.wildcard)!.specificity).toBeGreaterThan(m.find((x) => x.wildcard)!.specificity);
  });
});

describe("matchCertificate: what is indexed", () => {
  it("returns disabled OnPremises connectors (the caller decides), never Partner connectors", () => {
    const w = world({
      tenants: [
        tenant("T1", "F1", ["contoso.com"], {
          inboundConnectors: [certConnector("Disabled", "*.contoso.com", { enabled: false }), { name: "Partner", connectorType: "Partner", tlsSenderCertificateName: "mail.contoso.com" }],
        }),
      ],
    });
    expect(matchCertificate(forestOf(w), ["mail.contoso.com"]).map((m) => m.ref.connector.name)).toEqual(["Disabled"]);
  });

  it("searches only the forest it belongs to", () => {
    const w = world({
      tenants: [tenant("T1", "F1", ["contoso.com"], { inboundConnectors: [certConnector("C", "*.contoso.com")] }), tenant("T2", "F2", ["fabrikam.com"])],
    });
    const index = new WorldIndex(w);
    expect(matchCertificate(index.forest("F1")!, ["mail.contoso.com"])).toHaveLength(1);
    expect(matchCertificate(index.forest("F2")!, ["mail.contoso.com"])).toEqual([]);
  });

  it("gives the same answer when asked again (memoised)", () => {
    const forest = forestOf(oneConnectorPerTenant(["*.contoso.com", "mail.contoso.com"]));
    const first = matchCertificate(forest, ["mail.contoso.com"]);
    expect(matchCertificate(forest, ["mail.contoso.com"])).toEqual(first);
    expect(first).toHaveLength(2);
  });
});

describe("the certificate step across tenants", () => {
  const relay = (w: ReturnType<typeof world>, names: string[], mailFrom = "") =>
    new Engine(w).attribute(message(w, { forest: "F1", tls: { subject: names[0], san: names }, connectingIp: "198.51.100.10", mailFrom, rcptTo: ["ext@example.org"] }));

  it("exact beats wildcard across tenants, and says the metric is undocumented", () => {
    const w = world({
      tenants: [
        tenant("T1", "F1", ["contoso.com"], { inboundConnectors: [certConnector("Wildcard", "*.contoso.com")] }),
        tenant("T2", "F1", ["fabrikam.com", "mail.fabrikam.com"], { inboundConnectors: [certConnector("Exact", "mail.fabrikam.com")] }),
      ],
    });
    const r = relay(w, ["mail.contoso.com", "mail.fabrikam.com"]);
    expect(r.attribution).toEqual({ tenant: "T2", direction: "Originating", by: "certificate", connector: "Exact" });
    expect(r.certainty).toBe("uncertain");
  });

  it("two connectors of the same tenant are no contest: documented", () => {
    const w = world({
      tenants: [
        tenant("T1", "F1", ["contoso.com", "mail.contoso.com"], {
          inboundConnectors: [certConnector("HCW wildcard", "*.contoso.com"), certConnector("Exact", "mail.contoso.com")],
        }),
      ],
    });
    const r = relay(w, ["mail.contoso.com"]);
    expect(r.attribution).toMatchObject({ tenant: "T1", by: "certificate", connector: "Exact" });
    expect(r.certainty).toBe("documented");
  });

  it("equally precise matches in two tenants attribute nobody by certificate", () => {
    const w = world({
      tenants: [
        tenant("T1", "F1", ["contoso.com"], { inboundConnectors: [certConnector("C", "*.contoso.com")] }),
        tenant("T2", "F1", ["fabrikam.com"], { inboundConnectors: [certConnector("F", "*.fabrikam.com")] }),
      ],
    });
    const r = relay(w, ["mail.contoso.com", "mail.fabrikam.com"]);
    expect(r.attribution.tenant).toBeNull();
    expect(r.certainty).toBe("uncertain");
  });

  it("a more precise match whose certificate domain is not accepted does not compete (R4 before R5)", () => {
    const w = world({
      tenants: [
        tenant("T1", "F1", ["contoso.com"], { inboundConnectors: [certConnector("Wildcard", "*.contoso.com")] }),
        tenant("T2", "F1", ["fabrikam.com"], { inboundConnectors: [certConnector("Not accepted", "mail.contoso.com")] }),
      ],
    });
    const r = relay(w, ["mail.contoso.com"]);
    expect(r.attribution).toMatchObject({ tenant: "T1", by: "certificate", connector: "Wildcard" });
    expect(r.certainty).toBe("documented");
  });

  it("a disabled connector is passed over for an enabled one of another tenant", () => {
    const w = world({
      tenants: [
        tenant("T1", "F1", ["contoso.com", "mail.contoso.com"], { inboundConnectors: [certConnector("Disabled exact", "mail.contoso.com", { enabled: false })] }),
        tenant("T2", "F1", ["fabrikam.com"], { inboundConnectors: [certConnector("Shared", "*.fabrikam.com")] }),
      ],
    });
    expect(relay(w, ["mail.contoso.com", "mail.fabrikam.com"]).attribution).toMatchObject({ tenant: "T2", connector: "Shared" });
  });

  it("the wildcard base must be accepted (R4), or a domain below it under the 2017 reading (X3)", () => {
    const base = (domains: string[]) => world({ tenants: [tenant("T1", "F1", domains, { inboundConnectors: [certConnector("HCW", "*.contoso.com")] })] });
    expect(relay(base(["contoso.com"]), ["mail.contoso.com"])).toMatchObject({ attribution: { tenant: "T1", by: "certificate" }, certainty: "documented" });
    expect(relay(base(["jpn.contoso.com"]), ["mail.contoso.com"])).toMatchObject({ attribution: { tenant: "T1", by: "certificate" }, certainty: "uncertain" });
    expect(relay(base(["contoso.net"]), ["mail.contoso.com"]).attribution.tenant).toBeNull();
  });
});
