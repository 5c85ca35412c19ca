/**
 * Peels `@pulumi/policy`'s wrappers off the stack's resources. The SDK wraps props in a proxy that
 * throws on the first unknown value read, which would abort a whole rule; the core instead wants the
 * plain data with the unknown sentinels in place so it can say exactly which values were unknown.
 * Inputs the resource policy saw earlier in this run travel along (see resource-inputs.ts).
 */
import type { PolicyResource } from "@pulumi/policy/policy";
import type { StackResource } from "../core/stack/stack-resource";
import { recordedInputs, unwrapProps } from "./resource-inputs";

export function toStackResources(resources: readonly PolicyResource[]): StackResource[] {
  return resources.map((r) => {
    const inputs = recordedInputs(r.urn);
    return {
      urn: r.urn,
      type: r.type,
      name: r.name,
      props: unwrapProps(r.props as Record<string, unknown>),
      ...(r.parent ? { parentUrn: r.parent.urn } : {}),
      ...(inputs ? { inputs } : {}),
    };
  });
}
