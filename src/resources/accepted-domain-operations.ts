/**
 * Accepted domains cannot be created or removed in Exchange Online: they appear once a tenant
 * domain is verified and go when it is deleted. So this resource adopts the accepted domain
 * (waiting for it to appear), applies the declared settings, remembers what they were before,
 * and puts those back when it is deleted or a setting stops being managed.
 */
import type * as pulumi from "@pulumi/pulumi";
import { checkAcceptedDomain } from "../core/exchange/rules";
import type { AcceptedDomainSettings } from "../core/exchange/settings";
import { ExchangeNotFoundError } from "../exchange/errors";
import type { ExoObject } from "../exchange/params";
import { connect, waitFor, type Connection } from "./connection";
import { ACCEPTED_DOMAIN_FIELDS as FIELDS, changedFields, declaredForm, sameValue, toParameters, type FieldSpec } from "./fields";
import { assertValid, checkResult, isUnknown, ownProps, targetIssues, tenantMoveIssue, unknownFields, type Props } from "./provider-support";
import { listOnce, rememberInList } from "./run-state";

const LABEL = "Accepted domain";

export async function check(_olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
  const props = ownProps(news);
  return checkResult(news, [...targetIssues(props), ...checkAcceptedDomain(props as unknown as AcceptedDomainSettings, unknownFields(props))]);
}

export async function diff(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
  const desired = ownProps(news);
  const stored = ownProps(olds);
  if (String(desired.domainName).toLowerCase() !== String(stored.domainName).toLowerCase()) return { changes: true, replaces: ["domainName"] };
  if (desired.tenantId !== undefined && stored.tenantId !== undefined && String(desired.tenantId).toLowerCase() !== String(stored.tenantId).toLowerCase()) {
    return { changes: true, replaces: ["tenantId"] };
  }
  if (Object.values(desired).some(isUnknown)) return { changes: true };
  const cloud = (desired.cloud ?? stored.cloud) as string | undefined;
  if (desired.tenantId === undefined) {
    const moved = tenantMoveIssue(LABEL, connect({ cloud }).tenantId, stored.tenantId as string | undefined);
    if (moved) throw new Error(moved);
  }
  const connection = connect({ tenantId: (desired.tenantId ?? stored.tenantId) as string | undefined, cloud });
  const live = await findDomain(connection, String(desired.domainName));
  if (live === undefined) return { changes: true, replaces: ["domainName"] };
  const original = (stored.originalSettings ?? {}) as Props;
  const toRestore = restorations(desired, original, live);
  const stateStale = FIELDS.some((f) => desired[f.key] !== undefined && !sameValue(f, desired[f.key], stored[f.key]));
  return { changes: changedFields(FIELDS, desired, live).length > 0 || toRestore.length > 0 || stateStale };
}

export async function create(inputs: Props): Promise<pulumi.dynamic.CreateResult> {
  const desired = ownProps(inputs);
  const domainName = String(desired.domainName ?? "").toLowerCase();
  assertValid(`${LABEL} "${domainName}"`, [...targetIssues(desired), ...checkAcceptedDomain(desired as unknown as AcceptedDomainSettings)]);
  const connection = connect({ tenantId: desired.tenantId as string | undefined, cloud: desired.cloud as string | undefined });

  // It shows up in Exchange Online some time after the tenant domain is verified.
  const live = (await findDomain(connection, domainName)) ?? (await waitFor(connection, () => lookUp(connection, domainName)));
  if (live === undefined) {
    throw new Error(
      `${LABEL} "${domainName}" has not appeared in Exchange Online within ${connection.settings.waitTimeoutMs / 1000} s. ` +
        "Accepted domains appear only after the domain is added to the tenant and verified. Fix: add and verify it (TenantDomain and TenantDomainVerification, and make this resource depend on them), then run again; or raise HYBRID_MAILFLOW_WAIT_TIMEOUT_SECONDS.",
    );
  }
  const originalSettings = snapshot(FIELDS.filter((f) => desired[f.key] !== undefined), live);
  const changed = changedFields(FIELDS, desired, live);
  await apply(connection, domainName, live, toParameters(changed, desired));
  return { id: domainName, outs: outputs(connection, desired, live, originalSettings) };
}

