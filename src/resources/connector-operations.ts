/**
 * The lifecycle of inbound and outbound connectors, run inside the dynamic provider:
 * validate before any call, read every connector of a type once per run, write only the
 * settings that differ from the live object, and never overwrite a same-named connector
 * that differs from the declaration. A create whose answer was lost is looked up, not resent.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { SettingIssue } from "../core/exchange/issues";
import { checkInboundConnector, checkOutboundConnector, type UnknownFields } from "../core/exchange/rules";
import type { InboundConnectorSettings, OutboundConnectorSettings } from "../core/exchange/settings";
import { ExchangeAlreadyExistsError, ExchangeNotFoundError, ExchangeResponseLostError } from "../exchange/errors";
import type { CmdletParameters, ExoObject } from "../exchange/params";
import { connect, waitFor, type Connection } from "./connection";
import { changedFields, declaredForm, INBOUND_FIELDS, OUTBOUND_FIELDS, sameValue, toParameters, type FieldSpec } from "./fields";
import {
  assertValid,
  checkResult,
  isUnknown,
  ObjectExistsError,
  ownProps,
  targetIssues,
  tenantMoveIssue,
  unknownFields,
  type Props,
} from "./provider-support";
import { forgetInList, listOnce, rememberInList, runState } from "./run-state";

export type ConnectorNoun = "InboundConnector" | "OutboundConnector";

interface ConnectorKind {
  readonly noun: ConnectorNoun;
  readonly label: string;
  readonly fields: readonly FieldSpec[];
  readonly validate: (props: Props, unknown: UnknownFields) => SettingIssue[];
}

/** A function rather than a table: Pulumi serializes functions whole, but only the parts of objects it sees used. */
function kindOf(noun: ConnectorNoun): ConnectorKind {
  return noun === "InboundConnector"
    ? { noun, label: "Inbound connector", fields: INBOUND_FIELDS, validate: (p, u) => checkInboundConnector(p as unknown as InboundConnectorSettings, u) }
    : { noun, label: "Outbound connector", fields: OUTBOUND_FIELDS, validate: (p, u) => checkOutboundConnector(p as unknown as OutboundConnectorSettings, u) };
}

const OUTPUT_ONLY = ["guid", "tenantId", "cloud", "adoptedExisting"];

export async function check(noun: ConnectorNoun, _olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
  const kind = kindOf(noun);
  const props = ownProps(news);
  return checkResult(news, [...targetIssues(props), ...kind.validate(props, unknownFields(props))], `${kind.label} "${String(props.name)}"`);
}

export async function diff(noun: ConnectorNoun, id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
  const kind = kindOf(noun);
  const desired = ownProps(news);
  const stored = ownProps(olds);
  if (desired.tenantId !== undefined && stored.tenantId !== undefined && String(desired.tenantId).toLowerCase() !== String(stored.tenantId).toLowerCase()) {
    return { changes: true, replaces: ["tenantId"], deleteBeforeReplace: false };
  }
  if (desired.cloud !== undefined && stored.cloud !== undefined && desired.cloud !== stored.cloud) {
    return { changes: true, replaces: ["cloud"], deleteBeforeReplace: false };
  }
  if (Object.values(desired).some(isUnknown)) return { changes: true };

  const cloud = (desired.cloud ?? stored.cloud) as string | undefined;
  if (desired.tenantId === undefined) {
    const moved = tenantMoveIssue(kind.label, connect({ cloud }).tenantId, stored.tenantId as string | undefined);
    if (moved) throw new Error(moved);
  }
  const connection = connect({ tenantId: (desired.tenantId ?? stored.tenantId) as string | undefined, cloud });

  const live = await findByGuid(connection, kind, id, desired.testMode === true);
  // Gone outside Pulumi: make it again under the same name, so remove the old record first.
  if (live === undefined) return { changes: true, replaces: ["guid"], deleteBeforeReplace: true };
  const changed = changedFields(kind.fields, desired, live);
  const replaces = changed.filter((f) => f.newOnly).map((f) => f.key);
  const stateStale = kind.fields.some((f) => desired[f.key] !== undefined && !sameValue(f, desired[f.key], stored[f.key]));
  return { changes: changed.length > 0 || stateStale, replaces, deleteBeforeReplace: true };
}

