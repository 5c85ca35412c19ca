/**
 * Values Pulumi cannot know during a preview travel as sentinel strings (one per JSON type), in the
 * engine's wire format and in `@pulumi/policy`'s deserialised properties alike. The core recognises
 * them itself so that it never needs the policy SDK.
 */
const UNKNOWN_SENTINELS: ReadonlySet<string> = new Set([
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // boolean
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
  "04da6b54-80e4-46f7-96ec-b56ff0331ba9", // string, and the engine's generic unknown
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
  "030794c1-ac77-496b-92df-f27374a8bd58", // asset
  "e48ece36-62e2-4504-bad9-02848725956a", // archive
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
]);

/** The sentinel the engine uses for any unknown value on the wire. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(value: unknown): boolean {
  return typeof value === "string" && UNKNOWN_SENTINELS.has(value);
}

/** Paths (`a.b[2].c`) under `value` that hold unknowns; `prefix` names `value` itself. */
export function unknownPaths(value: unknown, prefix = ""): string[] {
  if (isUnknown(value)) return [prefix];
  const paths: string[] = [];
  if (Array.isArray(value)) {
    value.forEach((item, i) => paths.push(...unknownPaths(item, `${prefix}[${i}]`)));
  } else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) paths.push(...unknownPaths(item, prefix ? `${prefix}.${key}` : key));
  }
  return paths;
}
