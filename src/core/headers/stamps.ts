/**
 * Tenant attributions proven by the stamps Exchange Online leaves on a message. No Microsoft
 * reference page documents the X-MS-Exchange-CrossTenant-* fields (attribution-model.md §1.10, gap
 * X8); their meanings here come from real headers (S30, grade E). X-EOPTenantAttributedMessage is
 * described by EOP field notes (S22), X-Forefront-Antispam-Report by the anti-spam header reference
 * (S23), X-MS-Exchange-Organization-MessageDirectionality/-AuthAs by the hybrid training unit (S21).
 */
import { serverLabel } from "./hosts";
import type { Attribution, AttributionPath, HeaderField, Hop } from "./types";

const CROSS_TENANT = "x-ms-exchange-crosstenant-";
const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

interface AntispamReport {
  readonly header: string;
  readonly cip: string | null;
  readonly dir: string | null;
  readonly sfv: string | null;
  readonly scl: number | null;
  readonly h: string | null;
  readonly ipv: string | null;
}

/** `CIP:1.2.3.4;CTRY:US;...;DIR:OUT;` into its fields (S23). */
export function parseAntispamReport(name: string, value: string): AntispamReport {
  const map = new Map<string, string>();
  for (const part of value.split(";")) {
    const colon = part.indexOf(":");
    if (colon > 0) map.set(part.slice(0, colon).trim().toUpperCase(), part.slice(colon + 1).trim());
  }
  const scl = map.get("SCL");
  return {
    header: name,
    cip: map.get("CIP") || null,
    dir: map.get("DIR") || null,
    sfv: map.get("SFV") || null,
    scl: scl !== undefined && /^-?\d+$/.test(scl) ? Number(scl) : null,
    h: map.get("H") || null,
    ipv: map.get("IPV") || null,
  };
}

/** `TenantId=<guid>; Ip=[1.2.3.4]; Helo=[host]` */
export function parseConnectingIp(value: string): { tenantId: string | null; ip: string | null; helo: string | null } {
  const get = (k: string) => new RegExp(`${k}=\\[?([^;\\]\\s]*)\\]?`, "i").exec(value)?.[1] || null;
  return { tenantId: get("TenantId")?.toLowerCase() ?? null, ip: get("Ip"), helo: get("Helo") };
}

interface StampSet {
  readonly fields: Map<string, HeaderField>;
}

/** CrossTenant fields come in one set per pass; a name seen again starts the next set. */
function stampSets(fields: readonly HeaderField[]): StampSet[] {
  const sets: StampSet[] = [];
  let current: StampSet | null = null;
  for (const f of fields) {
    if (!f.key.startsWith(CROSS_TENANT)) continue;
    const sub = f.key.slice(CROSS_TENANT.length);
    if (!current || current.fields.has(sub)) {
      current = { fields: new Map() };
      sets.push(current);
    }
    current.fields.set(sub, f);
  }
  return sets;
}

function hopByServer(hops: readonly Hop[], server: string | null): number | null {
  if (!server) return null;
  const label = serverLabel(server);
  const i = hops.findIndex((h) => serverLabel(h.by) === label);
  return i < 0 ? null : i;
}

function hopByConnectingIp(hops: readonly Hop[], ip: string | null): number | null {
  const i = ip ? hops.findIndex((h) => h.fromIp === ip && h.kind === "eop-frontend") : -1;
  return i < 0 ? null : i;
}

function pathOf(fromEntity: string | null, hopIndex: number | null, hops: readonly Hop[], report: AntispamReport | null, submission: boolean): AttributionPath {
  const fe = (fromEntity ?? "").toLowerCase();
  if (fe === "hosted") return "cloud-mailbox";
  const leftBefore = hopIndex !== null && hops.slice(0, hopIndex).some((h) => h.kind === "eop-outbound");
  const leavesAfter = hopIndex !== null ? hops.slice(hopIndex).some((h) => h.kind === "eop-outbound") : hops.some((h) => h.kind === "eop-outbound");
  if (fe === "hybridonprem") {
    if (leftBefore) return "connector-return";
    if (leavesAfter || report?.dir === "OUT") return "on-premises-relay";
    return "on-premises-inbound";
  }
  if (submission) return "cloud-mailbox";
  if (report?.dir === "INB") return "incoming";
  return "unknown";
}

