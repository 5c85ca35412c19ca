/**
 * Outbound connector selection (S12 "set up connectors", §1.9): an exact recipient-domain match
 * first, then a connector for all accepted domains (for accepted domains only), then the longest
 * wildcard, then `*`; disabled and transport-rule-scoped connectors are never picked by routing.
 */
import { centralizedTransportConnector, selectOutboundConnector } from "../../src/core/delivery/outbound-connector";
import { simulate, tenant, world } from "./support";

function tenantWith(outboundConnectors: object[]) {
  return world({ tenants: [tenant("T1", "F1", ["contoso.com", "contoso.onmicrosoft.com"], { outboundConnectors })] }).tenants[0]!;
}

const pick = (t: ReturnType<typeof tenantWith>, domain: string, accepted = false) => selectOutboundConnector(t, domain, accepted)?.name;

describe("selectOutboundConnector", () => {
  const t = tenantWith([
    { name: "Catch-all", connectorType: "Partner", recipientDomains: ["*"], smartHosts: ["filter.example.net"] },
    { name: "Wildcard short", connectorType: "Partner", recipientDomains: ["*.fabrikam.com"], smartHosts: ["a.example.net"] },
    { name: "Wildcard long", connectorType: "Partner", recipientDomains: ["*.eu.fabrikam.com"], smartHosts: ["b.example.net"] },
    { name: "All accepted", connectorType: "OnPremises", allAcceptedDomains: true, recipientDomains: ["*.contoso.com"], smartHosts: ["hybrid.contoso.com"] },
    { name: "Exact", connectorType: "Partner", recipientDomains: ["partner.fabrikam.com", "contoso.com"], smartHosts: ["c.example.net"] },
  ]);

  it("an exact recipient domain wins over everything, wherever the connector is listed", () => {
    expect(pick(t, "partner.fabrikam.com")).toBe("Exact");
    expect(pick(t, "contoso.com", true)).toBe("Exact");
  });

  it("a connector for all accepted domains comes next, for accepted domains only", () => {
    expect(pick(t, "sales.contoso.com", true)).toBe("All accepted");
    expect(pick(t, "sales.contoso.com", false)).toBe("All accepted"); // through its own *.contoso.com
    expect(pick(t, "x.eu.fabrikam.com", true)).toBe("All accepted");
  });

  it("then the longest wildcard, whatever the order of the connectors", () => {
    expect(pick(t, "x.eu.fabrikam.com")).toBe("Wildcard long");
    expect(pick(t, "eu.fabrikam.com")).toBe("Wildcard long");
    expect(pick(t, "x.fabrikam.com")).toBe("Wildcard short");
    expect(pick(t, "fabrikam.com")).toBe("Wildcard short");
  });

  it("then the catch-all *", () => {
    expect(pick(t, "example.org")).toBe("Catch-all");
  });

  it("a wildcard covers only names at or below its base", () => {
    expect(pick(t, "notfabrikam.com")).toBe("Catch-all");
  });

  it("skips disabled and transport-rule-scoped connectors", () => {
    const t2 = tenantWith([
      { name: "Disabled exact", connectorType: "OnPremises", enabled: false, recipientDomains: ["contoso.com"], smartHosts: ["x"] },
      { name: "Rule scoped", connectorType: "Partner", isTransportRuleScoped: true, recipientDomains: ["*"], smartHosts: ["y"] },
      { name: "Wildcard", connectorType: "OnPremises", recipientDomains: ["*.contoso.com"], smartHosts: ["hybrid.contoso.com"] },
    ]);
    expect(pick(t2, "contoso.com", true)).toBe("Wildcard");
    expect(pick(t2, "example.org")).toBeUndefined();
  });

  it("the first of several catch-alls and exact matches wins", () => {
    const t3 = tenantWith([
      { name: "First", connectorType: "Partner", recipientDomains: ["*", "fabrikam.com"] },
      { name: "Second", connectorType: "Partner", recipientDomains: ["*", "fabrikam.com"] },
    ]);
    expect(pick(t3, "example.org")).toBe("First");
    expect(pick(t3, "fabrikam.com")).toBe("First");
  });

  it("reads RecipientDomains in their stored form smtp:domain;priority", () => {
    const t4 = tenantWith([{ name: "Stored", connectorType: "OnPremises", recipientDomains: ["smtp:contoso.com;1"], smartHosts: ["hybrid.contoso.com"] }]);
    expect(pick(t4, "contoso.com", true)).toBe("Stored");
  });
});

describe("centralizedTransportConnector", () => {
  it("is the enabled OnPremises connector with RouteAllMessagesViaOnPremises", () => {
    const t = tenantWith([
      { name: "Partner", connectorType: "Partner", routeAllMessagesViaOnPremises: true, recipientDomains: ["*"] },
      { name: "Disabled", connectorType: "OnPremises", enabled: false, routeAllMessagesViaOnPremises: true, recipientDomains: ["contoso.com"] },
      { name: "CMT", connectorType: "OnPremises", routeAllMessagesViaOnPremises: true, recipientDomains: ["contoso.com"], smartHosts: ["hybrid.contoso.com"] },
    ]);
    expect(centralizedTransportConnector(t)?.name).toBe("CMT");
    expect(centralizedTransportConnector(tenantWith([{ name: "Plain", connectorType: "OnPremises", recipientDomains: ["contoso.com"] }]))).toBeUndefined();
  });
});

describe("outbound selection in a simulated hop", () => {
  const w = world({
    tenants: [
      tenant("T1", "F1", ["contoso.com", "contoso.onmicrosoft.com"], {
        outboundConnectors: [
          { name: "To filter", connectorType: "Partner", recipientDomains: ["*"], smartHosts: ["filter.example.net"] },
          { name: "To on-premises", connectorType: "OnPremises", recipientDomains: ["legacy.contoso.net"], smartHosts: ["hybrid.contoso.com"] },
        ],
      }),
      tenant("T2", "F1", ["fabrikam.com"]),
    ],
  });
  const send = (rcpt: string) => simulate(w, { forest: "F1", mailboxTenant: "T1", mailFrom: "bob@contoso.com", rcptTo: [rcpt] });

  it("an OnPremises connector for the domain sends the message on-premises", () => {
    expect(send("ann@legacy.contoso.net")).toMatchObject({ outcome: "relayed", nextHop: "onPremises", egressPool: null });
  });

  it("a Partner connector with a smart host takes mail for another tenant to the internet through it", () => {
    expect(send("carol@fabrikam.com")).toMatchObject({ outcome: "relayed", nextHop: "internet", egressPool: "outbound" });
  });

  it("without any connector, mail for another tenant goes to that tenant", () => {
    const plain = world({ tenants: [tenant("T1", "F1", ["contoso.com"]), tenant("T2", "F1", ["fabrikam.com"])] });
    expect(simulate(plain, { forest: "F1", mailboxTenant: "T1", mailFrom: "bob@contoso.com", rcptTo: ["carol@fabrikam.com"] })).toMatchObject({ nextHop: "tenant:T2", egressPool: "outbound" });
  });
});
