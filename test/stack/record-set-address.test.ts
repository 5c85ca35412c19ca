/**
 * Where an Azure DNS record set lives, read the ways the real engine hands it over: AnalyzeStack gives
 * outputs (azure-native 3.x: no zoneName, relativeRecordSetName or recordType; after creation an ARM
 * `id`, `fqdn` and `type`), the resource policy gives inputs, older checkpoints keep `__inputs`.
 */
import { recordSetAddress } from "../../src/core/stack/dns-records";
import type { StackResource } from "../../src/core/stack/stack-resource";
import { UNKNOWN } from "../../src/core/stack/unknown";

const SECRET = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };
const base = { urn: "urn:pulumi:dev::p::azure-native:dns:RecordSet::spf", type: "azure-native:dns:RecordSet", name: "spf" };
const at = (props: Record<string, unknown>, inputs?: Record<string, unknown>): StackResource => ({ ...base, props, ...(inputs ? { inputs } : {}) });
const txt = { txtRecords: [{ value: ["v=spf1 -all"] }], ttl: 3600 };

it("reads the ARM id of a created record set, whatever the case of dnsZones and however the name is encoded", () => {
  const id = "/subscriptions/0f1e/resourceGroups/rg-dns/providers/Microsoft.Network/dnszones/contoso.com/TXT/@";
  expect(recordSetAddress(at({ ...txt, id, name: "@", fqdn: "contoso.com.", type: "Microsoft.Network/dnszones/TXT" }))).toEqual({ fqdn: "contoso.com", type: "TXT" });
  expect(recordSetAddress(at({ id: "/subscriptions/0f1e/resourceGroups/rg/providers/Microsoft.Network/dnsZones/Contoso.com/MX/_dmarc" }))).toEqual({ fqdn: "_dmarc.contoso.com", type: "MX" });
});

it("falls back to fqdn and type when the id is not a record set id", () => {
  expect(recordSetAddress(at({ ...txt, id: UNKNOWN, fqdn: "selector1._domainkey.contoso.com.", type: "Microsoft.Network/dnszones/CNAME" }))).toEqual({ fqdn: "selector1._domainkey.contoso.com", type: "CNAME" });
});

it("uses the inputs the resource policy saw when a preview has no names yet", () => {
  const outputs = { ...txt, id: UNKNOWN, fqdn: UNKNOWN, name: UNKNOWN, type: UNKNOWN, etag: UNKNOWN };
  expect(recordSetAddress(at(outputs))).toBeUndefined();
  expect(recordSetAddress(at(outputs, { resourceGroupName: "rg", zoneName: "contoso.com", relativeRecordSetName: "@", recordType: "TXT", ...txt }))).toEqual({ fqdn: "contoso.com", type: "TXT" });
});

it("reads checkpointed inputs (`__inputs`, a secret) and inputs-shaped props", () => {
  const inputs = { zoneName: "contoso.com", relativeRecordSetName: "autodiscover", recordType: "cname" };
  expect(recordSetAddress(at({ __inputs: { ...SECRET, value: inputs } }))).toEqual({ fqdn: "autodiscover.contoso.com", type: "CNAME" });
  expect(recordSetAddress(at(inputs))).toEqual({ fqdn: "autodiscover.contoso.com", type: "CNAME" });
});

it("does not take an unknown zone for a name", () => {
  expect(recordSetAddress(at({ zoneName: UNKNOWN, recordType: "TXT" }))).toBeUndefined();
});
