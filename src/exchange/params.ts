/**
 * Cmdlet parameters on the wire. JSON carries strings, booleans and arrays as they are; a
 * PowerShell hashtable (Set-* `@{Add=...; Remove=...}`) must be tagged with its OData type or
 * the gateway binds it as a plain object. `null` is PowerShell's `$null`, which clears a value.
 */
export interface MultiValuedUpdate {
  readonly kind: "multi-valued-update";
  readonly add?: readonly string[];
  readonly remove?: readonly string[];
}

export type CmdletValue = string | number | boolean | null | readonly string[] | Date | MultiValuedUpdate;
export type CmdletParameters = Readonly<Record<string, CmdletValue | undefined>>;

export function addRemove(add?: readonly string[], remove?: readonly string[]): MultiValuedUpdate {
  return { kind: "multi-valued-update", add, remove };
}

export function encodeParameters(parameters: CmdletParameters): Record<string, unknown> {
  const wire: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(parameters)) {
    if (value === undefined) continue;
    wire[name] = encodeValue(value);
  }
  return wire;
}

function encodeValue(value: CmdletValue): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === "object" && "kind" in value) {
    return {
      "@odata.type": "#Exchange.GenericHashTable",
      ...(value.add && value.add.length > 0 ? { Add: [...value.add] } : {}),
      ...(value.remove && value.remove.length > 0 ? { Remove: [...value.remove] } : {}),
    };
  }
  return value;
}

export type ExoObject = Readonly<Record<string, unknown>>;

/** Drops OData annotations (`X@odata.type`, `@odata.context`...) so objects compare by value. */
export function stripAnnotations(value: unknown): ExoObject {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter(([key]) => !key.includes("@")));
}
