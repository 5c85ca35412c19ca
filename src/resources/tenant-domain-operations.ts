/**
 * Tenant domains in Microsoft Graph, as two resources so DNS can sit between them:
 * `TenantDomain` adds the domain and exposes the TXT record that proves ownership;
 * `TenantDomainVerification` (created after that record is published) verifies it and reads
 * the records Microsoft 365 wants, such as the MX target, which is read and never built.
 */
import type * as pulumi from "@pulumi/pulumi";
import { checkTenantDomain } from "../core/exchange/rules";
import { GraphError } from "../graph/errors";
import { mxRecordOf, SETTABLE_SERVICES, verificationTxtOf, type Domain, type DomainDnsRecord } from "../graph/domains-client";
import { connect, waitFor, type Connection } from "./connection";
import { assertValid, checkResult, isUnknown, ObjectExistsError, ownProps, targetIssues, tenantMoveIssue, unknownFields, type Props } from "./provider-support";
import { forgetInList, listOnce, rememberInList } from "./run-state";

export type DomainResource = "TenantDomain" | "TenantDomainVerification";

export async function check(resource: DomainResource, _olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
  const props = ownProps(news);
  const services = resource === "TenantDomainVerification" ? (props.supportedServices as string[] | undefined) : undefined;
  return checkResult(news, [...targetIssues(props), ...checkTenantDomain(props.domainName as string, services, unknownFields(props))]);
}

export async function diff(resource: DomainResource, _id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
  const desired = ownProps(news);
  const stored = ownProps(olds);
  if (isUnknown(desired.domainName)) return { changes: true, replaces: ["domainName"] };
  if (String(desired.domainName).toLowerCase() !== String(stored.domainName).toLowerCase()) return { changes: true, replaces: ["domainName"] };
  if (desired.tenantId !== undefined && stored.tenantId !== undefined && String(desired.tenantId).toLowerCase() !== String(stored.tenantId).toLowerCase()) {
    return { changes: true, replaces: ["tenantId"] };
  }
  if (Object.values(desired).some(isUnknown)) return { changes: true };
  const cloud = (desired.cloud ?? stored.cloud) as string | undefined;
  if (desired.tenantId === undefined) {
    const moved = tenantMoveIssue(resource === "TenantDomain" ? "Tenant domain" : "Domain verification", connect({ cloud }).tenantId, stored.tenantId as string | undefined);
    if (moved) throw new Error(moved);
  }
  const connection = connect({ tenantId: (desired.tenantId ?? stored.tenantId) as string | undefined, cloud });
  const live = await findDomain(connection, String(desired.domainName));
  if (live === undefined) return { changes: true, replaces: ["domainName"] };
  // Nothing of a tenant domain can change in place; whether it is verified is TenantDomainVerification's
  // to settle, and `isVerified` is an observation that `pulumi refresh` brings up to date. Reporting it
  // as a change would make every preview after verification propose an update that writes nothing.
  if (resource === "TenantDomain") return { changes: false };
  const services = desired.supportedServices as string[] | undefined;
  return { changes: !live.isVerified || missingServices(services, live).length > 0 };
}

export async function create(resource: DomainResource, inputs: Props): Promise<pulumi.dynamic.CreateResult> {
  return resource === "TenantDomain" ? createDomain(inputs) : verifyDomain(inputs);
}

export async function read(resource: DomainResource, id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
  const stored = ownProps(props);
  const connection = connect({ tenantId: stored.tenantId as string | undefined, cloud: stored.cloud as string | undefined });
  const live = await findDomain(connection, id);
  if (live === undefined) return {};
  if (resource === "TenantDomain") return { id, props: { ...props, isVerified: live.isVerified } };
  if (!live.isVerified) return {};
  const refreshed = { ...props, ...(await serviceOutputs(connection, id)) };
  // The declared services that are gone show up as a diff; services the domain has beyond them are not drift.
  const declared = stored.supportedServices as string[] | undefined;
  if (declared !== undefined && missingServices(declared, live).length > 0) refreshed.supportedServices = declared.filter((s) => hasService(live, s));
  return { id, props: refreshed };
}

export async function update(resource: DomainResource, id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
  if (resource === "TenantDomainVerification") {
    const stored = ownProps(olds);
    return { outs: (await verifyDomain({ ...ownProps(news), tenantId: ownProps(news).tenantId ?? stored.tenantId, cloud: ownProps(news).cloud ?? stored.cloud })).outs };
  }
  const stored = ownProps(olds);
  const connection = connect({ tenantId: stored.tenantId as string | undefined, cloud: stored.cloud as string | undefined });
  const live = await findDomain(connection, id);
  return { outs: { ...stored, ...ownProps(news), isVerified: live?.isVerified ?? stored.isVerified } };
}