export async function create(noun: ConnectorNoun, inputs: Props): Promise<pulumi.dynamic.CreateResult> {
  const kind = kindOf(noun);
  const desired = ownProps(inputs);
  assertValid(`${kind.label} "${String(desired.name)}"`, [...targetIssues(desired), ...kind.validate(desired, new Set())]);
  const connection = connect({ tenantId: desired.tenantId as string | undefined, cloud: desired.cloud as string | undefined });
  const name = String(desired.name);

  const existing = await findByName(connection, kind, name, desired.testMode === true);
  if (existing !== undefined) return adoptExisting(connection, kind, desired, existing);

  let created: ExoObject;
  try {
    const newFields = kind.fields.filter((f) => !f.setOnly);
    created = (await connection.exchange.invoke(`New-${noun}`, toParameters(newFields, desired))).value[0] ?? {};
  } catch (err) {
    if (err instanceof ExchangeAlreadyExistsError) {
      const other = await lookUp(connection, kind, name, desired.testMode === true);
      if (other !== undefined) return adoptExisting(connection, kind, desired, other);
      throw err;
    }
    if (!(err instanceof ExchangeResponseLostError)) throw err;
    // The service may have made it: look before doing anything else, through replication lag.
    const landed = await waitFor(connection, () => lookUp(connection, kind, name, desired.testMode === true));
    if (landed === undefined) {
      throw new Error(`${kind.label} "${name}": ${err.message} It has not appeared within the wait time. Run again: an identical connector found by name is taken over, not duplicated.`);
    }
    rememberCreated(connection, String(landed.Guid));
    return adoptExisting(connection, kind, desired, landed);
  }
  const guid = String(created.Guid ?? "");
  if (!guid) throw new Error(`${kind.label} "${name}": New-${noun} answered without the new object's Guid.`);
  rememberCreated(connection, guid);

  try {
    await applySetOnly(connection, kind, guid, desired, created);
  } catch (err) {
    // The connector exists: hand Pulumi its id so it is tracked, and the next run's update applies the rest.
    throw Object.assign(new Error(`${kind.label} "${name}" was created (Guid ${guid}), but applying ${setOnlyKeys(kind, desired).join(", ")} failed: ${errorText(err)} Run again: the connector is recorded and the next run applies them.`), {
      id: guid,
      properties: { ...outputs(connection, desired, guid), ...Object.fromEntries(kind.fields.filter((f) => f.setOnly && desired[f.key] !== undefined).map((f) => [f.key, declaredForm(f, created[f.param]) ?? null])) },
      reasons: ["set-after-new"],
    });
  }
  // A new object can stay unreadable for a while; wait so the next run reads it rather than recreating it.
  const visible = await waitFor(connection, () => lookUp(connection, kind, guid, desired.testMode === true));
  if (visible === undefined) {
    throw Object.assign(new Error(`${kind.label} "${name}" was created (Guid ${guid}) but is not readable yet; run again once directory replication has caught up.`), {
      id: guid,
      properties: outputs(connection, desired, guid),
      reasons: ["replication"],
    });
  }
  await remember(connection, kind, { ...created, ...setOnlyValues(kind, desired) });
  return { id: guid, outs: outputs(connection, desired, guid) };
}

export async function read(noun: ConnectorNoun, id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
  const kind = kindOf(noun);
  const stored = ownProps(props);
  const connection = connect({ tenantId: stored.tenantId as string | undefined, cloud: stored.cloud as string | undefined });
  const live = await findByGuid(connection, kind, id, stored.testMode === true);
  if (live === undefined) return {};
  const refreshed: Props = { ...props };
  for (const field of kind.fields) {
    if (stored[field.key] === undefined || sameValue(field, stored[field.key], live[field.param])) continue;
    refreshed[field.key] = declaredForm(field, live[field.param]);
  }
  return { id, props: refreshed };
}

export async function update(noun: ConnectorNoun, id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
  const kind = kindOf(noun);
  const desired = ownProps(news);
  const stored = ownProps(olds);
  assertValid(`${kind.label} "${String(desired.name)}"`, [...targetIssues(desired), ...kind.validate(desired, new Set())]);
  const connection = connect({ tenantId: stored.tenantId as string | undefined, cloud: stored.cloud as string | undefined });
  const live = await findByGuid(connection, kind, id, desired.testMode === true || stored.testMode === true);
  if (live === undefined) throw new Error(`${kind.label} "${String(desired.name)}" (Guid ${id}) no longer exists. Run \`pulumi refresh\`, then \`pulumi up\` to create it again.`);
  const changed = changedFields(kind.fields, desired, live).filter((f) => !f.newOnly);
  if (changed.length > 0) {
    await setAfterReplication(connection, kind, id, { Identity: id, ...toParameters(changed, desired, live) });
    await remember(connection, kind, { ...live, ...Object.fromEntries(changed.map((f) => [f.param, desired[f.key]])) });
  }
  return { outs: outputs(connection, desired, id, stored.adoptedExisting === true) };
}

