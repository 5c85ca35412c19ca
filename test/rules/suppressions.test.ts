/**
 * Suppressions: a written reason moves a finding from `findings` to `suppressed` and unblocks the
 * check; the world loader refuses a reason too short to tell a reviewer why the risk is accepted.
 */
import { runCheck } from "../../src/core/check/run-check";
import { InputError } from "../../src/core/model/errors";
import { parseWorld } from "../../src/core/model/load";
import { RawWorld, check, findingsOf, loadWorld, readRaw } from "./support";

const FIXTURE = "broken/HMF001-attr36-ip-connector-null-sender.yaml";
const RESOURCE = "inboundConnector:CONTOSO/Inbound from on-premises";
const REASON = "NDRs are sent by the on-premises smart host directly until the certificate connector is live (CHG-1234).";

function withSuppressions(suppressions: unknown[]) {
  return (raw: RawWorld) => {
    raw.suppressions = suppressions;
  };
}

describe("suppressions", () => {
  it("without a suppression the ATTR36 finding blocks", () => {
    const report = check(FIXTURE);
    expect(findingsOf(report, "HMF001")).toHaveLength(1);
    expect(report.blocking).toBe(true);
  });

  it("a suppression with a reason moves the finding to suppressed and unblocks", () => {
    const report = check(FIXTURE, withSuppressions([{ rule: "HMF001", resource: RESOURCE, reason: REASON }]));
    expect(findingsOf(report, "HMF001")).toEqual([]);
    expect(report.suppressed).toHaveLength(1);
    expect(report.suppressed[0]!.reason).toBe(REASON);
    expect(report.suppressed[0]!.finding).toMatchObject({ rule: "HMF001", resource: RESOURCE, severity: "mandatory" });
    expect(report.blocking).toBe(false);
    expect(report.summary).toMatchObject({ mandatory: 0, suppressed: 1 });
  });

  it("the resource defaults to every resource, and a trailing * matches a prefix", () => {
    for (const s of [{ rule: "HMF001", reason: REASON }, { rule: "HMF001", resource: "inboundConnector:CONTOSO/*", reason: REASON }]) {
      const report = check(FIXTURE, withSuppressions([s]));
      expect(report.suppressed.map((x) => x.finding.rule)).toEqual(["HMF001"]);
      expect(report.blocking).toBe(false);
    }
  });

  it("a suppression for another resource or another rule leaves the finding blocking", () => {
    for (const s of [
      { rule: "HMF001", resource: "inboundConnector:FABRIKAM/Inbound from on-premises", reason: REASON },
      { rule: "HMF002", resource: RESOURCE, reason: REASON },
    ]) {
      const report = check(FIXTURE, withSuppressions([s]));
      expect(findingsOf(report, "HMF001")).toHaveLength(1);
      expect(report.suppressed).toEqual([]);
      expect(report.blocking).toBe(true);
    }
  });

  it("suppressing a mandatory finding does not hide the others of the same world", () => {
    const report = check("broken/HMF003-tenant-capture-spf-fail.yaml", withSuppressions([{ rule: "HMF003", resource: "dns:contoso.com", reason: REASON }]));
    expect(report.suppressed.map((s) => s.finding.rule)).toEqual(["HMF003"]);
    expect(findingsOf(report, "HMF011")).toHaveLength(1);
    expect(report.blocking).toBe(true);
  });

  it("the policy pack's extra suppressions work like the world's own", () => {
    const report = runCheck(loadWorld(FIXTURE), { suppressions: [{ rule: "HMF001", resource: RESOURCE, reason: REASON }] });
    expect(report.suppressed).toHaveLength(1);
    expect(report.blocking).toBe(false);
  });

  it.each([["short"], ["too short"], ["   ok    "], [""]])("parseWorld rejects the reason %j, naming suppressions[0].reason", (reason) => {
    const raw = readRaw(FIXTURE);
    raw.suppressions = [{ rule: "HMF001", resource: RESOURCE, reason }];
    let error: unknown;
    try {
      parseWorld(raw, { source: FIXTURE });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    const issues = (error as InputError).issues;
    expect(issues.map((i) => i.path)).toEqual(["suppressions[0].reason"]);
    expect(issues[0]!.message).toMatch(/at least 10 characters/);
    expect((error as Error).message).toContain("suppressions[0].reason");
  });

  it("a missing reason is rejected too", () => {
    const raw = readRaw(FIXTURE);
    raw.suppressions = [{ rule: "HMF001" }];
    expect(() => parseWorld(raw)).toThrow(/suppressions\[0\]\.reason/);
  });

  it("the field is named by its index when an earlier suppression is valid", () => {
    const raw = readRaw(FIXTURE);
    raw.suppressions = [
      { rule: "HMF001", reason: REASON },
      { rule: "HMF004", reason: "n/a" },
    ];
    expect(() => parseWorld(raw)).toThrow(/suppressions\[1\]\.reason/);
  });
});
