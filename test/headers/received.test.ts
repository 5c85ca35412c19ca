/** Received clauses as the common MTAs write them; the lines are taken from the real fixtures unless marked. */
import { parseReceived } from "../../src/core/headers";

describe("parseReceived", () => {
  it("reads Exchange's form: from HELO (IP) by HOST (IP)", () => {
    expect(parseReceived("from SATLEXMB04.amd.com (165.204.84.17) by MWH0EPF000971E2.mail.protection.outlook.com (10.167.243.69) with Microsoft SMTP Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256) id 15.20.7292.25 via Frontend Transport; Fri, 1 Mar 2024 13:21:33 +0000")).toEqual({
      from: "SATLEXMB04.amd.com",
      fromIp: "165.204.84.17",
      fromRdns: null,
      by: "MWH0EPF000971E2.mail.protection.outlook.com",
      with: "Microsoft SMTP Server",
      envelopeFrom: null,
      for: null,
      at: "2024-03-01T13:21:33.000Z",
    });
  });

  it("reads Postfix's form: from HELO (RDNS [IP])", () => {
    expect(parseReceived("from APC01-PSA-obe.outbound.protection.outlook.com (mail-psaapc01rlnn2040.outbound.protection.outlook.com [40.95.53.40]) (using TLSv1.2 with cipher ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits)) (No client certificate requested) by smtp.subspace.kernel.org (Postfix) with ESMTPS id 6910733CD1; Fri, 10 May 2024 01:57:24 +0000 (UTC)")).toMatchObject({
      from: "APC01-PSA-obe.outbound.protection.outlook.com",
      fromRdns: "mail-psaapc01rlnn2040.outbound.protection.outlook.com",
      fromIp: "40.95.53.40",
      by: "smtp.subspace.kernel.org",
      with: "ESMTPS",
      at: "2024-05-10T01:57:24.000Z",
    });
  });

  it("reads Exim's form: from RDNS ([IP] helo=HELO), with envelope-from and for", () => {
    expect(parseReceived("from mail-mw2nam10on2070.outbound.protection.outlook.com ([40.107.94.70] helo=NAM10-MW2-obe.outbound.protection.outlook.com) by eggs.gnu.org with esmtps (TLS1.2:ECDHE_RSA_AES_256_GCM_SHA384:256) (Exim 4.90_1) (envelope-from <Luc.Michel@amd.com>) id 1rg2uT-0001d7-GG for qemu-devel@nongnu.org; Fri, 01 Mar 2024 08:26:47 -0500")).toEqual({
      from: "NAM10-MW2-obe.outbound.protection.outlook.com",
      fromIp: "40.107.94.70",
      fromRdns: "mail-mw2nam10on2070.outbound.protection.outlook.com",
      by: "eggs.gnu.org",
      with: "esmtps",
      envelopeFrom: "Luc.Michel@amd.com",
      for: "qemu-devel@nongnu.org",
      at: "2024-03-01T13:26:47.000Z",
    });
  });

  it("reads a mailbox submission and a local one", () => {
    expect(parseReceived("from SA0PR12MB4557.namprd12.prod.outlook.com ([fe80::d22d:666e:be69:117f]) by SA0PR12MB4557.namprd12.prod.outlook.com ([fe80::d22d:666e:be69:117f%3]) with mapi id 15.20.8655.033; Tue, 22 Apr 2025 17:06:17 +0000")).toMatchObject({
      from: "SA0PR12MB4557.namprd12.prod.outlook.com",
      fromIp: "fe80::d22d:666e:be69:117f",
      with: "mapi",
    });
    expect(parseReceived("by taln60.nuvoton.co.il (Postfix, from userid 10070) id 82DA3DC0BCE; Thu,  9 May 2024 22:24:13 +0300 (IDT)")).toMatchObject({ from: null, fromIp: null, by: "taln60.nuvoton.co.il", at: "2024-05-09T19:24:13.000Z" });
  });

  it("takes an address literal as the address (constructed line)", () => {
    expect(parseReceived("from [192.0.2.7] (helo=printer.example) by mx.example.net with esmtp; Mon, 1 Jan 2024 00:00:00 +0000")).toMatchObject({ from: "printer.example", fromIp: "192.0.2.7", fromRdns: null });
  });

  it("leaves the date null when it cannot be read", () => {
    expect(parseReceived("from a.example by b.example").at).toBeNull();
    expect(parseReceived("from a.example by b.example; not a date").at).toBeNull();
  });
});
