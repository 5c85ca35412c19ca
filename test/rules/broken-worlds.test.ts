/**
 * Every rule of ALL_RULES has a broken world in test/worlds/broken/HMFnnn-*.yaml that makes it fire.
 * Each case asserts, through runCheck with the default rule set, that the rule reports the expected
 * resource with its severity (and, for rules that judge simulated flows, the flows that show the
 * problem), that the fixture fires nothing else than documented, and that a small change which
 * removes the cause silences the rule. Removing a rule from ALL_RULES or breaking it fails here.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { ALL_RULES, ruleById } from "../../src/core/rules";
import { RawWorld, WORLDS, check, findingsOf, loadWorld, rulesFired } from "./support";

interface ExpectedFinding {
  readonly resource: string;
  readonly certainty?: "documented" | "uncertain";
  /** A fragment the message must contain. */
  readonly message?: string | RegExp;
  /** Flow descriptions (describeFlow) the finding must list; given only for flow-based rules. */
  readonly flows?: readonly string[];
}

interface Case {
  readonly id: string;
  readonly fixture: string;
  readonly severity: "mandatory" | "advisory";
  /** The rule judges the simulated flow matrix (so findings list flows). */
  readonly flowBased: boolean;
  readonly findings: readonly ExpectedFinding[];
  /** Other rules the fixture fires, by design (the same root cause). */
  readonly alsoFires?: readonly string[];
  /** A change that removes the cause: the rule must then be silent. */
  readonly fixed: { readonly what: string; readonly mutate: (raw: RawWorld) => void };
}

const CONTOSO = (raw: RawWorld) => raw.tenants[0];
const hybridConnector = (raw: RawWorld) => CONTOSO(raw).inboundConnectors[0];
const addAccepted = (raw: RawWorld, domain: string) => CONTOSO(raw).acceptedDomains.push({ domain });
const SPF_OK = "v=spf1 ip4:131.107.21.231 include:spf.protection.outlook.com -all";

