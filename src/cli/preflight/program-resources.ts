/**
 * The stack a program run describes, as the engine would hold it after `pulumi preview` or `up`: one
 * resource per registration, named by the engine's URNs, with the outputs a stack policy sees (the
 * state of custom resources; what components passed to `registerOutputs`).
 */
import type { StackResource } from "../../core/stack/stack-resource";
import { ROOT_STACK_TYPE, type HostedRegistration } from "./program-job";
import { analyzerProperties } from "./wire-properties";

export { ROOT_STACK_TYPE };

/** A stack resource with the graph the analyzer protocol also carries. */
export interface PreflightResource extends StackResource {
  readonly custom: boolean;
  /** The inputs the program gave, which resource policies see (Analyze runs before each step). */
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly dependencies: readonly string[];
  readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
}

/**
 * The mock monitor prefixes children of the root stack with `pulumi:pulumi:Stack$`; the engine does not
 * (resource_monitor / generateURN skip the root stack type), so URNs are rebuilt the engine's way.
 */
function engineUrns(registrations: readonly HostedRegistration[], project: string, stack: string): Map<string, string> {
  const byMockUrn = new Map(registrations.filter((r) => r.urn).map((r) => [r.urn!, r]));
  const qualified = new Map<string, string>();
  const qualifiedType = (r: HostedRegistration): string => {
    const known = qualified.get(r.urn!);
    if (known) return known;
    const parent = r.parent ? byMockUrn.get(r.parent) : undefined;
    const type = parent && parent.type !== ROOT_STACK_TYPE ? `${qualifiedType(parent)}$${r.type}` : r.type;
    qualified.set(r.urn!, type);
    return type;
  };
  return new Map([...byMockUrn.values()].map((r) => [r.urn!, `urn:pulumi:${stack}::${project}::${qualifiedType(r)}::${r.name}`]));
}

export function programResources(registrations: readonly HostedRegistration[], project: string, stack: string): PreflightResource[] {
  const urns = engineUrns(registrations, project, stack);
  const mapUrn = (urn: string) => urns.get(urn) ?? urn;
  return registrations
    .filter((r) => r.urn)
    .map((r) => ({
      urn: mapUrn(r.urn!),
      type: r.type,
      name: r.name,
      custom: r.custom,
      inputs: analyzerProperties(r.wireInputs, mapUrn),
      props: analyzerProperties((r.custom ? r.state : r.outputs) ?? {}, mapUrn),
      ...(r.parent ? { parentUrn: mapUrn(r.parent) } : {}),
      dependencies: r.dependencies.map(mapUrn),
      propertyDependencies: Object.fromEntries(Object.entries(r.propertyDependencies).map(([k, v]) => [k, v.map(mapUrn)])),
    }));
}