export async function remove(noun: ConnectorNoun, id: string, props: Props): Promise<void> {
  const kind = kindOf(noun);
  const stored = ownProps(props);
  const connection = connect({ tenantId: stored.tenantId as string | undefined, cloud: stored.cloud as string | undefined });
  // Not found means already gone, except for a connector this run created, which may not have
  // reached the server that removes it yet: that one is retried through the lag first.
  try {
    await writeThroughLag(connection, id, () => connection.exchange.invoke(`Remove-${noun}`, { Identity: id, Confirm: false }, { idempotent: true }));
  } catch (err) {
    if (!(err instanceof ExchangeNotFoundError)) throw err;
  }
  for (const testMode of [false, true]) await forgetInList(listKey(connection, kind, testMode), (o) => sameGuid(o, id));
}

/** Takes over a same-named connector only when told to, or when it already matches the declaration. */
async function adoptExisting(connection: Connection, kind: ConnectorKind, desired: Props, existing: ExoObject): Promise<pulumi.dynamic.CreateResult> {
  const guid = String(existing.Guid);
  const differing = changedFields(kind.fields, desired, existing);
  // Settings only Set-* takes always differ on a connector New-* just made (a run that failed
  // between the two): that alone is taken over, so such a run converges instead of being refused.
  if (differing.some((f) => !f.setOnly) && desired.adopt !== true) {
    throw new ObjectExistsError(
      `${kind.label} "${String(desired.name)}" already exists in tenant ${connection.tenantId} (Guid ${guid}) with different settings: ${differing.map((f) => f.key).join(", ")}. ` +
        "It was left unchanged. Fix: choose another name, remove the existing connector, or set adopt: true to take it over and apply these settings.",
    );
  }
  const settable = differing.filter((f) => !f.newOnly);
  if (differing.some((f) => f.newOnly)) {
    throw new ObjectExistsError(
      `${kind.label} "${String(desired.name)}" exists (Guid ${guid}) with different ${differing.filter((f) => f.newOnly).map((f) => f.key).join(", ")}, which only a new connector can change. Fix: remove it or match its value.`,
    );
  }
  if (settable.length > 0) {
    await setAfterReplication(connection, kind, guid, { Identity: guid, ...toParameters(settable, desired, existing) });
  }
  await remember(connection, kind, { ...existing, ...Object.fromEntries(settable.map((f) => [f.param, desired[f.key]])) });
  return { id: guid, outs: outputs(connection, desired, guid, true) };
}

async function applySetOnly(connection: Connection, kind: ConnectorKind, guid: string, desired: Props, created: ExoObject): Promise<void> {
  const setOnly = kind.fields.filter((f) => f.setOnly && desired[f.key] !== undefined && !sameValue(f, desired[f.key], created[f.param]));
  if (setOnly.length === 0) return;
  await setAfterReplication(connection, kind, guid, { Identity: guid, ...toParameters(setOnly, desired, created) });
}

/** Set-* with full values, retried while a connector this run created still answers 404 (replication lag on writes). */
async function setAfterReplication(connection: Connection, kind: ConnectorKind, guid: string, params: Record<string, CmdletParameters[string]>): Promise<void> {
  await writeThroughLag(connection, guid, () => connection.exchange.invoke(`Set-${kind.noun}`, params, { idempotent: true }));
}

/**
 * Runs a write; for a connector this run created, a not-found answer is retried until the run's
 * wait time ends, since a client measuring the real gateway saw Set-* and Remove-* answer 404
 * for several seconds after New-*. Otherwise, and when the wait ends, the not-found error stands.
 */
