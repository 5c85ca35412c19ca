import { find, installMocks, mxOf, output, registered, registeredOutputs, settle, verificationValueOf } from "./mock-cloud";
import { TOKENS, RECORD_PROPERTY } from "../../src/core/stack/contract";

beforeAll(() => installMocks());

// Imported after setMocks so the components register against the mock monitor.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const components = () => require("../../src/components") as typeof import("../../src/components");

const byParent = (urn: string) => registered.filter((r) => r.parent === urn);

describe("MailDomain", () => {
  it("verifies through one apex TXT record set holding SPF and MS=, then sets the accepted domain, then publishes the MX Microsoft gives", async () => {
    const { MailDomain } = components();
    const longValue = `google-site-verification=${"k".repeat(300)}`;
    const domain = new MailDomain("contoso", {
      domain: "Contoso.com",
      tenantId: "contoso.onmicrosoft.com",
      domainType: "InternalRelay",
      matchSubDomains: true,
      spf: { ip4: ["198.51.100.10"] },
      extraTxtValues: [longValue],
      dkim: { selector1: "selector1-contoso-com._domainkey.contoso.n-v1.dkim.mail.microsoft", selector2: "selector2-contoso-com._domainkey.contoso.n-v1.dkim.mail.microsoft" },
      dmarc: "v=DMARC1; p=reject",
      autodiscoverCname: "autodiscover.outlook.com",
      dns: { resourceGroupName: "rg-dns" },
    });
    const records = await output(domain.records);
    await settle();

    const component = find(TOKENS.mailDomain, "contoso");
    const tenantDomain = find(":TenantDomain", "contoso");
    const txt = find(TOKENS.dnsRecordSet, "contoso-txt");
    const verification = find(":TenantDomainVerification", "contoso");
    const accepted = find(":AcceptedDomain", "contoso");
    const mx = find(TOKENS.dnsRecordSet, "contoso-mx");
    expect(byParent(component.urn!).map((r) => `${r.type} ${r.name}`).sort()).toEqual(
      [
        "azure-native:dns:RecordSet contoso-autodiscover-cname",
        "azure-native:dns:RecordSet contoso-dmarc-txt",
        "azure-native:dns:RecordSet contoso-mx",
        "azure-native:dns:RecordSet contoso-selector1-domainkey-cname",
        "azure-native:dns:RecordSet contoso-selector2-domainkey-cname",
        "azure-native:dns:RecordSet contoso-txt",
        "pulumi-nodejs:dynamic/hybrid-mailflow:AcceptedDomain contoso",
        "pulumi-nodejs:dynamic/hybrid-mailflow:TenantDomain contoso",
        "pulumi-nodejs:dynamic/hybrid-mailflow:TenantDomainVerification contoso",
      ].sort(),
    );

    expect(tenantDomain.inputs).toMatchObject({ domainName: "contoso.com", tenantId: "contoso.onmicrosoft.com", cloud: "commercial", adopt: false });
    // One record set for every TXT value at the apex; the long value arrives as 255-character strings.
    const apexTxtSets = registered.filter((r) => r.type === TOKENS.dnsRecordSet && r.inputs.recordType === "TXT" && r.inputs.relativeRecordSetName === "@");
    expect(apexTxtSets).toHaveLength(1);
    expect(txt.inputs).toMatchObject({ resourceGroupName: "rg-dns", zoneName: "contoso.com", relativeRecordSetName: "@", recordType: "TXT", ttl: 3600 });
    expect(txt.inputs.txtRecords).toEqual([
      { value: ["v=spf1 ip4:198.51.100.10 include:spf.protection.outlook.com -all"] },
      { value: [verificationValueOf("contoso.com")] },
      { value: [longValue.slice(0, 255), longValue.slice(255)] },
    ]);
    expect(txt.dependencies).toContain(tenantDomain.urn);

    expect(verification.inputs).toMatchObject({ domainName: "contoso.com", supportedServices: ["Email"], tenantId: "contoso.onmicrosoft.com" });
    expect(verification.dependencies).toContain(txt.urn);
    expect(accepted.inputs).toMatchObject({ domainName: "contoso.com", domainType: "InternalRelay", matchSubDomains: true });
    expect(accepted.dependencies).toContain(verification.urn);
    expect(accepted.dependencies).not.toContain(txt.urn);

    expect(mx.inputs).toMatchObject({ zoneName: "contoso.com", relativeRecordSetName: "@", recordType: "MX", mxRecords: [{ preference: 0, exchange: mxOf("contoso.com") }] });
    expect(mx.dependencies).toContain(verification.urn);
    expect(find(TOKENS.dnsRecordSet, "contoso-selector1-domainkey-cname").inputs).toMatchObject({
      relativeRecordSetName: "selector1._domainkey",
      recordType: "CNAME",
      cnameRecord: { cname: "selector1-contoso-com._domainkey.contoso.n-v1.dkim.mail.microsoft" },
    });
    expect(find(TOKENS.dnsRecordSet, "contoso-dmarc-txt").inputs).toMatchObject({ relativeRecordSetName: "_dmarc", txtRecords: [{ value: ["v=DMARC1; p=reject"] }] });
    expect(find(TOKENS.dnsRecordSet, "contoso-autodiscover-cname").inputs).toMatchObject({ relativeRecordSetName: "autodiscover", cnameRecord: { cname: "autodiscover.outlook.com" } });
    for (const r of registered.filter((x) => x.type === TOKENS.dnsRecordSet)) {
      expect(typeof r.inputs.zoneName).toBe("string");
      expect(typeof r.inputs.relativeRecordSetName).toBe("string");
    }

    expect(records).toEqual([
      { name: "contoso.com", type: "MX", ttl: 3600, values: [`0 ${mxOf("contoso.com")}`] },
      { name: "contoso.com", type: "TXT", ttl: 3600, values: ["v=spf1 ip4:198.51.100.10 include:spf.protection.outlook.com -all", verificationValueOf("contoso.com"), longValue] },
      { name: "selector1._domainkey.contoso.com", type: "CNAME", ttl: 3600, values: ["selector1-contoso-com._domainkey.contoso.n-v1.dkim.mail.microsoft"] },
      { name: "selector2._domainkey.contoso.com", type: "CNAME", ttl: 3600, values: ["selector2-contoso-com._domainkey.contoso.n-v1.dkim.mail.microsoft"] },
      { name: "_dmarc.contoso.com", type: "TXT", ttl: 3600, values: ["v=DMARC1; p=reject"] },
      { name: "autodiscover.contoso.com", type: "CNAME", ttl: 3600, values: ["autodiscover.outlook.com"] },
    ]);

    const expectedRecord = {
      schemaVersion: 1,
      domain: "contoso.com",
      tenantId: "contoso.onmicrosoft.com",
      domainType: "InternalRelay",
      matchSubDomains: true,
      mx: { target: "exchangeOnline" },
      spf: "v=spf1 ip4:198.51.100.10 include:spf.protection.outlook.com -all",
    };
    expect(component.inputs[RECORD_PROPERTY]).toEqual(expectedRecord);
    expect(component.inputs.domain).toBe("Contoso.com");
    expect(registeredOutputs.get(component.urn!)?.[RECORD_PROPERTY]).toEqual(expectedRecord);
  });

  it("without dns publishes nothing and outputs the records to publish elsewhere; an on-premises MX is published as given", async () => {
    registered.length = 0;
    const { MailDomain } = components();
    const domain = new MailDomain("fabrikam", { domain: "fabrikam.com", mx: "onPremises", onPremisesMxHosts: ["mail1.fabrikam.com", "mail2.fabrikam.com."], manageSpf: false, extraTxtValues: ["v=spf1 ip4:203.0.113.5 -all"] });
    const records = await output(domain.records);
    await settle();
    expect(registered.filter((r) => r.type === TOKENS.dnsRecordSet)).toEqual([]);
    expect(records.slice(0, 2)).toEqual([
      { name: "fabrikam.com", type: "MX", ttl: 3600, values: ["10 mail1.fabrikam.com", "20 mail2.fabrikam.com"] },
      { name: "fabrikam.com", type: "TXT", ttl: 3600, values: [verificationValueOf("fabrikam.com"), "v=spf1 ip4:203.0.113.5 -all"] },
    ]);
    expect(await output(domain.mxHosts)).toEqual(["mail1.fabrikam.com", "mail2.fabrikam.com"]);
    expect(find(TOKENS.mailDomain, "fabrikam").inputs[RECORD_PROPERTY]).toMatchObject({ mx: { target: "onPremises", hosts: ["mail1.fabrikam.com", "mail2.fabrikam.com"] }, spf: null });
    // Verification still follows the domain, it just has no record set to wait for.
    expect(find(":TenantDomainVerification", "fabrikam").dependencies).toEqual([find(":TenantDomain", "fabrikam").urn]);
  });

  it("publishes a subdomain in its parent's zone under relative names", async () => {
    registered.length = 0;
    const { MailDomain } = components();
    new MailDomain("hybrid", { domain: "hybrid.contoso.com", dns: { resourceGroupName: "rg", zoneName: "contoso.com" }, dmarc: "v=DMARC1; p=reject" });
    await settle();
    const names = registered.filter((r) => r.type === TOKENS.dnsRecordSet).map((r) => `${r.name} ${r.inputs.zoneName} ${r.inputs.relativeRecordSetName} ${r.inputs.recordType}`);
    expect(names.sort()).toEqual(["hybrid-dmarc-txt contoso.com _dmarc.hybrid TXT", "hybrid-mx contoso.com hybrid MX", "hybrid-txt contoso.com hybrid TXT"]);
  });

  it.each([
    ["a malformed domain", { domain: "contoso..com" }, /domain: "contoso\.\.com" is not a domain name/],
    ["MatchSubDomains on an Authoritative domain", { domain: "contoso.com", matchSubDomains: true }, /matchSubDomains: Exchange Online allows MatchSubDomains only on InternalRelay domains\. Fix: set domainType: InternalRelay/],
    ["an on-premises MX without hosts", { domain: "contoso.com", mx: "onPremises" as const }, /onPremisesMxHosts: mx is onPremises but no host is given/],
    ["a second SPF record", { domain: "contoso.com", extraTxtValues: ["v=spf1 -all"] }, /extraTxtValues\[0\]: is an SPF record, but the component already publishes one/],
    ["a zone that does not hold the domain", { domain: "contoso.com", dns: { resourceGroupName: "rg", zoneName: "fabrikam.com" } }, /dns\.zoneName: contoso\.com is not in the zone fabrikam\.com/],
    ["Azure DNS without a resource group", { domain: "contoso.com", dns: { zoneName: "contoso.com" } }, /dns\.resourceGroupName: is required/],
    ["a DMARC value without v=DMARC1", { domain: "contoso.com", dmarc: "p=reject" }, /dmarc: "p=reject" is not a DMARC record/],
    ["TXT values over 4096 characters", { domain: "contoso.com", extraTxtValues: ["x".repeat(4000)] }, /extraTxtValues: the TXT record set at contoso\.com would hold/],
    ["SPF over 10 lookups", { domain: "contoso.com", spf: { includes: Array.from({ length: 9 }, (_, i) => ({ domain: `_spf${i}.example.net` })) } }, /spf\.includes: the SPF record of contoso\.com needs 11 DNS lookups/],
  ])("refuses %s before creating anything", async (_label, args, message) => {
    registered.length = 0;
    const { MailDomain } = components();
    expect(() => new MailDomain("bad", args)).toThrow(message);
    await settle();
    expect(registered).toEqual([]);
  });
});
