/**
 * The conventions CI tools and shells expect of a command line: --version, standard input, colour only
 * on a terminal, machine formats (SARIF, JUnit, Markdown), reports into new folders, flags that name
 * themselves in errors, and input as admins copy it from Windows and Exchange.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { XMLValidator, XMLParser } from "fast-xml-parser";
import { stringify } from "yaml";
import { runCli } from "./support/run-cli";
import { readDocument } from "../src/cli/read-document";
import { colourEnabled } from "../src/cli/format/colour";
import { reportFileFormat } from "../src/cli/commands/check";
import { ALL_RULES } from "../src/core/rules";
import { GAPS, MODEL_RULES, SOURCES } from "../src/core/sources";

const root = join(__dirname, "..");
const bin = join(root, "dist/src/cli/main.js");
const broken = join(root, "examples/worlds/firma-hybrid.yaml");
const fixed = join(root, "examples/worlds/firma-fixed.yaml");
const run = runCli;

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "hmf-conventions-"));
});

function file(name: string, content: string | Buffer): string {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
}

function withWorld(edit: (world: any) => void): string {
  const world = readDocument(fixed) as any;
  edit(world);
  return file(`w-${Math.random().toString(36).slice(2)}.yaml`, stringify(world));
}

describe("--version and help", () => {
  test("--version prints the package version", async () => {
    const r = await run(["--version"]);
    expect(r.code).toBe(0);
    expect(r.out.trim()).toBe(JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version);
  });

  test("help text never shows an unquoted <> that bash would read as a redirection", async () => {
    for (const command of ["explain", "route"]) {
      const r = await run([command, "--help"]);
      expect(r.code).toBe(0);
      expect(r.out).toContain("--from '<>'");
      expect(r.out.replace(/'<>'/g, "")).not.toMatch(/<>/);
    }
  });
});

describe("input", () => {
  test("check - reads the world from standard input", () => {
    const r = spawnSync(process.execPath, [bin, "check", "-", "--json"], { input: readFileSync(broken), encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).findings.map((f: { rule: string }) => f.rule)).toContain("HMF003");
  });

  test("errors about standard input say so instead of naming '-'", () => {
    const r = spawnSync(process.execPath, [bin, "check", "-"], { input: "tenants: []\n", encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("standard input is not valid");
  });

  test("UTF-16 LE with a BOM (Windows PowerShell 5.1's default) and UTF-8 with a BOM are read", async () => {
    const text = readFileSync(broken, "utf8");
    const json = JSON.stringify(readDocument(broken));
    const utf16 = file("world-utf16.json", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(json, "utf16le")]));
    const utf16be = file("world-utf16be.yaml", Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, "utf16le").swap16()]));
    const utf8bom = file("world-bom.yaml", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")]));
    for (const path of [utf16, utf16be, utf8bom]) {
      const r = await run(["check", path, "--json"]);
      expect(r.err).toBe("");
      expect(r.code).toBe(1);
      expect(JSON.parse(r.out).findings.map((f: { rule: string }) => f.rule)).toContain("HMF003");
    }
  });

  test("a certificate subject given as a DN, as Get-ExchangeCertificate prints it, is read as its CN", async () => {
    const dn = withWorld((w) => {
      w.onPremises[0].sendConnectors[0].certificate.subject = `CN=${w.onPremises[0].sendConnectors[0].certificate.subject}, OU=IT, O="Firma, a.s.", L=Praha, C=CZ`;
    });
    const plain = await run(["check", fixed, "--json"]);
    const fromDn = await run(["check", dn, "--json"]);
    expect(fromDn.err).toBe("");
    expect(JSON.parse(fromDn.out)).toEqual(JSON.parse(plain.out));

    const explain = await run(["explain", broken, "--from", "jan@firma.cz", "--to", "eva@partner1.cz", "--ip", "10.20.30.40", "--cert", "CN=mail.firma.cz, O=Firma, C=CZ", "--json"]);
    expect(explain.code).toBe(0);
    expect(JSON.parse(explain.out).attribution).toMatchObject({ tenant: "FIRMA", by: "certificate" });
  });

  test("DN forms: escaped and quoted separators, the connector form, and a DN without CN", async () => {
    const { commonNameOf } = await import("../src/core/model/names");
    expect(commonNameOf("CN=mail.contoso.com, OU=IT, O=Contoso, C=US")).toBe("mail.contoso.com");
    expect(commonNameOf('O="Contoso, Inc.", CN=mail.contoso.com')).toBe("mail.contoso.com");
    expect(commonNameOf("O=Contoso\\, Inc., cn=Mail.Contoso.com")).toBe("Mail.Contoso.com");
    expect(commonNameOf("<I>CN=R3, O=Let's Encrypt, C=US<S>CN=hybrid.contoso.com")).toBe("hybrid.contoso.com");
    expect(commonNameOf("mail.contoso.com")).toBe("mail.contoso.com");
    const noCn = withWorld((w) => {
      w.onPremises[0].sendConnectors[0].certificate.subject = "O=Firma, C=CZ";
    });
    const r = await run(["check", noCn]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("onPremises[0].sendConnectors[0].certificate.subject: is a distinguished name without CN=");
  });

  test("a trailing dot (the fully qualified form) is the same domain", async () => {
    const dotted = withWorld((w) => {
      w.tenants[0].acceptedDomains[0].domain = `${w.tenants[0].acceptedDomains[0].domain}.`;
      w.onPremises[0].senderDomains = w.onPremises[0].senderDomains.map((d: string) => `${d}.`);
    });
    const plain = await run(["check", fixed, "--json"]);
    const r = await run(["check", dotted, "--json"]);
    expect(r.err).toBe("");
    expect(JSON.parse(r.out)).toEqual(JSON.parse(plain.out));
  });

  test("IPv6 is refused with the reason, in the world file and in --ip", async () => {
    const v6 = withWorld((w) => {
      w.onPremises[0].servers[0].egressIps = ["2001:db8::25"];
    });
    const r = await run(["check", v6]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("onPremises[0].servers[0].egressIps[0]: is an IPv6 address; Exchange Online connectors take IPv4 addresses only");
    const e = await run(["explain", broken, "--from", "jan@firma.cz", "--to", "eva@partner1.cz", "--ip", "2001:db8::25"]);
    expect(e.code).toBe(2);
    expect(e.err).toContain("--ip: is an IPv6 address");
  });
});

describe("flag errors name the flags", () => {
  test("--dns-server without --live-dns is an error naming both, before anything runs", async () => {
    const r = await run(["check", broken, "--dns-server", "127.0.0.1:53"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("--dns-server");
    expect(r.err).toContain("--live-dns");
    expect(r.out).toBe("");
  });

  test("explain without --ip or --mailbox names those flags, not the message fields", async () => {
    const r = await run(["explain", broken, "--from", "jan@firma.cz", "--to", "eva@partner1.cz"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("--ip");
    expect(r.err).toContain("--mailbox");
    expect(r.err).not.toMatch(/connectingIp|mailboxTenant/);
  });

  test("a bad --from names --from, not mailFrom", async () => {
    const r = await run(["explain", broken, "--from", "not-an-address", "--to", "eva@partner1.cz", "--ip", "10.20.30.40"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("--from");
    expect(r.err).not.toContain("mailFrom");
  });
});

describe("stale suppressions", () => {
  test("a suppression naming no rule is reported as a warning and in the JSON", async () => {
    const world = withWorld((w) => {
      w.suppressions = [
        { rule: "HMF099", resource: "*", reason: "Old rule id from a previous version" },
        { rule: "hmf004", resource: "*", reason: "Lower-case id copied from a ticket" },
        { rule: "HMF004", resource: "*", reason: "A real rule, so this one is not stale" },
      ];
    });
    const r = await run(["check", world, "--json"]);
    expect(r.code).toBe(0);
    expect(r.err).toContain('warning: ');
    expect(r.err).toContain('suppressions[0]: suppression of rule "HMF099"');
    expect(r.err).toContain("did you mean HMF004?");
    const stale = JSON.parse(r.out).staleSuppressions;
    expect(stale.map((s: { path: string; rule: string }) => [s.path, s.rule])).toEqual([
      ["suppressions[0]", "HMF099"],
      ["suppressions[1]", "hmf004"],
    ]);
  });
});

describe("machine formats", () => {
  test("--format sarif is SARIF 2.1.0 with one rule per HMF rule and a located result per finding", async () => {
    const r = await run(["check", broken, "--format", "sarif"]);
    expect(r.code).toBe(1);
    const sarif = JSON.parse(r.out);
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.$schema).toMatch(/sarif-2\.1\.0/);
    const sarifRun = sarif.runs[0];
    expect(sarifRun.tool.driver.name).toBe("hybrid-mailflow");
    expect(sarifRun.tool.driver.rules.map((x: { id: string }) => x.id)).toEqual(ALL_RULES.map((x) => x.id));
    const capture = sarifRun.results.find((x: { ruleId: string }) => x.ruleId === "HMF003");
    expect(capture.level).toBe("error");
    expect(sarifRun.tool.driver.rules[capture.ruleIndex].id).toBe("HMF003");
    const loc = capture.locations[0].physicalLocation;
    expect(loc.artifactLocation.uri).not.toMatch(/^\//);
    expect(loc.artifactLocation.uri).toMatch(/firma-hybrid\.yaml$/);
    // The finding's resource (dns:firma.cz) is found on its line of the world file.
    const line = readFileSync(broken, "utf8").split("\n")[loc.region.startLine - 1];
    expect(line).toContain("firma.cz");
    expect(capture.message.text).toContain("Fix:");
    const advisory = sarifRun.results.find((x: { ruleId: string }) => x.ruleId === "HMF004");
    expect(advisory.level).toBe("warning");
  });

  test("suppressed findings are in SARIF with their written reason", async () => {
    const world = withWorld((w) => {
      w.dns["firma.cz"].txt = ["v=spf1 ip4:10.20.30.40 -all"];
      w.suppressions = [{ rule: "HMF011", resource: "dns:*", reason: "SPF change scheduled with the DNS team" }];
    });
    const r = await run(["check", world, "--format", "sarif"]);
    const results = JSON.parse(r.out).runs[0].results;
    const suppressed = results.filter((x: { suppressions?: unknown[] }) => x.suppressions);
    expect(suppressed.length).toBeGreaterThan(0);
    expect(suppressed[0].suppressions[0]).toEqual({ kind: "external", status: "accepted", justification: "SPF change scheduled with the DNS team" });
  });

  test("--format junit is well-formed JUnit XML: one case per rule, mandatory findings fail", async () => {
    const r = await run(["check", broken, "--format", "junit"]);
    expect(r.code).toBe(1);
    expect(XMLValidator.validate(r.out)).toBe(true);
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(r.out);
    const suite = xml.testsuites.testsuite;
    expect(Number(suite.tests)).toBe(ALL_RULES.length);
    expect(suite.testcase).toHaveLength(ALL_RULES.length);
    const failed = suite.testcase.filter((c: { failure?: unknown }) => c.failure).map((c: { classname: string }) => c.classname);
    expect(failed).toEqual(expect.arrayContaining(["hybrid-mailflow.HMF003", "hybrid-mailflow.HMF011"]));
    expect(failed).not.toContain("hybrid-mailflow.HMF004"); // advisory
    expect(Number(suite.failures)).toBe(failed.length);
    const ok = await run(["check", fixed, "--format", "junit"]);
    expect(ok.code).toBe(0);
    expect(ok.out).not.toContain("<failure");
  });

  test("--format markdown is a table of findings for a pull request", async () => {
    const r = await run(["check", broken, "--format", "markdown"]);
    expect(r.out).toMatch(/^## hybrid-mailflow check: blocked/);
    expect(r.out).toContain("| Rule | Level | Resource | Finding | Fix |");
    expect(r.out).toMatch(/\| HMF003 Tenant capture makes partner mail fail SPF \| mandatory \| `dns:firma.cz` \|/);
  });

  test("--json still works and equals --format json", async () => {
    const a = await run(["check", broken, "--json"]);
    const b = await run(["check", broken, "--format", "json"]);
    expect(JSON.parse(a.out)).toEqual(JSON.parse(b.out));
  });

  test("an unknown --format is a usage error listing the choices", async () => {
    const r = await run(["check", broken, "--format", "xml"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/sarif/);
  });
});

describe("--report", () => {
  test("creates missing folders and picks the format from the file name", async () => {
    const dir = join(scratch, "new", "nested");
    const sarifPath = join(dir, "hybrid-mailflow.sarif");
    const r = await run(["check", broken, "--report", sarifPath]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("Result: BLOCKED"); // the log still gets the text
    expect(JSON.parse(readFileSync(sarifPath, "utf8")).version).toBe("2.1.0");
    const xmlPath = join(dir, "results.xml");
    await run(["check", broken, "--report", xmlPath]);
    expect(XMLValidator.validate(readFileSync(xmlPath, "utf8"))).toBe(true);
    expect(reportFileFormat("r.json")).toBe("json");
    expect(reportFileFormat("summary.md")).toBe("markdown");
  });

  test("a folder that cannot be created is an error before the run", async () => {
    const blocker = file("not-a-folder", "x");
    const r = await run(["check", broken, "--report", join(blocker, "sub", "r.json")]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("--report");
    expect(r.out).toBe("");
    expect(existsSync(join(blocker, "sub"))).toBe(false);
  });
});

describe("colour", () => {
  test("on at a terminal, off when piped, off with NO_COLOR, on with FORCE_COLOR", () => {
    expect(colourEnabled({ isTTY: true }, {})).toBe(true);
    expect(colourEnabled({ isTTY: false }, {})).toBe(false);
    expect(colourEnabled({}, {})).toBe(false);
    expect(colourEnabled({ isTTY: true }, { NO_COLOR: "1" })).toBe(false);
    expect(colourEnabled({ isTTY: true }, { NO_COLOR: "" })).toBe(true);
    expect(colourEnabled({ isTTY: true }, { TERM: "dumb" })).toBe(false);
    expect(colourEnabled({ isTTY: false }, { FORCE_COLOR: "1" })).toBe(true);
    expect(colourEnabled({ isTTY: false }, { FORCE_COLOR: "1", NO_COLOR: "1" })).toBe(false);
  });

  test("piped output has no escape codes; FORCE_COLOR colours the text format only", () => {
    const env = { ...process.env, NO_COLOR: "", FORCE_COLOR: "" };
    const piped = spawnSync(process.execPath, [bin, "check", broken], { encoding: "utf8", env });
    expect(piped.stdout).not.toMatch(/\u001b\[/);
    const forced = spawnSync(process.execPath, [bin, "check", broken], { encoding: "utf8", env: { ...env, FORCE_COLOR: "1" } });
    expect(forced.stdout).toMatch(/\u001b\[31m/);
    const json = spawnSync(process.execPath, [bin, "check", broken, "--json"], { encoding: "utf8", env: { ...env, FORCE_COLOR: "1" } });
    expect(json.stdout).not.toMatch(/\u001b\[/);
  });
});

describe("sources", () => {
  test("every R, S and X id the engine can cite is listed, with a link wherever the model document has one", async () => {
    const r = await run(["sources", "--json"]);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.out) as Array<{ id: string; kind: string; url?: string }>;
    const ids = list.map((x) => x.id);
    for (let i = 1; i <= 15; i++) expect(ids).toContain(`R${i}`);
    for (const id of [...SOURCES.keys(), ...GAPS.keys(), ...MODEL_RULES.keys()]) expect(ids).toContain(id);
    const linked = list.filter((x) => x.kind === "source" && x.url);
    expect(linked.length).toBeGreaterThanOrEqual(25);
    for (const x of linked) expect(x.url).toMatch(/^https:\/\//);
  });

  test("docs/attribution-model.md explains every id, with the same links", () => {
    const doc = readFileSync(join(root, "docs/attribution-model.md"), "utf8");
    for (const id of [...MODEL_RULES.keys(), ...SOURCES.keys(), ...GAPS.keys()]) expect(doc).toContain(`<a id="${id.toLowerCase()}"></a>${id} |`);
    for (const s of SOURCES.values()) if (s.url) expect(doc).toContain(`<${s.url}>`);
    // Every in-page link points at an anchor that exists.
    for (const [, anchor] of doc.matchAll(/\]\(#([a-z0-9-]+)\)/g)) expect(doc).toContain(`<a id="${anchor}"></a>`);
  });

  test("ids can be looked up one by one; an unknown id is an error", async () => {
    const r = await run(["sources", "r4", "S14"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^R4 /m);
    expect(r.out).toMatch(/^S14 .*<https:\/\/learn\.microsoft\.com/m);
    const bad = await run(["sources", "R99"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("R99");
  });

  test("every rule and source a trace of the bundled examples cites resolves", async () => {
    const r = await run(["explain", broken, "--from", "jan@firma.cz", "--to", "eva@partner1.cz", "--ip", "10.20.30.40", "--cert", "mail.firma.cz", "--json"]);
    const trace = JSON.parse(r.out).trace as Array<{ rule: string; sources: string[] }>;
    for (const step of trace) {
      expect(MODEL_RULES.has(step.rule)).toBe(true);
      for (const s of step.sources) expect(SOURCES.has(s)).toBe(true);
    }
  });
});

describe("the test suite's temporary files", () => {
  test("live under one private folder that the run removes", () => {
    const rootDir = process.env.HYBRID_MAILFLOW_TEST_TMP;
    expect(rootDir).toBeTruthy();
    expect(tmpdir()).toBe(rootDir);
  });
});

describe("optional peer dependencies", () => {
  test("a command that needs a missing peer names the package to install", async () => {
    const { requirePeers } = await import("../src/cli/peers");
    const resolve = (name: string): string => {
      if (name === "@pulumi/policy") throw Object.assign(new Error("not found"), { code: "MODULE_NOT_FOUND" });
      return `/x/${name}`;
    };
    expect(() => requirePeers("preflight", ["@pulumi/pulumi", "@pulumi/policy"], resolve)).toThrow(/preflight is not valid:\n  - \(top level\): needs @pulumi\/policy, which is not installed .*run: npm install @pulumi\/policy/);
    expect(() => requirePeers("preflight", ["@pulumi/pulumi"], resolve)).not.toThrow();
  });

  test("check, explain, route, simulate and sources load no Pulumi or Azure package", () => {
    // A hook that fails any load of an optional peer, as an install without them would.
    const hook = `const M=require("module");const o=M._resolveFilename;M._resolveFilename=function(r,...a){if(/^@pulumi\\/|^@azure\\//.test(r))throw Object.assign(new Error("peer loaded: "+r),{code:"MODULE_NOT_FOUND"});return o.call(this,r,...a)};`;
    const hookFile = file("no-peers.js", hook);
    const runs = [
      ["check", broken],
      ["check", broken, "--format", "sarif"],
      ["explain", broken, "--from", "jan@firma.cz", "--to", "eva@partner1.cz", "--ip", "10.20.30.40"],
      ["route", broken, "--from", "jan@firma.cz", "--to", "eva@partner1.cz"],
      ["sources"],
    ];
    for (const args of runs) {
      const r = spawnSync(process.execPath, ["--require", hookFile, bin, ...args], { encoding: "utf8" });
      expect(r.stderr).not.toContain("peer loaded");
      expect([0, 1]).toContain(r.status);
    }
    const core = spawnSync(process.execPath, ["--require", hookFile, "-e", `require(${JSON.stringify(join(root, "dist/src/core-api.js"))})`], { encoding: "utf8" });
    expect(core.stderr).toBe("");
    expect(core.status).toBe(0);
    const preflight = spawnSync(process.execPath, ["--require", hookFile, bin, "preflight", join(root, "examples/onprem-mx-certificate")], { encoding: "utf8" });
    expect(preflight.status).toBe(2);
    expect(preflight.stderr).toContain("npm install @pulumi/pulumi @pulumi/policy");
  });
});
