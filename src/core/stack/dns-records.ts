/**
 * DNS as the stack will publish it: Azure DNS record sets (TXT chunks joined, as resolvers join
 * them), else what a MailDomain component intends to publish (for users of other DNS hosts), else
 * nothing. Microsoft's SPF records and the pack's extra records fill in the rest of the internet.
 */
import { classicEopMxHost } from "../domains";
import type { WorldInput } from "../model/types";
import { resourceId } from "../rules/rule";
import { withMicrosoftSpfRecords } from "../spf/microsoft-records";
import { RECORD_PROPERTY, TOKENS, type MailDomainRecord } from "./contract";
import type { PackSettings } from "./pack-settings";
import { knownString, plain, type UnverifiedLog } from "./reading";
import type { StackResource } from "./stack-resource";
import { isUnknown, unknownPaths } from "./unknown";

type DnsMap = NonNullable<WorldInput["dns"]>;
type MxInput = { preference: number; exchange: string };

export function mailDomainRecordOf(r: StackResource): MailDomainRecord | undefined {
  if (r.type !== TOKENS.mailDomain) return undefined;
  const record = plain(r.props[RECORD_PROPERTY]) as MailDomainRecord | undefined;
  return record && typeof record === "object" && record.schemaVersion === 1 ? record : undefined;
}

function asArray<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

interface RecordSetAddress {
  readonly fqdn: string;
  readonly type: string;
}

const joinName = (zone: string, relative: string) => (relative === "@" ? zone : `${relative}.${zone}`).toLowerCase().replace(/\.$/, "");

/** From the shape of azure-native's inputs (zoneName, relativeRecordSetName, recordType). */
function fromInputs(props: Record<string, unknown> | undefined): RecordSetAddress | undefined {
  const zone = knownString(props?.zoneName);
  const type = knownString(props?.recordType);
  if (!zone || !type) return undefined;
  return { fqdn: joinName(zone, knownString(props?.relativeRecordSetName) ?? "@"), type: type.toUpperCase() };
}

// `/subscriptions/…/resourceGroups/…/providers/Microsoft.Network/dnszones/<zone>/<TYPE>/<name>` (ARM spells it dnszones or dnsZones).
const ARM_RECORD_SET = /\/providers\/Microsoft\.Network\/dnszones\/([^/]+)\/([A-Za-z]+)\/([^/]+)$/i;

/**
 * Where an Azure DNS record set lives. AnalyzeStack hands the pack a resource's outputs, and
 * azure-native's RecordSet outputs hold no zoneName, relativeRecordSetName or recordType (those are
 * inputs and path parameters); once created they carry the ARM `id`, `fqdn` and `type`. So: the inputs
 * where the shell has them (mocks, the pack's resource policy, checkpoints that keep `__inputs`), else
 * the ARM id, else fqdn and type.
 */
export function recordSetAddress(r: StackResource): RecordSetAddress | undefined {
  const props = plain(r.props) as Record<string, unknown>;
  const fromOutputs = fromInputs(props) ?? fromInputs(plain(props.__inputs) as Record<string, unknown> | undefined) ?? fromInputs(plain(r.inputs) as Record<string, unknown> | undefined);
  if (fromOutputs) return fromOutputs;
  const arm = knownString(props.id)?.match(ARM_RECORD_SET);
  if (arm) return { fqdn: joinName(decodeURIComponent(arm[1]!), decodeURIComponent(arm[3]!)), type: arm[2]!.toUpperCase() };
  const fqdn = knownString(props.fqdn);
  const type = knownString(props.type)?.split("/").pop();
  if (fqdn && type) return { fqdn: fqdn.toLowerCase().replace(/\.$/, ""), type: type.toUpperCase() };
  return undefined;
}

function intendedMx(record: MailDomainRecord): MxInput[] {
  // The component publishes the MX the service hands out; whatever its form, it is an EOP endpoint.
  if (record.mx.target === "exchangeOnline") return [{ preference: 0, exchange: classicEopMxHost(record.domain) }];
  return record.mx.hosts.map((exchange, i) => ({ preference: 10 * (i + 1), exchange }));
}