export async function read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
  const stored = ownProps(props);
  const connection = connect({ tenantId: stored.tenantId as string | undefined, cloud: stored.cloud as string | undefined });
  const live = await findDomain(connection, id);
  if (live === undefined) return {};
  const refreshed: Props = { ...props };
  for (const field of FIELDS) {
    if (stored[field.key] !== undefined && !sameValue(field, stored[field.key], live[field.param])) refreshed[field.key] = declaredForm(field, live[field.param]);
  }
  return { id, props: refreshed };
}

export async function update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
  const desired = ownProps(news);
  const stored = ownProps(olds);
  assertValid(`${LABEL} "${id}"`, [...targetIssues(desired), ...checkAcceptedDomain(desired as unknown as AcceptedDomainSettings)]);
  const connection = connect({ tenantId: stored.tenantId as string | undefined, cloud: stored.cloud as string | undefined });
  const live = await findDomain(connection, id);
  if (live === undefined) throw new Error(`${LABEL} "${id}" is no longer in Exchange Online (was the tenant domain removed?). Run \`pulumi refresh\`.`);

  const original = { ...((stored.originalSettings ?? {}) as Props) };
  const restore = restorations(desired, original, live);
  for (const field of FIELDS) {
    if (desired[field.key] !== undefined && original[field.key] === undefined) original[field.key] = declaredForm(field, live[field.param]);
  }
  for (const field of FIELDS) if (desired[field.key] === undefined) delete original[field.key];
  const params = { ...toParameters(restore, (stored.originalSettings ?? {}) as Props), ...toParameters(changedFields(FIELDS, desired, live), desired) };
  await apply(connection, id, live, params);
  return { outs: outputs(connection, desired, live, original) };
}

/** Puts back the settings the domain had before this resource managed it. */
export async function remove(id: string, props: Props): Promise<void> {
  const stored = ownProps(props);
  const connection = connect({ tenantId: stored.tenantId as string | undefined, cloud: stored.cloud as string | undefined });
  const live = await lookUp(connection, id);
  if (live === undefined) return;
  const original = (stored.originalSettings ?? {}) as Props;
  const differing = FIELDS.filter((f) => original[f.key] !== undefined && !sameValue(f, original[f.key], live[f.param]));
  await apply(connection, id, live, toParameters(differing, original));
}

/** Fields no longer declared whose value should go back to the original. */
function restorations(desired: Props, original: Props, live: ExoObject): FieldSpec[] {
  return FIELDS.filter((f) => desired[f.key] === undefined && original[f.key] !== undefined && !sameValue(f, original[f.key], live[f.param]));
}

async function apply(connection: Connection, domainName: string, live: ExoObject, params: Record<string, unknown>): Promise<void> {
  if (Object.keys(params).length === 0) return;
  await connection.exchange.invoke("Set-AcceptedDomain", { Identity: domainName, ...(params as Record<string, boolean | string | null>) }, { idempotent: true });
  await rememberInList(listKey(connection), { ...live, ...params }, (o) => sameDomain(o, domainName));
}

function snapshot(fields: readonly FieldSpec[], live: ExoObject): Props {
  return Object.fromEntries(fields.map((f) => [f.key, declaredForm(f, live[f.param])]));
}

function outputs(connection: Connection, desired: Props, live: ExoObject, originalSettings: Props): Props {
  return { ...desired, domainName: String(desired.domainName).toLowerCase(), tenantId: connection.tenantId, cloud: connection.cloud, guid: String(live.Guid ?? ""), originalSettings };
}

function listKey(connection: Connection): string {
  return `${connection.cacheKey}|Get-AcceptedDomain`;
}

async function findDomain(connection: Connection, domainName: string): Promise<ExoObject | undefined> {
  const all = await listOnce(listKey(connection), async () => (await connection.exchange.invoke("Get-AcceptedDomain", { ResultSize: "Unlimited" })).value);
  return all.find((o) => sameDomain(o, domainName));
}

async function lookUp(connection: Connection, domainName: string): Promise<ExoObject | undefined> {
  try {
    const found = (await connection.exchange.invoke("Get-AcceptedDomain", { Identity: domainName })).value[0];
    if (found) await rememberInList(listKey(connection), found, (o) => sameDomain(o, domainName));
    return found;
  } catch (err) {
    if (err instanceof ExchangeNotFoundError) return undefined;
    throw err;
  }
}

function sameDomain(object: ExoObject, domainName: string): boolean {
  return String(object.DomainName ?? object.Name).toLowerCase() === domainName.toLowerCase();
}
