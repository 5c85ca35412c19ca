/**
 * A fake Microsoft 365 behind `pulumi.runtime.setMocks`: resources answer with what the tenant would
 * compute, so components can be run without a tenant, in tests and in `hybrid-mailflow preflight`.
 *
 * - `update` mode answers like `pulumi up`: every resource comes back with its inputs plus the values
 *   Microsoft 365 hands out (a TenantDomain's MS= verification TXT record, a verified domain's MX).
 * - `preview` mode answers like `pulumi preview`: resources come back with their inputs only and no id,
 *   so everything the cloud would compute stays unknown, exactly as the engine leaves it.
 */
import type * as pulumi from "@pulumi/pulumi";

export type FakeCloudMode = "preview" | "update";

/** The MS= value the fake tenant hands out for a domain; stable, so tests can predict it. */
export function verificationValueOf(domain: string): string {
  return `MS=ms${[...domain].reduce((n, c) => (n * 31 + c.charCodeAt(0)) % 100000000, 7)}`;
}

/** The MX target Microsoft 365 gives a domain (`contoso-com.mail.protection.outlook.com`). */
export function mxOf(domain: string): string {
  return `${domain.replace(/\./g, "-")}.mail.protection.outlook.com`;
}

/** The values the tenant computes for a resource once it exists (none for resources it does not own). */
export function computedByCloud(type: string, inputs: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const domain = typeof inputs.domainName === "string" ? inputs.domainName : undefined;
  if (!domain) return {};
  if (type.endsWith(":TenantDomain")) {
    return { verificationTxtRecord: { name: "@", text: verificationValueOf(domain), ttl: 3600 } };
  }
  if (type.endsWith(":TenantDomainVerification")) {
    return { mxRecord: { name: "@", mailExchange: mxOf(domain), preference: 0, ttl: 3600 }, isVerified: true };
  }
  return {};
}

const AZURE_DNS_RECORD_SET = "azure-native:dns:RecordSet";
/** Path parameters of the record set's ARM id: inputs that azure-native does not return as outputs. */
const RECORD_SET_PATH_PARAMETERS = ["resourceGroupName", "zoneName", "relativeRecordSetName", "recordType"];
const FAKE_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";

/**
 * An Azure DNS record set as azure-native 3.x returns it (sdk/nodejs/dns/recordSet.ts): the record
 * values and TTL come back, the path parameters do not; once Azure has the set, `id`, `name`, `fqdn`
 * and `type` name it. In a preview none of those exist yet.
 */
function azureRecordSetState(inputs: Readonly<Record<string, unknown>>, mode: FakeCloudMode): { id?: string; state: Record<string, unknown> } {
  const state = Object.fromEntries(Object.entries(inputs).filter(([k]) => !RECORD_SET_PATH_PARAMETERS.includes(k)));
  if (mode === "preview") return { state };
  const zone = String(inputs.zoneName);
  const name = String(inputs.relativeRecordSetName ?? "@");
  const type = String(inputs.recordType).toUpperCase();
  const id = `/subscriptions/${FAKE_SUBSCRIPTION}/resourceGroups/${String(inputs.resourceGroupName)}/providers/Microsoft.Network/dnszones/${zone}/${type}/${name}`;
  return { id, state: { ...state, id, name, type: `Microsoft.Network/dnszones/${type}`, fqdn: `${name === "@" ? zone : `${name}.${zone}`}.`, etag: "fake-etag", provisioningState: "Succeeded" } };
}

/** What the fake cloud answers for one registration, in the mode given. */
export function fakeCloudResource(args: pulumi.runtime.MockResourceArgs, mode: FakeCloudMode): pulumi.runtime.MockResourceResult {
  if (args.type === AZURE_DNS_RECORD_SET) {
    const { id, state } = azureRecordSetState(args.inputs, mode);
    return { id, state };
  }
  if (mode === "preview") return { id: undefined, state: { ...args.inputs } };
  return { id: `${args.name}-id`, state: { ...args.inputs, ...computedByCloud(args.type, args.inputs) } };
}

/** Mocks for `pulumi.runtime.setMocks`; `observe` sees each registration first (tests record them). */
export function fakeCloudMocks(mode: FakeCloudMode, observe?: (args: pulumi.runtime.MockResourceArgs) => void): pulumi.runtime.Mocks {
  return {
    newResource: (args) => {
      observe?.(args);
      return fakeCloudResource(args, mode);
    },
    call: () => ({}),
  };
}
