/**
 * Real header blocks from public list archives (test/headers/fixtures/README.md), explained by the
 * core. Each expectation is read off the headers by hand: the hop a value comes from is named.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { analyzeHeaders, type HeaderAnalysis } from "../../src/core/headers";

const fixture = (name: string): string => readFileSync(join(__dirname, "fixtures", name), "utf8");
const analyze = (name: string, text = fixture(name)): Promise<HeaderAnalysis> => analyzeHeaders(text, name);
const kinds = (a: HeaderAnalysis): string[] => a.hops.map((h) => h.kind);
const ids = (a: HeaderAnalysis): string[] => a.findings.map((f) => f.id);

describe("an on-premises relay through a tenant (amd.com to qemu-devel, 2024)", () => {
  let a: HeaderAnalysis;
  beforeAll(async () => {
    a = await analyze("onprem-relay-amd-qemu.txt");
  });

  it("lists the hops oldest first, each classified", () => {
    expect(kinds(a)).toEqual(["on-premises", "on-premises", "on-premises", "eop-frontend", "exchange-online", "exchange-online", "eop-outbound", "receiver", "receiver", "receiver"]);
    expect(a.hops[0]).toMatchObject({ from: "luc-work-vm", fromIp: "10.180.168.240", by: "SATLEXMB03.amd.com", at: "2024-03-01T13:21:30.000Z" });
    expect(a.hops[3]).toMatchObject({ from: "SATLEXMB04.amd.com", fromIp: "165.204.84.17", by: "MWH0EPF000971E2.mail.protection.outlook.com" });
    // Exim writes the reverse-DNS name first and the HELO in the comment.
    expect(a.hops[6]).toMatchObject({ from: "NAM10-MW2-obe.outbound.protection.outlook.com", fromRdns: "mail-mw2nam10on2070.outbound.protection.outlook.com", fromIp: "40.107.94.70", by: "eggs.gnu.org", envelopeFrom: "Luc.Michel@amd.com", for: "qemu-devel@nongnu.org" });
  });

  it("proves the attribution to AMD's tenant through the OnPremises connector, from the folded stamp", () => {
    expect(a.attributions).toHaveLength(1);
    expect(a.attributions[0]).toMatchObject({
      tenantId: "3dd8961f-e488-4e60-8e11-a82d994e183d",
      fromEntity: "HybridOnPrem",
      path: "on-premises-relay",
      authAs: "Anonymous",
      connectingIp: "165.204.84.17",
      helo: "SATLEXMB04.amd.com",
      direction: "OUT",
      scl: 1,
      hop: 3,
      proof: "proven",
    });
  });

  it("finds the egress in the normal outbound pool, which Microsoft's SPF record covers", () => {
    expect(a.egress).toMatchObject({ ip: "40.107.94.70", host: "mail-mw2nam10on2070.outbound.protection.outlook.com", pool: "outbound" });
    expect(a.egress!.why).toContain("ip4:40.107.0.0/16");
  });

  it("lists what each receiver recorded, Exchange Online first", () => {
    expect(a.authentication.map((r) => [r.receiver, r.header, r.spf])).toEqual([
      ["Exchange Online", "Received-SPF", "pass"],
      ["Exchange Online", "X-MS-Exchange-Authentication-Results", "pass"],
      ["mx.microsoft.com", "ARC-Authentication-Results", "pass"],
      ["eggs.gnu.org", "Received-SPF", "softfail"],
    ]);
    expect(a.authentication[1]).toMatchObject({ dmarc: "pass action=none", dkim: "none", mailFrom: "amd.com", clientIp: "165.204.84.17" });
    expect(a.envelope).toEqual({ mailFrom: "Luc.Michel@amd.com", mailFromSource: "Received-SPF of eggs.gnu.org", recipient: "qemu-devel@nongnu.org" });
  });

  it("reports the incident's finding: relayed through the tenant, SPF must include spf.protection.outlook.com", () => {
    expect(ids(a)).toEqual(["HDR001", "HDR006"]);
    const f = a.findings[0]!;
    expect(f.severity).toBe("mandatory");
    expect(f.message).toContain("from on-premises server SATLEXMB04.amd.com (165.204.84.17)");
    expect(f.message).toContain("spf.protection.outlook.com");
    expect(f.message).toContain("eggs.gnu.org recorded SPF softfail");
    expect(f.sources).toEqual(expect.arrayContaining(["S2", "S23"]));
    // The SPF conclusion rests on the Received chain and published ranges; the tenant on the undocumented stamps.
    expect([f.certainty, f.gaps]).toEqual(["documented", ["X8"]]);
    expect(a.findings[1]).toMatchObject({ id: "HDR006", certainty: "uncertain", gaps: ["X8"] });
    expect(f.evidence).toEqual(expect.arrayContaining(["X-MS-Exchange-CrossTenant-FromEntityHeader", "Received-SPF"]));
  });

  it("decodes encoded words for display", () => {
    expect(a.summary.to).toBe("Alex Bennée <alex.bennee@linaro.org>");
    expect(a.summary.subject).toBe("Re: [PATCH v5 09/12] contrib/plugins/hotblocks: migrate to new per_vcpu API");
  });

  it("reads the same block with CRLF line endings and as a whole .eml with a body", async () => {
    const lf = fixture("onprem-relay-amd-qemu.txt");
    const crlf = await analyze("crlf", lf.replace(/\n/g, "\r\n"));
    const eml = await analyze("eml", `${lf}\nOn 14:33 Thu 29 Feb, someone wrote:\nReceived: from not.a.header (1.2.3.4) by x.example; Fri, 1 Mar 2024 00:00:00 +0000\n`);
    for (const other of [crlf, eml]) {
      expect(other.hops).toEqual(a.hops);
      expect(other.attributions).toEqual(a.attributions);
      expect(other.findings).toEqual(a.findings);
    }
  });
});

describe("a cloud mailbox (amd.com to LKML, 2025)", () => {
  let a: HeaderAnalysis;
  beforeAll(async () => {
    a = await analyze("cloud-mailbox-amd-lkml.txt");
  });

  it("starts at the mailbox submission and leaves from the outbound pool", () => {
    expect(kinds(a)).toEqual(["exchange-online", "exchange-online", "eop-outbound", "receiver", "receiver", "receiver"]);
    expect(a.hops[0]!.with).toBe("mapi");
    expect(a.egress).toMatchObject({ ip: "40.107.100.40", pool: "outbound" });
  });

  it("attributes it to the tenant as a hosted mailbox, authenticated", () => {
    expect(a.attributions).toEqual([
      expect.objectContaining({ tenantId: "3dd8961f-e488-4e60-8e11-a82d994e183d", fromEntity: "Hosted", path: "cloud-mailbox", authAs: "Internal", connectingIp: null, helo: null, direction: "OUT", hop: 0, proof: "proven" }),
    ]);
  });

  it("merges the receiver's split Authentication-Results and reports its SPF fail from Exchange Online", () => {
    const kernel = a.authentication.find((r) => r.receiver === "smtp.subspace.kernel.org" && r.header === "Authentication-Results")!;
    expect(kernel).toMatchObject({ spf: "fail", dkim: "pass", dmarc: "pass", arc: "fail", clientIp: "40.107.100.40", mailFrom: "amd.com" });
    expect(ids(a)).toEqual(["HDR004"]);
    expect(a.findings[0]!.message).toContain("smtp.subspace.kernel.org recorded SPF fail for amd.com from 40.107.100.40");
  });
});

describe("a message looped through an add-on service and back (topic.nl via CodeTwo, 2025)", () => {
  let a: HeaderAnalysis;
  beforeAll(async () => {
    a = await analyze("addon-loop-codetwo-topic.txt");
  });

  it("shows two exits from Exchange Online and the re-entry in between", () => {
    expect(kinds(a)).toEqual(["exchange-online", "exchange-online", "eop-outbound", "eop-frontend", "exchange-online", "exchange-online", "eop-outbound", "receiver", "receiver"]);
    expect(a.hops[2]).toMatchObject({ from: "AS8PR07CU003.outbound.protection.outlook.com", fromIp: "40.93.65.53", by: "westeu11-emailsignatures-cloud.codetwo.com" });
  });

  it("is attributed twice: the mailbox pass (stamps stripped) and the return through the OnPremises connector", () => {
    expect(a.attributions).toHaveLength(2);
    expect(a.attributions[0]).toMatchObject({ tenantId: null, path: "cloud-mailbox", direction: "OUT", proof: "partial", hop: 0 });
    expect(a.attributions[0]!.note).toContain("X-MS-Exchange-Transport-CrossTenantHeadersStripped: AMS1EPF00000043.eurprd04.prod.outlook.com");
    expect(a.attributions[1]).toMatchObject({
      tenantId: "449607a5-3517-482d-8d16-41dd868cbda3",
      fromEntity: "HybridOnPrem",
      path: "connector-return",
      authAs: "Anonymous",
      connectingIp: "20.93.157.195",
      helo: "westeu11-emailsignatures-cloud.codetwo.com",
      hop: 3,
      proof: "proven",
    });
  });

  it("takes the last exit as the egress and explains the loop", () => {
    expect(a.egress).toMatchObject({ ip: "40.107.159.95", pool: "outbound", hop: 6 });
    expect(ids(a)).toEqual(["HDR005", "HDR007"]);
    expect(a.authentication.map((r) => r.receiver)).toContain("Exchange Online (an earlier pass)");
  });
});

describe("a message from the relay pool (nuvoton on-premises to LKML, 2024)", () => {
  let a: HeaderAnalysis;
  beforeAll(async () => {
    a = await analyze("relay-pool-nuvoton-lkml.txt");
  });

  it("relays from on-premises through the tenant and leaves from 40.95.0.0/16", () => {
    expect(a.hops[0]).toMatchObject({ from: null, by: "taln60.nuvoton.co.il", kind: "on-premises" });
    expect(a.attributions[0]).toMatchObject({ tenantId: "a3f24931-d403-4b4a-94f1-7d83ac638e07", path: "on-premises-relay", connectingIp: "211.75.126.7", helo: "NTHCCAS01.nuvoton.com" });
    expect(a.egress).toMatchObject({ ip: "40.95.53.40", host: "mail-psaapc01rlnn2040.outbound.protection.outlook.com", pool: "relay" });
  });

  it("says why: the MAIL FROM domain had no SPF on arrival and is not the tenant's", () => {
    const onArrival = a.authentication.find((r) => r.receiver === "Exchange Online" && r.header === "Received-SPF")!;
    expect(onArrival.spf).toBe("none");
    expect(ids(a)).toEqual(["HDR003", "HDR006"]);
    expect(a.findings[0]).toMatchObject({ severity: "mandatory", certainty: "documented", sources: ["S34", "S23", "S24"], gaps: [] });
    expect(a.findings[0]!.message).toContain("smtp.subspace.kernel.org recorded SPF none for taln60.nuvoton.co.il from 40.95.53.40");
  });
});

describe("mail that came into a tenant through its own on-premises gateway (colorado.edu, 2019)", () => {
  let a: HeaderAnalysis;
  beforeAll(async () => {
    a = await analyze("onprem-gateway-inbound-colorado.txt");
  });

  it("tells the sender's side, the organisation's gateways, Exchange Online and what came after apart", () => {
    expect(a.hops.map((h) => h.kind)).toEqual([
      ...Array(4).fill("third-party"),
      ...Array(9).fill("on-premises"),
      "eop-frontend",
      ...Array(3).fill("exchange-online"),
      ...Array(5).fill("third-party"),
    ]);
    expect(a.hops[4]).toMatchObject({ from: "vger.kernel.org", by: "mx.colorado.edu" });
    expect(a.hops[13]).toMatchObject({ from: "ipmx3.colorado.edu", fromIp: "128.138.67.74", by: "BY2NAM01FT049.mail.protection.outlook.com" });
    expect(a.hops[16]!.with).toBe("HTTPS");
    expect(a.hops[17]!.why).toContain("left Exchange Online another way");
  });

  it("reads the receiving tenant's own Organization fields: Originating yet Anonymous", () => {
    expect(a.attributions).toEqual([
      expect.objectContaining({
        tenantId: "3ded8b1b-070d-4629-82e4-c0b019f46057",
        fromEntity: "HybridOnPrem",
        path: "on-premises-inbound",
        authAs: "Anonymous",
        connectingIp: "128.138.67.74",
        helo: "ipmx3.colorado.edu",
        direction: "INB",
        directionality: "Originating",
        scl: -1,
        authSource: "BY2NAM01FT049.eop-nam01.prod.protection.outlook.com",
        hop: 13,
      }),
    ]);
    expect(a.egress).toBeNull();
    expect(ids(a)).toEqual(["HDR006"]);
  });

  it("keeps the gateway's own result, which Exchange Online renamed to -Original, under the gateway's name", () => {
    expect(a.authentication.map((r) => [r.receiver, r.header, r.spf, r.dkim])).toEqual([
      ["mx.colorado.edu", "Authentication-Results-Original", null, "pass"],
      ["Exchange Online", "Received-SPF", "none", null],
      ["Exchange Online", "Authentication-Results", "none", "pass"],
    ]);
  });
});

describe("capture, on a constructed block (no public archive holds one: the final receiver is inside Exchange Online)", () => {
  // Built from the stamps of the AMD fixture plus a second, invented tenant's pass, in the shapes
  // the real fixtures show; it exercises the capture finding only.
  const block = [
    "Received: from NAM10-MW2-obe.outbound.protection.outlook.com (2603:10b6:303:80::17) by BN8NAM12FT010.mail.protection.outlook.com (10.13.182.180) with Microsoft SMTP Server id 15.20.7316.41; Fri, 1 Mar 2024 13:21:35 +0000",
    "Received: from SATLEXMB04.amd.com (165.204.84.17) by MWH0EPF000971E2.mail.protection.outlook.com (10.167.243.69) with Microsoft SMTP Server id 15.20.7292.25; Fri, 1 Mar 2024 13:21:33 +0000",
    "From: someone@firma.example",
    "X-MS-Exchange-CrossTenant-Id: 11111111-2222-3333-4444-555555555555",
    "X-MS-Exchange-CrossTenant-OriginalAttributedTenantConnectingIp: TenantId=11111111-2222-3333-4444-555555555555; Ip=[165.204.84.17];",
    " Helo=[SATLEXMB04.amd.com]",
    "X-MS-Exchange-CrossTenant-AuthSource: MWH0EPF000971E2.namprd02.prod.outlook.com",
    "X-MS-Exchange-CrossTenant-FromEntityHeader: HybridOnPrem",
    "X-MS-Exchange-CrossTenant-Id: 66666666-7777-8888-9999-000000000000",
    "X-MS-Exchange-CrossTenant-AuthSource: BN8NAM12FT010.eop-nam12.prod.protection.outlook.com",
    "X-MS-Exchange-CrossTenant-AuthAs: Anonymous",
    "X-EOPTenantAttributedMessage: 66666666-7777-8888-9999-000000000000:0",
    "X-MS-Exchange-Organization-MessageDirectionality: Incoming",
    "X-MS-Exchange-Organization-AuthAs: Anonymous",
    "",
  ].join("\n");

  it("reports the capture when the sender's and the recipient's tenants differ", async () => {
    const a = await analyze("constructed", block);
    expect(a.attributions.map((x) => [x.tenantId, x.path, x.directionality])).toEqual([
      ["11111111-2222-3333-4444-555555555555", "on-premises-relay", null],
      ["66666666-7777-8888-9999-000000000000", "incoming", "Incoming"],
    ]);
    expect(a.attributions[1]!.evidence).toEqual(expect.arrayContaining(["X-EOPTenantAttributedMessage", "X-MS-Exchange-Organization-MessageDirectionality"]));
    expect(a.egress).toBeNull();
    expect(ids(a)).toEqual(["HDR002"]);
    expect(a.findings[0]!.message).toContain("then delivered into a different tenant, 66666666-7777-8888-9999-000000000000");
  });
});

describe("Exchange Online's own Authentication-Results, as Microsoft documents it (S23)", () => {
  it("reads compauth and its reason, with no authserv-id and the documentation's interleaved receiver names", async () => {
    // The example of the anti-spam message headers page (composite authentication), unfolded as printed there.
    const block = [
      "Received: from mail.fabrikam.com (10.2.3.4) by BN8NAM12FT010.mail.protection.outlook.com (10.13.182.180) with Microsoft SMTP Server; Fri, 1 Mar 2024 13:21:35 +0000",
      "Authentication-Results: spf=none (sender IP is 10.2.3.4)",
      "  smtp.mailfrom=fabrikam.com; contoso.com; dkim=none",
      "  (message not signed) header.d=none; contoso.com; dmarc=none",
      "  action=none header.from=fabrikam.com; compauth=fail reason=001",
      "From: chris@fabrikam.com",
      "To: michelle@contoso.com",
      "",
    ].join("\n");
    const a = await analyze("documented", block);
    expect(a.authentication).toEqual([
      { receiver: "Exchange Online", header: "Authentication-Results", instance: null, spf: "none", dkim: "none", dmarc: "none action=none", compauth: "fail reason=001", arc: null, mailFrom: "fabrikam.com", headerFrom: "fabrikam.com", clientIp: "10.2.3.4" },
    ]);
    expect(a.hops.map((h) => h.kind)).toEqual(["eop-frontend"]);
  });
});

describe("the high-risk pool, on a constructed block (Microsoft publishes no addresses or host names for it)", () => {
  it("is named from EOP's outbound spam verdict, not from the address", async () => {
    const block = [
      "Received: from NAM10-MW2-obe.outbound.protection.outlook.com (40.107.94.70) by mx.partner.example with ESMTPS; Fri, 1 Mar 2024 13:26:47 +0000",
      "Received: from SA0PR12MB4557.namprd12.prod.outlook.com ([fe80::1]) by SA0PR12MB4557.namprd12.prod.outlook.com ([fe80::1]) with mapi id 15.20.8655.033; Fri, 1 Mar 2024 13:26:40 +0000",
      "X-Forefront-Antispam-Report: CIP:255.255.255.255;CTRY:;LANG:en;SCL:9;SRV:;IPV:NLI;SFV:SPM;H:SA0PR12MB4557.namprd12.prod.outlook.com;DIR:OUT;",
      "X-MS-Exchange-CrossTenant-Id: 3dd8961f-e488-4e60-8e11-a82d994e183d",
      "X-MS-Exchange-CrossTenant-AuthSource: SA0PR12MB4557.namprd12.prod.outlook.com",
      "X-MS-Exchange-CrossTenant-FromEntityHeader: Hosted",
      "",
    ].join("\n");
    const a = await analyze("constructed", block);
    expect(a.attributions[0]).toMatchObject({ path: "cloud-mailbox", sfv: "SPM", scl: 9 });
    expect(a.egress).toMatchObject({ ip: "40.107.94.70", pool: "high-risk" });
    expect(a.egress!.why).toContain("SFV:SPM");
  });
});
