/**
 * Zod's own messages ("Invalid input: expected boolean, received string", "Too small: expected
 * string to have >=1 characters") say neither what the value was in the user's terms nor what to
 * write instead. Every schema issue without a message of our own is rewritten here: what is wrong,
 * with the value that was given, and the fix.
 */
import type { z } from "zod";
import { formatPath, type InputIssue } from "./errors";

type Issue = z.core.$ZodIssue;

/** A message zod wrote itself, as opposed to one a schema gave. */
const ZOD_DEFAULT = /^(Invalid|Too (small|big)|Unrecognized key|Expected)/;

const EXPECTED: Readonly<Record<string, string>> = {
  string: "text",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "a mapping of fields",
  record: "a mapping from names to entries",
  null: "null",
};

/** How to write each kind of value, for the fix. */
const HOW: Readonly<Record<string, string>> = {
  array: "write it as YAML `- item` lines or a JSON [ ... ] list",
  object: "write it as YAML `field: value` lines or a JSON { ... } object",
  record: "write it as YAML `name: ...` lines or a JSON { ... } object",
};

export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null (an empty value)";
  if (typeof value === "number") {
    if (Number.isNaN(value)) return "NaN (YAML .nan), which is not a number";
    if (!Number.isFinite(value)) return `${value > 0 ? "" : "minus "}infinity (YAML .inf)`;
    return `the number ${value}`;
  }
  if (typeof value === "string") return `the text "${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  if (typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return "a list";
  return "a mapping";
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const key of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = Object.prototype.hasOwnProperty.call(v, key) ? (v as Record<PropertyKey, unknown>)[key] : undefined;
  }
  return v;
}

function expected(name: string): string {
  return EXPECTED[name] ?? name;
}

function typeFix(name: string, value: unknown): string {
  if (name === "boolean") return "write true or false, without quotes";
  if (typeof value === "number" && !Number.isFinite(value)) return name === "string" ? "write the value in quotes" : "write a finite number such as 10";
  if ((name === "number" || name === "int") && typeof value === "string") return "write the number without quotes";
  if (name === "string" && (typeof value === "number" || typeof value === "boolean")) return `put the value in quotes ("${String(value)}")`;
  if (value === null) return "give a value, or leave the field out to take its default";
  return HOW[name] ?? `write ${expected(name)} here`;
}

/** The message for one issue at `path` (already relative to `root`). */
function messageFor(issue: Issue, root: unknown, path: readonly PropertyKey[], formatDoc: string): string {
  const value = valueAt(root, path);
  switch (issue.code) {
    case "invalid_type": {
      const want = expected(issue.expected);
      if (value === undefined) return `is required; add it (${want})`;
      if (issue.expected === "int" && typeof value === "number" && Number.isFinite(value)) return `must be a whole number, not ${value}; drop the fraction`;
      return `must be ${want}, not ${describeValue(value)}; ${typeFix(issue.expected, value)}`;
    }
    case "invalid_value": {
      const options = issue.values.map((v) => String(v)).join(", ");
      if (value === undefined) return `is required; use one of ${options}`;
      return `${describeValue(value)} is not allowed here; use one of ${options} (spelled exactly so)`;
    }
    case "too_small": {
      const min = Number(issue.minimum);
      if (issue.origin === "string") return min <= 1 ? "must not be empty; write a value" : `must be at least ${min} characters long`;
      if (issue.origin === "array" || issue.origin === "set") return `needs at least ${min} item${min === 1 ? "" : "s"}; add ${min === 1 ? "one" : "more"}`;
      return `must be at least ${min}, not ${describeValue(value).replace(/^the number /, "")}; use a value from ${min} up`;
    }
    case "too_big": {
      const max = Number(issue.maximum);
      if (issue.origin === "string") return `must be at most ${max} characters long; shorten it`;
      if (issue.origin === "array" || issue.origin === "set") return `may have at most ${max} items; remove some`;
      return `must be at most ${max}, not ${describeValue(value).replace(/^the number /, "")}; use a value up to ${max}`;
    }
    case "unrecognized_keys":
      return `unknown field(s) ${issue.keys.slice(0, 5).map((k) => JSON.stringify(k.length > 40 ? `${k.slice(0, 40)}…` : k)).join(", ")}${issue.keys.length > 5 ? ` and ${issue.keys.length - 5} more` : ""}; check the spelling against ${formatDoc}`;
    case "invalid_key":
      return `has an entry whose name is not valid; ${issue.issues.map((i) => i.message).join("; ")}`;
    default:
      return `${describeValue(value)} is not valid here; check the field against ${formatDoc}`;
  }
}

/**
 * Which branch of a union the user meant: the one whose problems lie deepest (it matched the
 * shape and failed on a detail), else none, when every branch failed at the top.
 */
function likelyBranch(branches: readonly (readonly Issue[])[]): readonly Issue[] | undefined {
  let best: readonly Issue[] | undefined;
  let bestDepth = 0;
  for (const branch of branches) {
    const depth = Math.min(...branch.map((i) => i.path.length));
    if (depth > bestDepth) {
      best = branch;
      bestDepth = depth;
    }
  }
  return best;
}

function unionMessage(branches: readonly (readonly Issue[])[], root: unknown, path: readonly PropertyKey[]): string {
  const wants = branches.map((b) => b.find((i) => i.path.length === 0 && i.code === "invalid_type") as { expected?: string } | undefined).map((i) => (i?.expected ? expected(i.expected) : undefined));
  const custom = branches.flat().find((i) => !ZOD_DEFAULT.test(i.message));
  if (custom) return custom.message;
  const value = valueAt(root, path);
  const forms = [...new Set(wants.filter((w): w is string => w !== undefined))];
  return `must be ${forms.length > 0 ? forms.join(" or ") : "in one of the forms the world format allows"}, not ${describeValue(value)}`;
}

/** Our issues for zod's, with full paths under `prefix`, messages rewritten where zod wrote them. */
export function translateIssues(issues: readonly Issue[], root: unknown, prefix = "", base: readonly PropertyKey[] = [], formatDoc = "the world format"): InputIssue[] {
  const out: InputIssue[] = [];
  for (const issue of issues) {
    const path = [...base, ...issue.path];
    if (issue.code === "invalid_union") {
      const branch = likelyBranch(issue.errors);
      if (branch) {
        out.push(...translateIssues(branch, root, prefix, path, formatDoc));
        continue;
      }
      out.push({ path: join(prefix, formatPath(path)), message: unionMessage(issue.errors, root, path) });
      continue;
    }
    // A schema's own message is kept: it was written for this field.
    const own = !ZOD_DEFAULT.test(issue.message);
    out.push({ path: join(prefix, formatPath(path)), message: own ? issue.message : messageFor(issue, root, path, formatDoc) });
  }
  return out;
}

function join(prefix: string, path: string): string {
  return prefix && path ? `${prefix}.${path}` : prefix || path;
}