export function readAttributions(fields: readonly HeaderField[], hops: readonly Hop[]): Attribution[] {
  const reports = fields
    .filter((f) => f.key === "x-forefront-antispam-report" || f.key === "x-forefront-antispam-report-untrusted")
    .map((f) => ({ f, r: parseAntispamReport(f.name, f.value) }));
  const used = new Set<HeaderField>();
  const all = (key: string) => fields.filter((f) => f.key === key);
  const stripped = all("x-ms-exchange-transport-crosstenantheadersstripped");
  const org = (k: string) => all(`x-ms-exchange-organization-${k}`)[0] ?? null;
  const out: Attribution[] = [];

  for (const set of stampSets(fields)) {
    const v = (k: string) => set.fields.get(k)?.value ?? null;
    const cti = v("originalattributedtenantconnectingip");
    const conn = cti ? parseConnectingIp(cti) : { tenantId: null, ip: null, helo: null };
    const tenantId = (v("id") ?? "").match(GUID)?.[0]?.toLowerCase() ?? conn.tenantId;
    const authSource = v("authsource");
    // The trusted report of the same pass names the same connecting address or HELO.
    const match =
      reports.find((x) => !used.has(x.f) && x.f.key === "x-forefront-antispam-report" && ((conn.ip && x.r.cip === conn.ip) || (conn.helo && x.r.h?.toLowerCase() === conn.helo.toLowerCase()))) ??
      reports.find((x) => !used.has(x.f) && x.f.key === "x-forefront-antispam-report");
    if (match) used.add(match.f);
    const report = match?.r ?? null;
    const hop = hopByServer(hops, authSource) ?? hopByConnectingIp(hops, conn.ip);
    const submission = report?.cip === "255.255.255.255";
    const fromEntity = v("fromentityheader");
    const evidence = [...set.fields.values()].map((f) => f.name);
    if (match) evidence.push(match.f.name);
    out.push({
      tenantId,
      worldTenant: null,
      fromEntity,
      path: pathOf(fromEntity, hop, hops, report, submission),
      authAs: v("authas"),
      connectingIp: conn.ip ?? (report?.cip && !submission ? report.cip : null),
      helo: conn.helo ?? (report && !submission ? report.h : null),
      direction: report?.dir ?? null,
      directionality: null,
      scl: report?.scl ?? null,
      sfv: report?.sfv ?? null,
      authSource,
      hop,
      proof: tenantId ? "proven" : "partial",
      evidence,
      note: null,
    });
  }

  // Reports left over belong to passes whose CrossTenant stamps did not survive: EOP renames an
  // earlier pass's report to -Untrusted when the message comes back in (observed, grade E).
  for (const { f, r } of reports) {
    if (used.has(f)) continue;
    const submission = r.cip === "255.255.255.255";
    const hop = hopByServer(hops, r.h);
    const ev = [f.name, ...stripped.map((s) => s.name)];
    out.push({
      tenantId: null,
      worldTenant: null,
      fromEntity: null,
      path: pathOf(null, hop, hops, r, submission || hops[hop ?? -1]?.with?.toLowerCase().startsWith("mapi") === true),
      authAs: null,
      connectingIp: submission ? null : r.cip,
      helo: submission ? null : r.h,
      direction: r.dir,
      directionality: null,
      scl: r.scl,
      sfv: r.sfv,
      authSource: r.h,
      hop,
      proof: "partial",
      evidence: ev,
      note:
        `only ${f.name} survives from this pass` +
        (stripped.length > 0 ? `; its CrossTenant stamps were removed (X-MS-Exchange-Transport-CrossTenantHeadersStripped: ${stripped.map((s) => s.value).join(", ")})` : "") +
        ", so the tenant is not stamped" +
        (submission ? "; CIP 255.255.255.255 marks a submission by a mailbox, not an SMTP connection" : ""),
    });
  }

  // X-EOPTenantAttributedMessage is stamped when EOP attributes the message to a tenant (S22).
  for (const f of all("x-eoptenantattributedmessage")) {
    const guid = f.value.match(GUID)?.[0]?.toLowerCase();
    if (!guid) continue;
    const same = out.findIndex((a) => a.tenantId === guid);
    if (same >= 0) out[same] = { ...out[same]!, evidence: [...out[same]!.evidence, f.name] };
    else {
      out.push({ tenantId: guid, worldTenant: null, fromEntity: null, path: "unknown", authAs: null, connectingIp: null, helo: null, direction: null, directionality: null, scl: null, sfv: null, authSource: null, hop: null, proof: "proven", evidence: [f.name], note: "attributed by EOP (X-EOPTenantAttributedMessage) without CrossTenant stamps for the pass" });
    }
  }

  // Organization headers are what the receiving tenant itself recorded (S21): they describe the last pass.
  const directionality = org("messagedirectionality");
  const orgAuthAs = org("authas");
  if ((directionality || orgAuthAs) && out.length > 0) {
    const last = out[out.length - 1]!;
    out[out.length - 1] = {
      ...last,
      path: last.path === "unknown" && directionality?.value.toLowerCase() === "incoming" ? "incoming" : last.path,
      directionality: directionality?.value ?? null,
      authAs: last.authAs ?? orgAuthAs?.value ?? null,
      authSource: last.authSource ?? org("authsource")?.value ?? null,
      evidence: [...last.evidence, ...[directionality, orgAuthAs].filter((x): x is HeaderField => x !== null).map((x) => x.name)],
    };
  } else if (directionality || orgAuthAs) {
    out.push({
      tenantId: null, worldTenant: null, fromEntity: null, path: directionality?.value.toLowerCase() === "incoming" ? "incoming" : "unknown",
      authAs: orgAuthAs?.value ?? null, connectingIp: null, helo: null, direction: null, directionality: directionality?.value ?? null,
      scl: null, sfv: null, authSource: org("authsource")?.value ?? null, hop: null, proof: "partial",
      evidence: [directionality, orgAuthAs].filter((x): x is HeaderField => x !== null).map((x) => x.name),
      note: "recorded inside the receiving tenant, which stamped no tenant GUID",
    });
  }

  const sorted = out
    .map((a, i) => ({ a, i }))
    .sort((x, y) => (x.a.hop ?? Number.MAX_SAFE_INTEGER) - (y.a.hop ?? Number.MAX_SAFE_INTEGER) || x.i - y.i)
    .map((x) => x.a);
  // On-premises mail that a later pass shows in another tenant was relayed on, not delivered (S2 FAQ 6(b)).
  return sorted.map((a, i) =>
    a.path === "on-premises-inbound" && sorted.slice(i + 1).some((b) => b.tenantId !== null && a.tenantId !== null && b.tenantId !== a.tenantId) ? { ...a, path: "on-premises-relay" } : a,
  );
}
