/**
 * The engine hands stack policies each resource's outputs only, but resource policies see its inputs,
 * and Pulumi asks them first, before each resource's step. The `hybrid-mailflow-inputs` policy keeps
 * those inputs by URN for the stack policies that follow in the same pack process, which is how the
 * pack knows the zone, name and type of an Azure DNS record set that is still to be created (its
 * outputs carry none of them until Azure names it). It never reports anything itself.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { TOKENS } from "../core/stack/contract";

export const INPUTS_POLICY_NAME = "hybrid-mailflow-inputs";

const inputsByUrn = new Map<string, Record<string, unknown>>();

// The proxy hands out its target under this key (`getSpecialProxyTarget` in @pulumi/policy's proxy.js).
const PROXY_TARGET = "__getSpecialProxyTarget";

export function unwrapProps(props: Record<string, unknown>): Record<string, unknown> {
  return (props[PROXY_TARGET] as Record<string, unknown> | undefined) ?? props;
}

/** Resource types whose outputs lack something the reconstruction needs. */
const KEEP_INPUTS_OF: ReadonlySet<string> = new Set([TOKENS.dnsRecordSet]);

export function inputsPolicy(): ResourceValidationPolicy {
  return {
    name: INPUTS_POLICY_NAME,
    displayName: "hybrid-mailflow: read the inputs of DNS record sets",
    description:
      "Reads the zone, name and type of Azure DNS record sets from their inputs, which the stack policies do not see. It reports nothing; keep it enabled so SPF and MX records that are still to be created are checked.",
    enforcementLevel: "advisory",
    validateResource: (args) => {
      if (KEEP_INPUTS_OF.has(args.type)) inputsByUrn.set(args.urn, unwrapProps(args.props as Record<string, unknown>));
    },
  };
}

export function recordedInputs(urn: string): Record<string, unknown> | undefined {
  return inputsByUrn.get(urn);
}
