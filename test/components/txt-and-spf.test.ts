import { azureTxtRecords, chunkTxtValue, assertTxtRecordSetSize, TXT_STRING_MAX } from "../../src/components/txt-chunks";
import { composeSpf } from "../../src/components/spf-record";
import { ComponentInputError } from "../../src/components/input-error";

describe("TXT chunking", () => {
  it("keeps values of up to 255 characters whole and splits longer ones into 255-character strings that join back", () => {
    expect(chunkTxtValue("v=spf1 -all")).toEqual(["v=spf1 -all"]);
    expect(chunkTxtValue("a".repeat(255))).toEqual(["a".repeat(255)]);
    const long = Array.from({ length: 600 }, (_, i) => String.fromCharCode(97 + (i % 26))).join("");
    const chunks = chunkTxtValue(long);
    expect(chunks.map((c) => c.length)).toEqual([255, 255, 90]);
    expect(chunks.join("")).toBe(long);
    expect(azureTxtRecords(["x", long])).toEqual([{ value: ["x"] }, { value: chunks }]);
    expect(chunks.every((c) => c.length <= TXT_STRING_MAX)).toBe(true);
  });

  it("refuses a record set over Azure's 4096 characters, naming the field", () => {
    expect(() => assertTxtRecordSetSize(["a".repeat(4000), "b".repeat(97)], "contoso.com", "extraTxtValues")).toThrow(/extraTxtValues: the TXT record set at contoso.com would hold 4097 characters; Azure DNS allows 4096/);
    expect(() => assertTxtRecordSetSize(["a".repeat(4000), "b".repeat(96)], "contoso.com", "extraTxtValues")).not.toThrow();
  });
});

describe("SPF composition", () => {
  it("lists on-premises IPs, Exchange Online and third parties in order, ending in -all", () => {
    const spf = composeSpf("contoso.com", { ip4: ["198.51.100.10", "203.0.113.0/28", "198.51.100.10"], includes: [{ domain: "_spf.mailer.example.net" }] }, "commercial", "spf");
    expect(spf.record).toBe("v=spf1 ip4:198.51.100.10 ip4:203.0.113.0/28 include:spf.protection.outlook.com include:_spf.mailer.example.net -all");
    // spf.protection.outlook.com costs 2 (it includes spfd), an unknown third party at least 1.
    expect(spf.lookups).toBe(3);
  });

  it("uses the cloud's include, ~all on request, and no Exchange Online when told", () => {
    expect(composeSpf("contoso.us", {}, "gcchigh", "spf").record).toBe("v=spf1 include:spf.protection.office365.us -all");
    expect(composeSpf("contoso.com", { exchangeOnline: false, ip4: ["198.51.100.10"], all: "softfail" }, "commercial", "spf").record).toBe("v=spf1 ip4:198.51.100.10 ~all");
  });

  it("counts declared lookups of third parties and refuses more than 10 with the field, the count and the fix", () => {
    const includes = [
      { domain: "_spf.crm.example.net", lookups: 4 },
      { domain: "_spf.tickets.example.net", lookups: 3 },
      { domain: "_spf.newsletter.example.org" },
    ];
    expect(composeSpf("contoso.com", { includes }, "commercial", "domains[0].spf").lookups).toBe(10);
    const tooMany = [...includes, { domain: "_spf.survey.example.com" }];
    let error: unknown;
    try {
      composeSpf("contoso.com", { includes: tooMany }, "commercial", "domains[0].spf");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ComponentInputError);
    const message = (error as Error).message;
    expect(message).toContain("domains[0].spf.includes: the SPF record of contoso.com needs 11 DNS lookups");
    expect(message).toContain("spf.protection.outlook.com: 2");
    expect(message).toContain("RFC 7208 allows 10");
    expect(message).toMatch(/Fix: remove includes of services that no longer send/);
  });

  it("names a bad IP or include target", () => {
    expect(() => composeSpf("contoso.com", { ip4: ["198.51.100.300"] }, "commercial", "spf")).toThrow(/spf\.ip4\[0\]: "198\.51\.100\.300" is not an IPv4 address/);
    expect(() => composeSpf("contoso.com", { includes: [{ domain: "include:bad" }] }, "commercial", "spf")).toThrow(/spf\.includes\[0\]\.domain/);
    expect(() => composeSpf("contoso.com", { includes: [{ domain: "_spf.example.net", lookups: 0 }] }, "commercial", "spf")).toThrow(/spf\.includes\[0\]\.lookups/);
  });
});
