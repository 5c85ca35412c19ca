/**
 * The correct hybrid of test/worlds/good/ (FAQ 6(b) layout) passes every rule, and its flows do what
 * a correct hybrid should: attributed by certificate, no capture of other tenants, SPF passing.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { ALL_RULES } from "../../src/core/rules";
import { WORLDS, check } from "./support";

const GOOD = readdirSync(join(WORLDS, "good")).filter((f) => f.endsWith(".yaml"));

it("there is at least one good world", () => {
  expect(GOOD.length).toBeGreaterThan(0);
});

describe.each(GOOD)("good/%s", (file) => {
  const report = check(`good/${file}`);

  it("yields zero findings, none suppressed, not blocking", () => {
    expect(report.findings).toEqual([]);
    expect(report.suppressed).toEqual([]);
    expect(report.blocking).toBe(false);
    expect(report.summary).toMatchObject({ mandatory: 0, advisory: 0, suppressed: 0, uncertain: 0 });
  });

  it("was judged by every rule over a non-trivial flow matrix", () => {
    expect(ALL_RULES.length).toBeGreaterThanOrEqual(16);
    const flows = [...report.flows];
    expect(flows.length).toBeGreaterThan(10);
    expect(flows.length).toBe(report.summary.simulatedFlows);
    expect(flows.every((f) => f.route.certainty === "documented")).toBe(true);
  });
});

describe("good/contoso-hybrid.yaml flows", () => {
  const flows = [...check("good/contoso-hybrid.yaml").flows];

  it("attributes on-premises mail to cloud mailboxes by certificate, as Internal", () => {
    const toCloud = flows.filter((f) => f.senderKind !== "cloud-mailbox" && f.senderKind !== "internet" && f.recipientClass === "own-cloud");
    expect(toCloud.length).toBe(3); // contoso.com, <>, forwarded example.net
    for (const f of toCloud) {
      const hop = f.route.hops.find((h) => h.result)!.result!;
      expect(hop.attribution).toEqual({ tenant: "CONTOSO", direction: "Originating", by: "certificate", connector: "Inbound from on-premises" });
      expect(hop.authAs).toBe("Internal");
      expect(f.route.outcome).toBe("delivered");
    }
  });

  it("captures nothing: mail to other tenants is Incoming to them", () => {
    for (const f of flows) expect(f.route.capturedBy).toBeNull();
    const toFabrikam = flows.filter((f) => f.recipientClass === "same-forest-tenant" && f.senderKind === "on-premises");
    expect(toFabrikam).toHaveLength(1);
    expect(toFabrikam[0]!.route.hops[1]!.result!.attribution).toMatchObject({ tenant: "FABRIKAM", direction: "Incoming", by: "recipient" });
    expect(toFabrikam[0]!.route.finalSpf).toBe("pass");
  });

  it("passes SPF for contoso.com wherever it arrives", () => {
    const own = flows.filter((f) => f.mailFrom.endsWith("@contoso.com") && f.route.finalSpf !== null);
    expect(own.length).toBeGreaterThan(0);
    for (const f of own) expect({ flow: f.id, spf: f.route.finalSpf }).toEqual({ flow: f.id, spf: "pass" });
  });
});
