/**
 * Peels `@pulumi/policy`'s wrappers off the stack's resources. The SDK wraps props in a proxy that
 * throws on the first unknown value read, which would abort a whole rule; the core instead wants the
 * plain data with the unknown sentinels in place so it can say exactly which values were unknown.
 */
import type { PolicyResource } from "@pulumi/policy/policy";
import type { StackResource } from "../core/stack/stack-resource";

// The proxy hands out its target under this key (`getSpecialProxyTarget` in @pulumi/policy's proxy.js).
const PROXY_TARGET = "__getSpecialProxyTarget";

function unwrap(props: Record<string, unknown>): Record<string, unknown> {
  return ((props as Record<string, unknown>)[PROXY_TARGET] as Record<string, unknown> | undefined) ?? props;
}

export function toStackResources(resources: readonly PolicyResource[]): StackResource[] {
  return resources.map((r) => ({
    urn: r.urn,
    type: r.type,
    name: r.name,
    props: unwrap(r.props as Record<string, unknown>),
    ...(r.parent ? { parentUrn: r.parent.urn } : {}),
  }));
}