async function writeThroughLag<T>(connection: Connection, guid: string, write: () => Promise<T>): Promise<T> {
  let notFound: ExchangeNotFoundError | undefined;
  const attempt = async () => {
    try {
      return { value: await write() };
    } catch (err) {
      if (!(err instanceof ExchangeNotFoundError)) throw err;
      notFound = err;
      return undefined;
    }
  };
  const result = createdThisRun(connection, guid) ? await waitFor(connection, attempt) : await attempt();
  if (result === undefined) throw notFound!;
  return result.value;
}

function setOnlyKeys(kind: ConnectorKind, desired: Props): string[] {
  return kind.fields.filter((f) => f.setOnly && desired[f.key] !== undefined).map((f) => f.key);
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Connectors New-* made in this run, which may still be replicating. */
function rememberCreated(connection: Connection, guid: string): void {
  runState().created.add(createdKey(connection, guid));
}

function createdThisRun(connection: Connection, guid: string): boolean {
  return runState().created.has(createdKey(connection, guid));
}

function createdKey(connection: Connection, guid: string): string {
  return `${connection.cacheKey}|created|${guid.toLowerCase()}`;
}

function setOnlyValues(kind: ConnectorKind, desired: Props): Props {
  return Object.fromEntries(kind.fields.filter((f) => f.setOnly && desired[f.key] !== undefined).map((f) => [f.param, desired[f.key]]));
}

function outputs(connection: Connection, desired: Props, guid: string, adoptedExisting = false): Props {
  const outs = Object.fromEntries(Object.entries(desired).filter(([k]) => !OUTPUT_ONLY.includes(k)));
  return { ...outs, guid, tenantId: connection.tenantId, cloud: connection.cloud, adoptedExisting };
}

function listKey(connection: Connection, kind: ConnectorKind, testMode: boolean): string {
  return `${connection.cacheKey}|Get-${kind.noun}|${testMode ? "test-mode" : "normal"}`;
}

/** One list call per type per run; test-mode outbound connectors need their own (filtered) list. */
function list(connection: Connection, kind: ConnectorKind, testMode: boolean): Promise<ExoObject[]> {
  return listOnce(listKey(connection, kind, testMode), async () => {
    const params = { ResultSize: "Unlimited", ...(testMode ? { IncludeTestModeConnectors: true } : {}) };
    return (await connection.exchange.invoke(`Get-${kind.noun}`, params)).value;
  });
}

async function findIn(connection: Connection, kind: ConnectorKind, match: (o: ExoObject) => boolean, preferTestMode: boolean): Promise<ExoObject | undefined> {
  const order = kind.noun === "OutboundConnector" ? (preferTestMode ? [true, false] : [false, true]) : [false];
  for (const testMode of order) {
    const found = (await list(connection, kind, testMode)).find(match);
    if (found) return found;
  }
  return undefined;
}

function findByGuid(connection: Connection, kind: ConnectorKind, guid: string, preferTestMode: boolean): Promise<ExoObject | undefined> {
  return findIn(connection, kind, (o) => sameGuid(o, guid), preferTestMode);
}

function findByName(connection: Connection, kind: ConnectorKind, name: string, preferTestMode: boolean): Promise<ExoObject | undefined> {
  return findIn(connection, kind, (o) => String(o.Name).toLowerCase() === name.toLowerCase(), preferTestMode);
}

/** A direct read that bypasses the run's list (used while waiting for replication). */
async function lookUp(connection: Connection, kind: ConnectorKind, identity: string, testMode: boolean): Promise<ExoObject | undefined> {
  const modes = kind.noun === "OutboundConnector" ? [testMode, !testMode] : [false];
  for (const mode of modes) {
    try {
      const params = { Identity: identity, ...(mode ? { IncludeTestModeConnectors: true } : {}) };
      const found = (await connection.exchange.invoke(`Get-${kind.noun}`, params)).value[0];
      if (found) return found;
    } catch (err) {
      if (!(err instanceof ExchangeNotFoundError)) throw err;
    }
  }
  return undefined;
}

async function remember(connection: Connection, kind: ConnectorKind, object: ExoObject): Promise<void> {
  const guid = String(object.Guid);
  const testMode = object.TestMode === true;
  await forgetInList(listKey(connection, kind, !testMode), (o) => sameGuid(o, guid));
  await rememberInList(listKey(connection, kind, testMode), object, (o) => sameGuid(o, guid));
}

function sameGuid(object: ExoObject, guid: string): boolean {
  return String(object.Guid).toLowerCase() === guid.toLowerCase();
}
