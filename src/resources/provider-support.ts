/**
 * Pieces every provider in this package shares: Pulumi's preview placeholder for unknown
 * values, turning rule violations into check failures (or an error before any call), and the
 * error a create raises when an object of the same name already exists.
 */
import type * as pulumi from "@pulumi/pulumi";
import { formatIssues, isWarning, type SettingIssue } from "../core/exchange/issues";
import { isCloudName } from "../identity/clouds";

/** What a preview passes for a value that is not known yet, whatever the declared type. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export type Props = Record<string, unknown>;

export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN || (Array.isArray(value) && value.some(isUnknown));
}

export function unknownFields(props: Props): Set<string> {
  return new Set(Object.keys(props).filter((k) => isUnknown(props[k])));
}

/** Inputs without Pulumi's own bookkeeping (`__provider`). */
export function ownProps(props: Props | undefined): Props {
  return Object.fromEntries(Object.entries(props ?? {}).filter(([k]) => !k.startsWith("__")));
}

/** Checks shared by every resource: where it lives and whether it may take over an existing object. */
export function targetIssues(props: Props): SettingIssue[] {
  const issues: SettingIssue[] = [];
  if (props.tenantId !== undefined && !isUnknown(props.tenantId) && (typeof props.tenantId !== "string" || props.tenantId.trim() === "")) {
    issues.push({ field: "tenantId", message: "must be the tenant's ID (a GUID) or its onmicrosoft.com domain.", fix: "Set tenantId, or leave it out to use AZURE_TENANT_ID." });
  }
  if (props.cloud !== undefined && !isUnknown(props.cloud) && !isCloudName(props.cloud)) {
    issues.push({ field: "cloud", message: `"${String(props.cloud)}" is not a cloud.`, fix: "Use commercial, gcc, gcchigh, dod or china." });
  }
  if (props.adopt !== undefined && !isUnknown(props.adopt) && typeof props.adopt !== "boolean") {
    issues.push({ field: "adopt", message: "must be true or false.", fix: "Set adopt: true to take over an existing object of the same name." });
  }
  return issues;
}

/**
 * Errors become check failures; warnings (settings the docs only call not applicable) are
 * printed and never block. A dynamic provider has no engine connection for `pulumi.log`, whose
 * fallback is the same line on stderr, which the CLI shows.
 */
export function checkResult(props: Props, issues: readonly SettingIssue[], resource = "hybrid-mailflow"): pulumi.dynamic.CheckResult {
  for (const w of issues.filter(isWarning)) console.warn(`warning: ${resource}: ${w.field}: ${w.message} Fix: ${w.fix}`);
  return { inputs: props, failures: issues.filter((i) => !isWarning(i)).map((i) => ({ property: i.field, reason: `${i.message} Fix: ${i.fix}` })) };
}

/** Raised by create/update when inputs break a rule; nothing has been sent at that point. */
export class InvalidInputError extends Error {
  constructor(resource: string, readonly issues: readonly SettingIssue[]) {
    super(`${resource}: invalid settings, nothing was changed:\n${formatIssues(issues)}`);
    this.name = "InvalidInputError";
  }
}

export function assertValid(resource: string, issues: readonly SettingIssue[]): void {
  const errors = issues.filter((i) => !isWarning(i));
  if (errors.length > 0) throw new InvalidInputError(resource, errors);
}

/** Raised when an object with the requested name exists and differs from the declaration. */
export class ObjectExistsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ObjectExistsError";
  }
}

/** The tenant a resource lives in must not change under it because AZURE_TENANT_ID changed. */
export function tenantMoveIssue(kind: string, fromEnvironment: string, stored: string | undefined): string | undefined {
  if (stored === undefined || fromEnvironment.toLowerCase() === stored.toLowerCase()) return undefined;
  return `${kind} lives in tenant ${stored}, but AZURE_TENANT_ID now names ${fromEnvironment}. Fix: run with the original tenant's credentials, or set tenantId explicitly to move the object (it is then re-created there).`;
}
