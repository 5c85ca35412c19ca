/**
 * Reports a violation at advisory level whatever the rule's configured level, the way Pulumi itself
 * downgrades a policy that reads an unknown value during preview. `ReportViolation` takes this object
 * form at run time but types only the string form (the object form is `@internal` in @pulumi/policy
 * 1.21), so the cast lives here alone and the gRPC tests catch any change in the SDK.
 */
import type { ReportViolation } from "@pulumi/policy/policy";

interface ViolationObject {
  readonly message: string;
  readonly description: string;
  readonly urn?: string;
  readonly enforcementLevel: "advisory";
}

export function reportAdvisory(report: ReportViolation, description: string, message: string, urn?: string): void {
  const violation: ViolationObject = { message: `${description}\n${message}`, description, enforcementLevel: "advisory", ...(urn ? { urn } : {}) };
  (report as unknown as (v: ViolationObject) => void)(violation);
}