export async function remove(resource: DomainResource, id: string, props: Props): Promise<void> {
  // Verification cannot be undone; removing the domain itself is the TenantDomain's job.
  if (resource === "TenantDomainVerification") return;
  const stored = ownProps(props);
  const connection = connect({ tenantId: stored.tenantId as string | undefined, cloud: stored.cloud as string | undefined });
  try {
    await connection.graph.delete(id);
  } catch (err) {
    if (err instanceof GraphError && err.kind === "not-found") return;
    if (err instanceof GraphError && err.kind === "bad-request") {
      throw new Error(`Tenant domain "${id}" was not deleted: ${err.message} Fix: move users, groups and apps off the domain (Graph: GET /domains/${id}/domainNameReferences) and make another domain the default, then run again.`);
    }
    throw err;
  }
  await forgetInList(listKey(connection), (d) => sameDomain(d, id));
}

async function createDomain(inputs: Props): Promise<pulumi.dynamic.CreateResult> {
  const desired = ownProps(inputs);
  const domainName = String(desired.domainName ?? "").toLowerCase();
  assertValid(`Tenant domain "${domainName}"`, [...targetIssues(desired), ...checkTenantDomain(domainName)]);
  const connection = connect({ tenantId: desired.tenantId as string | undefined, cloud: desired.cloud as string | undefined });

  let domain = await connection.graph.get(domainName);
  let adoptedExisting = domain !== undefined;
  if (domain?.isVerified && desired.adopt !== true) {
    throw new ObjectExistsError(
      `Tenant domain "${domainName}" is already in tenant ${connection.tenantId} and verified. It was left alone: deleting this resource would remove it from the tenant. Fix: set adopt: true to manage it, or leave it out of the program.`,
    );
  }
  // An unverified domain is only a pending claim (often this resource's own earlier, interrupted create): take it over.
  if (domain === undefined) {
    try {
      domain = await connection.graph.create(domainName);
      adoptedExisting = false;
    } catch (err) {
      if (!(err instanceof GraphError) || (err.kind !== "response-lost" && err.kind !== "already-exists")) throw err;
      adoptedExisting = err.kind === "already-exists";
    }
    // Wait out replication (and find a create whose answer was lost) before reading its records.
    domain = await waitFor(connection, () => connection.graph.get(domainName));
    if (domain === undefined) throw new Error(`Tenant domain "${domainName}": the create was sent but the domain has not become readable within the wait time. Run again; an unverified domain of this name is taken over, not duplicated.`);
  }
  const records = await connection.graph.verificationRecords(domainName);
  await rememberInList(listKey(connection), domain as unknown as Record<string, unknown>, (d) => sameDomain(d, domainName));
  return { id: domainName, outs: { ...domainOutputs(connection, desired, domain, records), adoptedExisting } };
}

async function verifyDomain(inputs: Props): Promise<pulumi.dynamic.CreateResult> {
  const desired = ownProps(inputs);
  const domainName = String(desired.domainName ?? "").toLowerCase();
  assertValid(`Domain verification "${domainName}"`, [...targetIssues(desired), ...checkTenantDomain(domainName, desired.supportedServices as string[] | undefined)]);
  const connection = connect({ tenantId: desired.tenantId as string | undefined, cloud: desired.cloud as string | undefined });
  let domain = await connection.graph.get(domainName);
  if (domain === undefined) throw new Error(`Domain verification "${domainName}": the tenant has no such domain. Fix: declare a TenantDomain for it and pass its domainName output here.`);

  if (!domain.isVerified) {
    const refusals: GraphError[] = [];
    domain = await waitFor(connection, () => attemptVerification(connection, domainName, refusals));
    if (domain === undefined) {
      const txt = verificationTxtOf(await connection.graph.verificationRecords(domainName));
      throw new Error(
        `Domain verification "${domainName}": Microsoft 365 did not find the TXT record ${txt?.text ?? "(MS=...)"} at ${domainName} within ${connection.settings.waitTimeoutMs / 1000} s ` +
          `(last answer: ${refusals.at(-1)?.message ?? "none"}). ` +
          "Fix: publish it (TenantDomain.verificationTxtRecord) and run again once DNS has propagated; raise HYBRID_MAILFLOW_WAIT_TIMEOUT_SECONDS to wait longer.",
      );
    }
  }
  const services = desired.supportedServices as string[] | undefined;
  if (missingServices(services, domain).length > 0) {
    // PATCH replaces the settable list: send what the domain has (Teams, Yammer...) plus what is declared, so adding Email strips nothing.
    const settable = [...new Set([...domain.supportedServices.filter(isSettable), ...services!].map(canonicalService))];
    await connection.graph.update(domainName, { supportedServices: settable });
    domain = { ...domain, supportedServices: [...new Set([...domain.supportedServices, ...settable])] };
  }
  await rememberInList(listKey(connection), domain as unknown as Record<string, unknown>, (d) => sameDomain(d, domainName));
  return {
    id: domainName,
    outs: { ...desired, domainName, tenantId: connection.tenantId, cloud: connection.cloud, isVerified: true, supportedServices: services ?? domain.supportedServices, ...(await serviceOutputs(connection, domainName)) },
  };
}