const CASES: readonly Case[] = [
  {
    id: "HMF001",
    fixture: "HMF001-attr36-ip-connector-null-sender.yaml",
    severity: "mandatory",
    flowBased: true,
    findings: [
      {
        resource: "inboundConnector:CONTOSO/Inbound from on-premises",
        certainty: "documented",
        message: "ATTR36",
        flows: ["EX01 (131.107.21.231) <> -> user@example.net"],
      },
    ],
    fixed: {
      what: "certificate connector whose exact certificate name is an accepted domain",
      mutate: (raw) => {
        hybridConnector(raw).tlsSenderCertificateName = "hybrid.contoso.com";
        hybridConnector(raw).senderIPAddresses = [];
        addAccepted(raw, "hybrid.contoso.com");
        raw.onPremises[0].sendConnectors[0].certificate = { subject: "hybrid.contoso.com" };
      },
    },
  },
  {
    id: "HMF002",
    fixture: "HMF002-relay-denied-renewed-certificate.yaml",
    severity: "mandatory",
    flowBased: true,
    findings: [
      {
        resource: "sendConnector:Contoso on-premises/Outbound to Office 365",
        certainty: "documented",
        message: /certificate smtp\.contoso\.com.*550 5\.7\.64 TenantAttribution/,
        flows: ["EX01 (131.107.21.231) onprem-user@contoso.com -> user@example.net"],
      },
    ],
    // The same renewal also turns mail to CONTOSO's own cloud mailboxes into Incoming + Anonymous mail.
    alsoFires: ["HMF017"],
    fixed: {
      what: "TlsSenderCertificateName follows the renewed certificate",
      mutate: (raw) => {
        hybridConnector(raw).tlsSenderCertificateName = "smtp.contoso.com";
        addAccepted(raw, "smtp.contoso.com");
      },
    },
  },
  {
    id: "HMF003",
    fixture: "HMF003-tenant-capture-spf-fail.yaml",
    severity: "mandatory",
    flowBased: true,
    findings: [
      {
        resource: "dns:contoso.com",
        certainty: "documented",
        message: /captured by CONTOSO.*SPF fail/,
        flows: ["EX01 (131.107.21.231) onprem-user@contoso.com -> user@fabrikam.com"],
      },
    ],
    alsoFires: ["HMF004", "HMF011"],
    fixed: {
      what: "include:spf.protection.outlook.com in contoso.com's SPF",
      mutate: (raw) => {
        raw.dns["contoso.com"].txt = [SPF_OK];
      },
    },
  },
  {
    id: "HMF004",
    fixture: "HMF004-tenant-capture.yaml",
    severity: "advisory",
    flowBased: true,
    findings: [
      {
        resource: "inboundConnector:CONTOSO/Inbound from on-premises",
        certainty: "documented",
        message: "attributed to CONTOSO",
        flows: ["EX01 (131.107.21.231) onprem-user@contoso.com -> user@fabrikam.com"],
      },
    ],
    fixed: {
      what: "FAQ 6(b): exact certificate name, accepted, presented only by the hybrid send connector",
      mutate: (raw) => {
        hybridConnector(raw).tlsSenderCertificateName = "hybrid.contoso.com";
        addAccepted(raw, "hybrid.contoso.com");
        raw.onPremises[0].sendConnectors[0].certificate = { subject: "hybrid.contoso.com" };
      },
    },
  },
  {
    id: "HMF005",
    fixture: "HMF005-certificate-domain-not-accepted.yaml",
    severity: "mandatory",
    flowBased: false,
    // KB 4019940 and S19 disagree on whether the parent contoso.com is enough (X3).
    findings: [{ resource: "inboundConnector:CONTOSO/Inbound from on-premises", certainty: "uncertain", message: "mail.contoso.com is not an accepted domain of CONTOSO" }],
    fixed: { what: "mail.contoso.com added as an accepted domain", mutate: (raw) => addAccepted(raw, "mail.contoso.com") },
  },
  {
    id: "HMF006",
    fixture: "HMF006-ip-shared-across-tenants.yaml",
    severity: "mandatory",
    flowBased: false,
    findings: [
      { resource: "inboundConnector:CONTOSO/Inbound from mail gateway", certainty: "documented", message: "overlaps 131.107.21.224/28" },
      { resource: "inboundConnector:FABRIKAM/Gateway relay", certainty: "documented", message: "overlaps 131.107.21.231" },
    ],
    fixed: {
      what: "FABRIKAM's connector trusts its own gateway address",
      mutate: (raw) => {
        raw.tenants[1].inboundConnectors[0].senderIPAddresses = ["131.107.22.17"];
      },
    },
  },
  {
    id: "HMF007",
    fixture: "HMF007-certificate-shared-across-tenants.yaml",
    severity: "mandatory",
    flowBased: false,
    findings: [{ resource: "sendConnector:Contoso on-premises/Outbound to Office 365", certainty: "documented", message: /matches connectors of 2 tenants in forest NAM/ }],
    // The tie leaves CONTOSO's own hybrid mail unattributed as well.
    alsoFires: ["HMF017"],
    fixed: {
      what: "the CONTOSO send connector presents a certificate with contoso.com names only",
      mutate: (raw) => {
        raw.onPremises[0].sendConnectors[0].certificate = { subject: "mail.contoso.com", san: ["mail.contoso.com"] };
      },
    },
  },
  {
    id: "HMF008",
    fixture: "HMF008-internal-relay-without-outbound.yaml",
    severity: "mandatory",
    flowBased: false,
    findings: [{ resource: "acceptedDomain:CONTOSO/contoso.com", certainty: "documented", message: "no enabled OnPremises outbound connector" }],
    fixed: {
      what: "the outbound connector to on-premises is enabled again",
      mutate: (raw) => {
        CONTOSO(raw).outboundConnectors[0].enabled = true;
      },
    },
  },
  {
    id: "HMF009",
    fixture: "HMF009-dbeb-on-premises-recipients.yaml",
    severity: "mandatory",
    flowBased: true,
    findings: [
      {
        resource: "acceptedDomain:CONTOSO/contoso.com",
        certainty: "documented",
        message: "550 5.4.1",
        flows: ["internet sender (192.0.2.200) someone@internet-sender.example -> onprem-user@contoso.com"],
      },
    ],
    fixed: {
      what: "contoso.com made InternalRelay (unknown recipients go on-premises)",
      mutate: (raw) => {
        CONTOSO(raw).acceptedDomains[0].type = "InternalRelay";
      },
    },
  },
  {
    id: "HMF010",
    fixture: "HMF010-match-subdomains-authoritative.yaml",
    severity: "mandatory",
    flowBased: false,
    findings: [{ resource: "acceptedDomain:CONTOSO/contoso.com", certainty: "documented", message: "Authoritative with MatchSubDomains" }],
    fixed: {
      what: "MatchSubDomains turned off",
      mutate: (raw) => {
        CONTOSO(raw).acceptedDomains[0].matchSubDomains = false;
      },
    },
  },
  {
    id: "HMF011",
    fixture: "HMF011-spf-missing-on-premises-sender.yaml",
    severity: "mandatory",
    flowBased: true,
    findings: [
      {
        resource: "dns:contoso.com",
        certainty: "documented",
        message: "on-premises 131.107.21.231",
        // Direct delivery to the internet and to another tenant's MX both show the missing ip4.
        flows: ["EX01 (131.107.21.231) onprem-user@contoso.com -> user@example.net", "EX01 (131.107.21.231) onprem-user@contoso.com -> user@fabrikam.com"],
      },
    ],
    fixed: {
      what: "ip4 of the on-premises server back in the SPF record",
      mutate: (raw) => {
        raw.dns["contoso.com"].txt = [SPF_OK];
      },
    },
  },
  {
    id: "HMF012",
    fixture: "HMF012-spf-two-records.yaml",
    severity: "mandatory",
    flowBased: false,
    findings: [{ resource: "dns:contoso.com", certainty: "documented", message: "2 v=spf1 records" }],
    fixed: {
      what: "the two records merged into one",
      mutate: (raw) => {
        raw.dns["contoso.com"].txt = ["v=spf1 ip4:131.107.21.231 include:spf.protection.outlook.com include:spf.newsletter.example -all"];
      },
    },
  },
  {
    id: "HMF013",
    fixture: "HMF013-partner-parameters-on-onpremises.yaml",
    severity: "advisory",
    flowBased: false,
    findings: [{ resource: "inboundConnector:CONTOSO/Inbound from on-premises", certainty: "documented", message: /SenderDomains contoso\.com; AssociatedAcceptedDomains contoso\.com/ }],
    fixed: {
      what: "the Partner-only settings removed",
      mutate: (raw) => {
        delete hybridConnector(raw).senderDomains;
        delete hybridConnector(raw).associatedAcceptedDomains;
      },
    },
  },
  {
    id: "HMF014",
    fixture: "HMF014-broad-connector-ip.yaml",
    severity: "mandatory",
    flowBased: false,
    findings: [{ resource: "inboundConnector:CONTOSO/Inbound from on-premises", certainty: "documented", message: "131.107.0.0/16 is wider than /24" }],
    fixed: {
      what: "only the servers' egress addresses",
      mutate: (raw) => {
        hybridConnector(raw).senderIPAddresses = ["131.107.21.231", "131.107.21.232/32"];
      },
    },
  },
  {
    id: "HMF015",
    fixture: "HMF015-mx-loop-outbound-by-mx.yaml",
    severity: "mandatory",
    flowBased: false,
    findings: [{ resource: "outboundConnector:CONTOSO/Outbound to on-premises", certainty: "documented", message: "554 5.4.14 ATTR34" }],
    fixed: {
      what: "the outbound connector uses the on-premises smart host",
      mutate: (raw) => {
        Object.assign(CONTOSO(raw).outboundConnectors[0], { useMxRecord: false, smartHosts: ["hybrid.contoso.com"] });
      },
    },
  },
  {
    id: "HMF016",
    fixture: "HMF016-loose-connector-ip.yaml",
    severity: "advisory",
    flowBased: false,
    findings: [{ resource: "inboundConnector:CONTOSO/Inbound from on-premises", certainty: "documented", message: "131.107.21.0/24 trusts 256 addresses" }],
    fixed: {
      what: "a /32 for the server",
      mutate: (raw) => {
        hybridConnector(raw).senderIPAddresses = ["131.107.21.231/32"];
      },
    },
  },
  {
    id: "HMF017",
    fixture: "HMF017-hybrid-mail-not-attributed.yaml",
    severity: "mandatory",
    flowBased: true,
    findings: [
      {
        resource: "sendConnector:Contoso on-premises/Outbound to Office 365",
        certainty: "documented",
        message: /"Outbound to Office 365" presents certificate hybrid2\.contoso\.com from 131\.107\.21\.231, and it no longer matches CONTOSO's OnPremises inbound connector "Inbound from on-premises" \(TlsSenderCertificateName hybrid\.contoso\.com\).*Incoming \+ Anonymous/,
        flows: ["EX01 (131.107.21.231) onprem-user@contoso.com -> cloud-user@contoso.mail.onmicrosoft.com"],
      },
    ],
    fixed: {
      what: "TlsSenderCertificateName follows the renewed certificate",
      mutate: (raw) => {
        hybridConnector(raw).tlsSenderCertificateName = "hybrid2.contoso.com";
        addAccepted(raw, "hybrid2.contoso.com");
      },
    },
  },
  {
    id: "HMF018",
    fixture: "HMF018-forest-assignment.yaml",
    severity: "advisory",
    flowBased: false,
    findings: [
      { resource: "tenant:CONTOSO", certainty: "uncertain", message: /resolve to the same address 52\.101\.68\.21: they share a forest/ },
      { resource: "tenant:FABRIKAM", certainty: "uncertain", message: /EUR is a Microsoft 365 data-location \(region\) code/ },
    ],
    fixed: {
      what: "FABRIKAM is put in CONTOSO's forest",
      mutate: (raw) => {
        raw.tenants[1].forest = "EU1";
      },
    },
  },
  {
    id: "HMF019",
    fixture: "HMF019-spf-include-not-described.yaml",
    severity: "advisory",
    flowBased: false,
    findings: [{ resource: "dns:contoso.com", certainty: "uncertain", message: /_spf\.mailer\.example is not described in the world's dns.*add _spf\.mailer\.example with its TXT record to the world's dns, or run check --live-dns/ }],
    fixed: {
      what: "the newsletter service's record is described",
      mutate: (raw) => {
        raw.dns["_spf.mailer.example"] = { txt: ["v=spf1 ip4:203.0.113.0/24 -all"] };
      },
    },
  },
  {
    id: "HMF020",
    fixture: "HMF020-spf-ptr-mechanism.yaml",
    severity: "advisory",
    flowBased: false,
    findings: [{ resource: "dns:contoso.com", certainty: "documented", message: 'uses "ptr:contoso.com" in contoso.com' }],
    fixed: {
      what: "the address instead of ptr",
      mutate: (raw) => {
        raw.dns["contoso.com"].txt = ["v=spf1 ip4:131.107.21.231 include:spf.protection.outlook.com -all"];
      },
    },
  },
];

