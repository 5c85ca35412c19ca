/**
 * Reading resource properties for the reconstruction: secrets unwrapped, and every value that is
 * unknown during preview left out and recorded, so a rule can say what it could not verify.
 */
import type { WorldPart } from "../rules/rule";
import type { StackResource } from "./stack-resource";
import { isUnknown, unknownPaths } from "./unknown";

// Pulumi's wire marker for a secret value (`{ <sig>: <secret sig>, value }`).
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/**
 * The value with Pulumi's secret wrappers removed, at any depth. A value without wrappers is returned
 * as it is, not copied: the policy pack reads each of a large stack's resources several times, and
 * the SDK has unwrapped its secrets already. Callers never change what they read.
 */
export function plain(value: unknown): unknown {
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const unwrapped = plain(item);
      if (unwrapped !== item) (copy ??= value.slice())[i] = unwrapped;
    }
    return copy ?? value;
  }
  if (value !== null && typeof value === "object") {
    const o = value as Record<string, unknown>;
    if (o[SIG_KEY] === SECRET_SIG) return plain(o.value);
    let copy: Record<string, unknown> | undefined;
    for (const key of Object.keys(o)) {
      const item = o[key];
      const unwrapped = plain(item);
      if (unwrapped !== item) (copy ??= { ...o })[key] = unwrapped;
    }
    return copy ?? o;
  }
  return value;
}

export interface UnverifiedValue {
  /** The world resource id findings use (`inboundConnector:T/name`, `dns:contoso.com`, ...). */
  readonly resource: string;
  /** The stack resource holding the unknown value. */
  readonly urn: string;
  /** Where in its properties, e.g. `tlsSenderCertificateName` or `txtRecords[1].value[0]`. */
  readonly path: string;
  readonly part: WorldPart;
}

export class UnverifiedLog {
  readonly values: UnverifiedValue[] = [];

  record(resource: string, urn: string, path: string, part: WorldPart): void {
    this.values.push({ resource, urn, path, part });
  }

  /** The known fields among `fields`; unknown ones are recorded and left out, so they take their defaults. */
  knownFields(r: StackResource, props: Record<string, unknown>, fields: readonly string[], resource: string, part: WorldPart): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const field of fields) {
      const value = props[field];
      if (value === undefined || value === null) continue;
      const unknown = unknownPaths(value, field);
      if (unknown.length > 0) {
        for (const path of unknown) this.record(resource, r.urn, path, part);
        continue;
      }
      out[field] = value;
    }
    return out;
  }
}

/** A string property that is known, else undefined. */
export function knownString(value: unknown): string | undefined {
  return typeof value === "string" && !isUnknown(value) ? value : undefined;
}
