/**
 * Accepted-domain ownership (§3): exact domains, MatchSubDomains (X4), the nearest accepted parent,
 * and R4's certificate-domain check built on it (X3 readings of wildcards and host names).
 */
import { certificateDomainStatus } from "../../src/core/attribution/originating";
import { WorldIndex, connectorRef } from "../../src/core/model/world-index";
import { certConnector, tenant, world } from "./support";

const w = world({
  tenants: [
    tenant("T1", "F1", [
      { domain: "contoso.com", type: "InternalRelay", matchSubDomains: true },
      "contoso.onmicrosoft.com",
      { domain: "sales.contoso.com" },
    ]),
    tenant("T2", "F1", ["fabrikam.com", { domain: "eu.contoso.com" }]),
    tenant("T3", "F2", ["tailspin.com", "jpn.tailspin.net"], { recipients: ["ann@tailspin.com"] }),
  ],
});
const index = new WorldIndex(w);
const owner = (d: string) => {
  const o = index.ownerOf(d);
  return o && { tenant: o.tenant.id, domain: o.accepted.domain, viaMatchSubDomains: o.viaMatchSubDomains };
};

describe("WorldIndex.ownerOf", () => {
  it("finds exact accepted domains", () => {
    expect(owner("contoso.com")).toEqual({ tenant: "T1", domain: "contoso.com", viaMatchSubDomains: false });
    expect(owner("fabrikam.com")).toEqual({ tenant: "T2", domain: "fabrikam.com", viaMatchSubDomains: false });
    expect(owner("tailspin.com")).toEqual({ tenant: "T3", domain: "tailspin.com", viaMatchSubDomains: false });
  });

  it("covers subdomains at any depth through MatchSubDomains, and says so", () => {
    expect(owner("branch.contoso.com")).toEqual({ tenant: "T1", domain: "contoso.com", viaMatchSubDomains: true });
    expect(owner("a.b.contoso.com")).toEqual({ tenant: "T1", domain: "contoso.com", viaMatchSubDomains: true });
  });

  it("does not cover subdomains of a domain without MatchSubDomains", () => {
    expect(owner("mail.fabrikam.com")).toBeUndefined();
    expect(owner("x.tailspin.com")).toBeUndefined();
  });

  it("an exact accepted subdomain beats the MatchSubDomains parent, even in another tenant", () => {
    expect(owner("sales.contoso.com")).toEqual({ tenant: "T1", domain: "sales.contoso.com", viaMatchSubDomains: false });
    expect(owner("eu.contoso.com")).toEqual({ tenant: "T2", domain: "eu.contoso.com", viaMatchSubDomains: false });
  });

  it("the nearest accepted parent decides: one without MatchSubDomains shadows a MatchSubDomains grandparent", () => {
    expect(owner("paris.eu.contoso.com")).toBeUndefined();
    expect(owner("x.sales.contoso.com")).toBeUndefined();
  });

  it("the null sender and unrelated domains have no owner", () => {
    expect(owner("")).toBeUndefined();
    expect(owner("contoso.net")).toBeUndefined();
    expect(owner("com")).toBeUndefined();
  });

  it("acceptedIn answers for one tenant only", () => {
    const [t1, t2] = w.tenants;
    expect(index.acceptedIn(t1!, "branch.contoso.com")?.viaMatchSubDomains).toBe(true);
    expect(index.acceptedIn(t2!, "branch.contoso.com")).toBeUndefined();
    expect(index.acceptedIn(t2!, "eu.contoso.com")?.tenant.id).toBe("T2");
    expect(index.acceptedIn(t1!, "eu.contoso.com")).toBeUndefined();
  });

  it("acceptedBelow finds an accepted domain strictly below a base", () => {
    const t3 = w.tenants[2]!;
    expect(index.acceptedBelow(t3, "tailspin.net")?.domain).toBe("jpn.tailspin.net");
    expect(index.acceptedBelow(t3, "tailspin.com")).toBeUndefined();
  });

  it("recipients: absent list means every address exists, a list is the directory", () => {
    expect(index.recipientExists(w.tenants[0]!, "anyone@contoso.com")).toBe(true);
    expect(index.recipientExists(w.tenants[2]!, "ann@tailspin.com")).toBe(true);
    expect(index.recipientExists(w.tenants[2]!, "bob@tailspin.com")).toBe(false);
  });

  it("the default domain: flagged, else the initial onmicrosoft.com domain (assumed), else the first", () => {
    expect(index.defaultDomain(w.tenants[0]!)).toEqual({ domain: "contoso.onmicrosoft.com", assumed: true });
    expect(index.defaultDomain(w.tenants[1]!)).toEqual({ domain: "fabrikam.com", assumed: true });
    const flagged = world({ tenants: [tenant("T", "F", [{ domain: "x.onmicrosoft.com" }, { domain: "x.com", default: true }])] });
    expect(new WorldIndex(flagged).defaultDomain(flagged.tenants[0]!)).toEqual({ domain: "x.com", assumed: false });
    const hybridOnly = world({ tenants: [tenant("T", "F", ["x.mail.onmicrosoft.com", "x.onmicrosoft.com"])] });
    expect(new WorldIndex(hybridOnly).defaultDomain(hybridOnly.tenants[0]!).domain).toBe("x.onmicrosoft.com");
  });
});