describe("the broken-world catalogue", () => {
  it("has exactly one case and one fixture per rule of ALL_RULES", () => {
    expect(CASES.map((c) => c.id).sort()).toEqual(ALL_RULES.map((r) => r.id).sort());
    const files = readdirSync(join(WORLDS, "broken")).filter((f) => f.endsWith(".yaml"));
    for (const rule of ALL_RULES) {
      const mine = files.filter((f) => f.startsWith(`${rule.id}-`));
      expect({ rule: rule.id, fixtures: mine.length }).toEqual({ rule: rule.id, fixtures: 1 });
    }
    for (const c of CASES) expect(existsSync(join(WORLDS, "broken", c.fixture))).toBe(true);
  });

  it("gives every rule a distinct id in the HMFnnn form", () => {
    const ids = ALL_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^HMF\d{3}$/);
  });
});

describe.each(CASES)("$id ($fixture)", (c) => {
  const fixture = `broken/${c.fixture}`;
  const report = check(fixture);

  it("is a rule of ALL_RULES with the expected severity", () => {
    const rule = ruleById(c.id);
    expect(rule).toBeDefined();
    expect(rule!.severity).toBe(c.severity);
    expect(ALL_RULES).toContain(rule);
  });

  it("fires on the expected resource(s) with the rule's severity", () => {
    const found = findingsOf(report, c.id);
    expect(found.map((f) => f.resource).sort()).toEqual(c.findings.map((f) => f.resource).sort());
    for (const exp of c.findings) {
      const f = found.find((x) => x.resource === exp.resource)!;
      expect(f.severity).toBe(c.severity);
      expect(f.title).toBe(ruleById(c.id)!.title);
      expect(f.sources.length).toBeGreaterThan(0);
      expect(f.fix).toMatch(/\S/);
      if (exp.certainty) expect(f.certainty).toBe(exp.certainty);
      if (typeof exp.message === "string") expect(f.message).toContain(exp.message);
      else if (exp.message) expect(f.message).toMatch(exp.message);
      if (c.flowBased) {
        expect(f.flows.length).toBeGreaterThan(0);
        expect([...f.flows].sort()).toEqual([...(exp.flows ?? [])].sort());
      } else {
        expect(f.flows).toEqual([]);
      }
    }
  });

  it("fires nothing else than its own rule and the documented companions", () => {
    expect(rulesFired(report)).toEqual([c.id, ...(c.alsoFires ?? [])].sort());
    expect(report.suppressed).toEqual([]);
    expect(report.blocking).toBe(report.findings.some((f) => f.severity === "mandatory"));
    expect(report.blocking).toBe(c.severity === "mandatory" || (c.alsoFires ?? []).some((id) => ruleById(id)!.severity === "mandatory"));
  });

  it(`is silent once fixed: ${c.fixed.what}`, () => {
    expect(findingsOf(check(fixture, c.fixed.mutate), c.id)).toEqual([]);
  });
});