export function stackDns(resources: readonly StackResource[], settings: PackSettings, log: UnverifiedLog, urnOf: Map<string, string>): DnsMap {
  const intents = new Map<string, { record: MailDomainRecord; urn: string }>();
  for (const r of resources) {
    const record = mailDomainRecordOf(r);
    if (record) intents.set(record.domain.toLowerCase(), { record, urn: r.urn });
  }
  const published = new Map<string, { txt?: string[]; mx?: MxInput[] }>();
  for (const r of resources) {
    if (r.type !== TOKENS.dnsRecordSet) continue;
    const props = plain(r.props) as Record<string, unknown>;
    const address = recordSetAddress(r);
    if (!address) {
      // Neither inputs nor the names Azure hands out are known yet: say so rather than skip silently.
      log.record(resourceId.dns(r.name), r.urn, "zoneName", "dns");
      continue;
    }
    const { fqdn, type } = address;
    const entry = published.get(fqdn) ?? {};
    published.set(fqdn, entry);
    const intent = intents.get(fqdn);
    if (type === "TXT") {
      urnOf.set(resourceId.dns(fqdn), r.urn);
      const known: string[] = [];
      const unknown: string[] = [];
      // Before the tenant domain exists the whole set is unknown (the token is computed); a MailDomain
      // still says what it will publish besides the token: its SPF.
      if (isUnknown(props.txtRecords)) {
        if (intent) known.push(...(intent.record.spf ? [intent.record.spf] : []));
        else unknown.push("txtRecords");
      }
      asArray<{ value?: unknown[] }>(props.txtRecords).forEach((rec, i) => {
        const paths = unknownPaths(rec?.value, `txtRecords[${i}].value`);
        if (paths.length > 0 || isUnknown(rec)) unknown.push(...(paths.length > 0 ? paths : [`txtRecords[${i}]`]));
        else known.push(((rec?.value ?? []) as string[]).join(""));
      });
      // A MailDomain's apex set holds its SPF and the verification token; once the SPF is there, an
      // unknown value is the token, which mail flow never reads.
      const onlyToken = intent !== undefined && unknown.length === 1 && (intent.record.spf === null || known.includes(intent.record.spf));
      if (!onlyToken) for (const path of unknown) log.record(resourceId.dns(fqdn), r.urn, path, "dns");
      entry.txt = [...(entry.txt ?? []), ...known];
    } else if (type === "MX") {
      const mx: MxInput[] = [];
      let unknownHosts = false;
      if (isUnknown(props.mxRecords)) {
        unknownHosts = true;
        if (!intent) log.record(resourceId.dns(fqdn), r.urn, "mxRecords", "dns");
      }
      asArray<{ preference?: unknown; exchange?: unknown }>(props.mxRecords).forEach((rec, i) => {
        const host = knownString(rec?.exchange);
        if (host) mx.push({ preference: typeof rec.preference === "number" ? rec.preference : 10, exchange: host });
        else {
          unknownHosts = true;
          if (!intent) log.record(resourceId.dns(fqdn), r.urn, `mxRecords[${i}].exchange`, "dns");
        }
      });
      entry.mx = unknownHosts && intent ? intendedMx(intent.record) : mx;
    }
  }
  // The one shared snapshot, under the pack's own records: what the configuration says wins.
  const dns: DnsMap = { ...withMicrosoftSpfRecords(settings.dns as Record<string, never>) } as DnsMap;
  for (const [domain, { record, urn }] of intents) {
    if (!urnOf.has(resourceId.dns(domain))) urnOf.set(resourceId.dns(domain), urn);
    if (!published.has(domain)) published.set(domain, { ...(record.spf ? { txt: [record.spf] } : {}), mx: intendedMx(record) });
    const entry = published.get(domain)!;
    if (entry.mx === undefined) entry.mx = intendedMx(record);
    if (entry.txt === undefined && record.spf) entry.txt = [record.spf];
  }
  for (const [name, entry] of published) dns[name] = { ...(dns[name] ?? {}), ...entry };
  return dns;
}