describe("certificateDomainStatus (R4)", () => {
  const status = (domains: Parameters<typeof tenant>[2], certificateName: string) => {
    const sw = world({ tenants: [tenant("T1", "F1", domains, { inboundConnectors: [certConnector("C", certificateName)] })] });
    const t = sw.tenants[0]!;
    const s = certificateDomainStatus(new WorldIndex(sw), connectorRef(t, t.inboundConnectors[0]!));
    return { accepted: s.accepted, gap: s.gap };
  };

  it("a wildcard counts when its base is accepted", () => {
    expect(status(["contoso.com"], "*.contoso.com")).toEqual({ accepted: true, gap: undefined });
  });

  it("a wildcard whose base is covered only by MatchSubDomains counts, uncertainly (X4)", () => {
    expect(status([{ domain: "contoso.com", type: "InternalRelay", matchSubDomains: true }], "*.mail.contoso.com")).toEqual({ accepted: true, gap: "X4" });
  });

  it("a wildcard whose base is not accepted but a domain below it is counts under the 2017 reading (X3)", () => {
    expect(status(["jpn.contoso.com"], "*.contoso.com")).toEqual({ accepted: true, gap: "X3" });
  });

  it("a wildcard with nothing accepted at or below its base does not count", () => {
    expect(status(["contoso.net"], "*.contoso.com")).toEqual({ accepted: false, gap: undefined });
  });

  it("an exact name counts when it is itself accepted", () => {
    expect(status(["contoso.com", "mail.contoso.com"], "mail.contoso.com")).toEqual({ accepted: true, gap: undefined });
  });

  it("an exact host name with only its parent accepted does not count, and the sources disagree (X3)", () => {
    expect(status(["contoso.com"], "mail.contoso.com")).toEqual({ accepted: false, gap: "X3" });
  });

  it("an exact name two labels below the accepted domain does not count (KB 4019940), without a gap", () => {
    expect(status(["contoso.com"], "host.sub.contoso.com")).toEqual({ accepted: false, gap: undefined });
  });

  it("an exact name covered by MatchSubDomains counts, uncertainly (X4)", () => {
    expect(status([{ domain: "contoso.com", type: "InternalRelay", matchSubDomains: true }], "mail.contoso.com")).toEqual({ accepted: true, gap: "X4" });
  });

  it("an exact name in a domain the tenant does not accept at all does not count", () => {
    expect(status(["contoso.com"], "smtp.contoso-hosting.net")).toEqual({ accepted: false, gap: undefined });
  });
});