/** Variants of the fixtures that exercise the other branches of some rules. */
describe("rule branches beyond the fixtures", () => {
  it("HMF001 also reports forwarded foreign senders relayed through an IP connector", () => {
    const report = check("broken/HMF001-attr36-ip-connector-null-sender.yaml", (raw) => {
      raw.onPremises[0].forwardedSenderDomains = ["example.net"];
      raw.dns["example.net"] = { txt: ["v=spf1 ip4:192.0.2.0/24 -all"] };
    });
    const [f] = findingsOf(report, "HMF001");
    expect(f!.flows).toEqual(expect.arrayContaining(["EX01 (131.107.21.231) <> -> user@example.net", "EX01 (131.107.21.231) someone@example.net -> user@example.net"]));
  });

  it("HMF002 is silent when the renewed certificate is still covered by the IP of an IP connector and an accepted MAIL FROM", () => {
    const report = check("broken/HMF002-relay-denied-renewed-certificate.yaml", (raw) => {
      hybridConnector(raw).senderIPAddresses = ["131.107.21.231"];
    });
    expect(findingsOf(report, "HMF002")).toEqual([]);
  });

  it("HMF005 is documented when not even the parent of the certificate name is accepted", () => {
    const report = check("broken/HMF005-certificate-domain-not-accepted.yaml", (raw) => {
      hybridConnector(raw).tlsSenderCertificateName = "smtp.contoso-hosting.net";
    });
    const [f] = findingsOf(report, "HMF005");
    expect(f).toMatchObject({ resource: "inboundConnector:CONTOSO/Inbound from on-premises", certainty: "documented" });
  });

  it("HMF005 reports a wildcard whose base is not accepted, and is silent for *.<accepted domain>", () => {
    const wrong = check("broken/HMF005-certificate-domain-not-accepted.yaml", (raw) => {
      hybridConnector(raw).tlsSenderCertificateName = "*.contoso.net";
    });
    expect(findingsOf(wrong, "HMF005")).toHaveLength(1);
    const hcw = check("broken/HMF005-certificate-domain-not-accepted.yaml", (raw) => {
      hybridConnector(raw).tlsSenderCertificateName = "*.contoso.com";
    });
    expect(findingsOf(hcw, "HMF005")).toEqual([]);
  });

  it("HMF005 ignores disabled connectors and Partner connectors", () => {
    const disabled = check("broken/HMF005-certificate-domain-not-accepted.yaml", (raw) => {
      hybridConnector(raw).enabled = false;
    });
    expect(findingsOf(disabled, "HMF005")).toEqual([]);
    const partner = check("broken/HMF005-certificate-domain-not-accepted.yaml", (raw) => {
      hybridConnector(raw).connectorType = "Partner";
      delete hybridConnector(raw).cloudServicesMailEnabled;
    });
    expect(findingsOf(partner, "HMF005")).toEqual([]);
  });

  it("HMF006 does not compare tenants of different EOP forests", () => {
    const report = check("broken/HMF006-ip-shared-across-tenants.yaml", (raw) => {
      raw.tenants[1].forest = "EUR";
    });
    expect(findingsOf(report, "HMF006")).toEqual([]);
  });

  it("HMF007 does not count tenants of another forest", () => {
    const report = check("broken/HMF007-certificate-shared-across-tenants.yaml", (raw) => {
      raw.tenants[1].forest = "EUR";
    });
    expect(findingsOf(report, "HMF007")).toEqual([]);
  });

  it("HMF008 names a Partner outbound connector that covers the InternalRelay domain", () => {
    const report = check("broken/HMF008-internal-relay-without-outbound.yaml", (raw) => {
      CONTOSO(raw).outboundConnectors.push({ name: "To the scanning service", connectorType: "Partner", recipientDomains: ["*"], smartHosts: ["scan.example.net"] });
    });
    const [f] = findingsOf(report, "HMF008");
    expect(f!.message).toContain('("To the scanning service") is a Partner connector');
  });

  it("HMF014 reports a connector trusting Microsoft's own sending range", () => {
    const report = check("broken/HMF014-broad-connector-ip.yaml", (raw) => {
      hybridConnector(raw).senderIPAddresses = ["40.107.21.0/24"];
    });
    const [f] = findingsOf(report, "HMF014");
    expect(f!.message).toContain("overlaps Microsoft's own range 40.107.0.0/16");
  });

  it("HMF015 reports an MX at a legacy endpoint (ATTR35)", () => {
    const report = check("broken/HMF015-mx-loop-outbound-by-mx.yaml", (raw) => {
      raw.dns["contoso.com"].mx = ["contoso-com.mail.eo.outlook.com.mail.messaging.microsoft.com", "mail.global.frontbridge.com"];
      CONTOSO(raw).outboundConnectors[0].smartHosts = ["hybrid.contoso.com"];
      CONTOSO(raw).outboundConnectors[0].useMxRecord = false;
    });
    const found = findingsOf(report, "HMF015");
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ resource: "dns:contoso.com", severity: "mandatory" });
    expect(found[0]!.message).toContain("451 4.4.62 ATTR35");
  });

  it("HMF015 reports DBEB with an MX that points away from Exchange Online", () => {
    const report = check("broken/HMF015-mx-loop-outbound-by-mx.yaml", (raw) => {
      raw.dns["contoso.com"].mx = ["mx1.third-party-filter.example"];
      CONTOSO(raw).recipients = ["ann@contoso.com"];
    });
    const found = findingsOf(report, "HMF015");
    expect(found.map((f) => f.resource)).toEqual(["dns:contoso.com"]);
    expect(found[0]!.message).toContain("DBEB works only when the MX points to Exchange Online");
  });

  it("HMF012 and HMF019 never say Microsoft's own include publishes no record when the world leaves it out", () => {
    // The HMF017 fixture does not copy spf.protection.outlook.com: the dated snapshot fills it in.
    const report = check("broken/HMF017-hybrid-mail-not-attributed.yaml");
    expect(findingsOf(report, "HMF012")).toEqual([]);
    expect(findingsOf(report, "HMF019")).toEqual([]);
  });

  it("HMF019 names the GCC High include whose contents the snapshot lacks, and the fix", () => {
    const report = check("broken/HMF019-spf-include-not-described.yaml", (raw) => {
      raw.dns["contoso.com"].txt = ["v=spf1 ip4:131.107.21.231 include:spf.protection.office365.us -all"];
    });
    const [f] = findingsOf(report, "HMF019");
    expect(f!.message).toContain("Microsoft publishes spf.protection.office365.us (gcc-high-dod)");
    expect(f!.message).toContain("X14");
    expect(f!.message).not.toContain("publishes no SPF record");
    expect(findingsOf(report, "HMF012")).toEqual([]);
  });

  it("a world's own record for a Microsoft name wins over the snapshot", () => {
    const report = check("broken/HMF019-spf-include-not-described.yaml", (raw) => {
      raw.dns["_spf.mailer.example"] = { txt: ["v=spf1 -all"] };
      raw.dns["spf.protection.outlook.com"] = { txt: ["v=spf1 include:spf.protection.outlook.com -all"] };
    });
    expect(findingsOf(report, "HMF012")[0]!.message).toContain("loops back");
  });

  it("HMF012 follows %{d}, the same for every message: include:%{d} is a loop", () => {
    const report = check("broken/HMF019-spf-include-not-described.yaml", (raw) => {
      raw.dns["contoso.com"].txt = ["v=spf1 include:%{d} ip4:131.107.21.231 include:spf.protection.outlook.com -all"];
    });
    const [f] = findingsOf(report, "HMF012");
    expect(f!.message).toContain("include:%{d} in contoso.com: include of contoso.com loops back");
  });

  it("HMF012 sees the permerror a message-dependent macro gives evaluation, which static analysis cannot follow", () => {
    const report = check("broken/HMF019-spf-include-not-described.yaml", (raw) => {
      // A per-user include: every user name needs its own record, and these names publish none.
      raw.dns["contoso.com"].txt = ["v=spf1 include:%{l}.%{d} ip4:131.107.21.231 include:spf.protection.outlook.com -all"];
      raw.dns["onprem-user.contoso.com"] = { a: ["131.107.21.231"] };
      raw.dns["cloud-user.contoso.com"] = { a: ["131.107.21.231"] };
    });
    const [f] = findingsOf(report, "HMF012");
    expect(f).toMatchObject({ resource: "dns:contoso.com", severity: "mandatory" });
    expect(f!.message).toMatch(/evaluation for mail from \S+ gives permerror: .*points to (onprem|cloud)-user\.contoso\.com, which has no TXT records/);
    expect(f!.message).toContain("macro terms static analysis cannot follow: include:%{l}.%{d} in contoso.com");
  });

  it("a macro target the offline world does not describe is HMF019's, not HMF012's", () => {
    const report = check("broken/HMF019-spf-include-not-described.yaml", (raw) => {
      raw.dns["contoso.com"].txt = ["v=spf1 include:%{l}.%{d} ip4:131.107.21.231 include:spf.protection.outlook.com -all"];
    });
    expect(findingsOf(report, "HMF012")).toEqual([]);
    const [f] = findingsOf(report, "HMF019");
    expect(f!.message).toMatch(/evaluation reaches (onprem|cloud)-user\.contoso\.com, which the world's dns does not describe/);
  });

  describe("EOP forests", () => {
    const FIXTURE = "broken/HMF018-forest-assignment.yaml";

    it("compares forest names case-insensitively, so a partner's eu1 is EU1 and capture is still seen", () => {
      const report = check("broken/HMF004-tenant-capture.yaml", (raw) => {
        raw.tenants[1].forest = raw.tenants[1].forest.toLowerCase();
      });
      expect(findingsOf(report, "HMF004")).toHaveLength(1);
    });

    it("refuses a forest name that is not a label, naming how to find the forest", () => {
      expect(() => loadWorld(FIXTURE, (raw) => (raw.tenants[1].forest = "EU 1"))).toThrow(/tenants\[1\]\.forest: must name the EOP forest.*mail\.protection\.outlook\.com resolves to the same addresses/);
    });

    it("flags tenants in one forest whose endpoints resolve to different addresses", () => {
      const report = check(FIXTURE, (raw) => {
        raw.tenants[1].forest = "EU1";
        raw.dns["fabrikam-com.mail.protection.outlook.com"].a = ["52.101.90.1"];
      });
      expect(findingsOf(report, "HMF018").map((f) => f.message)).toEqual([expect.stringMatching(/both in forest EU1, but their endpoints resolve to different addresses/)]);
    });

    it("warns about a forest that holds a single tenant without endpoint addresses", () => {
      const report = check(FIXTURE, (raw) => {
        raw.tenants[1].forest = "EU2";
        delete raw.dns["fabrikam-com.mail.protection.outlook.com"];
      });
      const [f] = findingsOf(report, "HMF018");
      expect(f!.message).toContain("FABRIKAM is the only tenant in forest EU2");
      expect(f!.fix).toContain("resolve <tenant>.mail.protection.outlook.com");
    });

    it("warns about a forest no on-premises connection lands in", () => {
      const report = check(FIXTURE, (raw) => {
        raw.tenants[1].forest = "EU2";
        raw.dns["fabrikam.com"].mx = ["mx.fabrikam-filter.example"];
      });
      expect(findingsOf(report, "HMF018").map((f) => f.message)).toContainEqual(expect.stringMatching(/^No on-premises connection lands in forest EU2 \(FABRIKAM\)/));
      const reached = check(FIXTURE, (raw) => {
        raw.tenants[1].forest = "EU2";
      });
      expect(findingsOf(reached, "HMF018").some((f) => f.message.startsWith("No on-premises connection"))).toBe(false);
    });

  });

  describe("HMF017 judges every path on-premises mail takes into Exchange Online", () => {
    const FIXTURE = "broken/HMF017-hybrid-mail-not-attributed.yaml";
    const SEND = "sendConnector:Contoso on-premises/Outbound to Office 365";
    /** The same hybrid on an IP-based connector, as older HCW versions and manual set-ups build it. */
    const ipConnector = (raw: RawWorld) => {
      hybridConnector(raw).tlsSenderCertificateName = null;
      hybridConnector(raw).senderIPAddresses = ["131.107.21.231"];
      raw.onPremises[0].sendConnectors[0].certificate = { subject: "hybrid.contoso.com" };
    };

    it("reports an egress IP change, naming the new address and the connector's old one", () => {
      const report = check(FIXTURE, (raw) => {
        ipConnector(raw);
        raw.onPremises[0].servers[0].egressIps = ["131.107.21.99"];
      });
      const [f] = findingsOf(report, "HMF017");
      expect(f).toMatchObject({ resource: SEND, severity: "mandatory" });
      expect(f!.message).toContain("presents certificate hybrid.contoso.com from 131.107.21.99");
      expect(f!.message).toContain('"Inbound from on-premises" (SenderIPAddresses 131.107.21.231)');
      expect(f!.message).toContain("Incoming + Anonymous");
    });

    it("is silent for the IP-based hybrid while the address still matches", () => {
      expect(findingsOf(check(FIXTURE, ipConnector), "HMF017")).toEqual([]);
    });

    it("reports a hybrid send connector without CloudServicesMailEnabled: Originating but Anonymous", () => {
      const report = check(FIXTURE, (raw) => {
        hybridConnector(raw).tlsSenderCertificateName = "hybrid2.contoso.com";
        addAccepted(raw, "hybrid2.contoso.com");
        raw.onPremises[0].sendConnectors[0].cloudServicesMailEnabled = false;
      });
      const [f] = findingsOf(report, "HMF017");
      expect(f!.message).toContain('CloudServicesMailEnabled is not set on the send connector "Outbound to Office 365"');
      expect(f!.message).toContain("AuthAs Anonymous");
      expect(f!.fix).toContain("CloudServicesMailEnabled $true");
    });

    it("reports a hybrid send connector that presents no certificate (no TlsCertificateName)", () => {
      const report = check(FIXTURE, (raw) => {
        raw.onPremises[0].sendConnectors[0].certificate = null;
      });
      const [f] = findingsOf(report, "HMF017");
      expect(f!.message).toContain("presents no certificate (no TlsCertificateName) from 131.107.21.231");
    });

    it("names the refusal when RejectDirectSend turns the unattributed hybrid mail away (5.7.68)", () => {
      const report = check(FIXTURE, (raw) => {
        CONTOSO(raw).organization = { rejectDirectSend: true };
      });
      const [f] = findingsOf(report, "HMF017");
      expect(f!.message).toContain("no longer matches CONTOSO's OnPremises inbound connector");
      expect(f!.message).toMatch(/are refused with 550 5\.7\.68/);
    });

    it("reports the renewal whether or not the organization relays through Exchange Online", () => {
      const report = check(FIXTURE, (raw) => {
        raw.onPremises[0].sendConnectors = [
          { name: "Outbound to Office 365", addressSpaces: ["*"], smartHosts: ["contoso-com.mail.protection.outlook.com"], sourceServers: ["EX01"], certificate: { subject: "hybrid2.contoso.com" }, cloudServicesMailEnabled: true },
        ];
      });
      expect(findingsOf(report, "HMF002").map((f) => f.resource)).toEqual([SEND]);
      const own = findingsOf(report, "HMF017");
      expect(own.map((f) => f.resource)).toEqual([SEND]);
      expect(own[0]!.flows).toEqual(["EX01 (131.107.21.231) onprem-user@contoso.com -> cloud-user@contoso.mail.onmicrosoft.com"]);
    });

    it("reports relay through Exchange Online that reaches another tenant as Incoming mail", () => {
      const report = check(FIXTURE, (raw) => {
        raw.tenants.push({ id: "FABRIKAM", forest: "NAM", acceptedDomains: [{ domain: "fabrikam.com" }] });
        raw.onPremises[0].sendConnectors = [
          { name: "Outbound to Office 365", addressSpaces: ["*"], smartHosts: ["contoso-com.mail.protection.outlook.com"], sourceServers: ["EX01"], certificate: { subject: "hybrid2.contoso.com" }, cloudServicesMailEnabled: true },
        ];
      });
      const messages = findingsOf(report, "HMF017").map((f) => f.message);
      expect(messages.some((m) => m.includes('relayed through Exchange Online by "Outbound to Office 365"') && m.includes("Incoming + Anonymous"))).toBe(true);
    });
  });

  it("HMF016 reports private address space on a connector", () => {
    const report = check("broken/HMF016-loose-connector-ip.yaml", (raw) => {
      hybridConnector(raw).senderIPAddresses = ["10.20.30.40"];
    });
    const [f] = findingsOf(report, "HMF016");
    expect(f!.message).toContain("10.20.30.40 is private address space");
  });
});