/**
 * One verification try: the verified domain, or undefined while it stays unverified. The client
 * decides that from the answer's status and the domain's state, not from wording nobody captured.
 */
async function attemptVerification(connection: Connection, domainName: string, refusals: GraphError[]): Promise<Domain | undefined> {
  try {
    return await connection.graph.verify(domainName);
  } catch (err) {
    if (!(err instanceof GraphError) || err.kind !== "verification-failed") throw err;
    refusals.push(err);
    return undefined;
  }
}

async function serviceOutputs(connection: Connection, domainName: string): Promise<Props> {
  const records = await connection.graph.serviceConfigurationRecords(domainName);
  const mx = mxRecordOf(records);
  const spf = records.find((r) => r.recordType.toLowerCase() === "txt" && r.text?.startsWith("v=spf1"));
  return {
    mxRecord: mx ? { name: mx.label, mailExchange: mx.mailExchange, preference: mx.preference, ttl: mx.ttl } : null,
    spfRecord: spf ? { name: spf.label, text: spf.text, ttl: spf.ttl } : null,
    serviceConfigurationRecords: records.map(plainRecord),
  };
}

function domainOutputs(connection: Connection, desired: Props, domain: Domain, records: DomainDnsRecord[]): Props {
  const txt = verificationTxtOf(records);
  return {
    ...desired,
    domainName: domain.id,
    tenantId: connection.tenantId,
    cloud: connection.cloud,
    isVerified: domain.isVerified,
    verificationTxtRecord: txt ? { name: txt.label, text: txt.text, ttl: txt.ttl } : null,
    verificationDnsRecords: records.map(plainRecord),
  };
}

function plainRecord(record: DomainDnsRecord): Props {
  const { recordType, label, ttl, isOptional, supportedService, text, mailExchange, preference, canonicalName } = record;
  return Object.fromEntries(Object.entries({ recordType, label, ttl, isOptional, supportedService, text, mailExchange, preference, canonicalName }).filter(([, v]) => v !== undefined));
}

function listKey(connection: Connection): string {
  return `${connection.cacheKey}|graph|domains`;
}

/** One listing of GET /domains (every page) per run serves every domain resource's diff and refresh. */
async function findDomain(connection: Connection, domainName: string): Promise<Domain | undefined> {
  const all = await listOnce(listKey(connection), async () => (await connection.graph.listDomains()) as unknown as Array<Record<string, unknown>>);
  return all.find((d) => sameDomain(d, domainName)) as Domain | undefined;
}

function sameDomain(domain: Record<string, unknown>, domainName: string): boolean {
  return String(domain.id).toLowerCase() === domainName.toLowerCase();
}

/**
 * `supportedServices` declares services the domain must have, not the whole list: a domain
 * may carry services Graph cannot set (Intune, SharePoint...) or that another team enabled.
 */
function missingServices(declared: readonly string[] | undefined, domain: Domain): string[] {
  return (declared ?? []).filter((s) => !hasService(domain, s));
}

function hasService(domain: Domain, service: string): boolean {
  return domain.supportedServices.some((s) => s.toLowerCase() === service.toLowerCase());
}

function isSettable(service: string): boolean {
  return SETTABLE_SERVICES.some((s) => s.toLowerCase() === service.toLowerCase());
}

function canonicalService(service: string): string {
  return SETTABLE_SERVICES.find((s) => s.toLowerCase() === service.toLowerCase()) ?? service;
}
