/**
 * Reads a YAML or JSON file (or `-`, standard input) into plain data, with errors that name the file,
 * line and column. Input is untrusted: what is read is bounded (a device such as /dev/zero never ends), JSON is
 * parsed by the JSON parser (the YAML parser is a hundred times slower on it), and hostile
 * structures (alias bombs, deep nesting) end in an error that names the file and the limit.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { isCollection, parseDocument, visit, type Document } from "yaml";
import { InputError } from "../core/model/errors";

export const MAX_INPUT_ENV = "HYBRID_MAILFLOW_MAX_INPUT_MB";
const DEFAULT_MAX_INPUT_MB = 16;
/** Deeper than any world, scenario or config file needs (they nest about eight levels). */
export const MAX_NESTING = 64;
/** YAML aliases a file may expand: enough for shared anchors, far too few for a "billion laughs". */
export const MAX_ALIASES = 100;

/** The path that means "read standard input", as in most Unix tools. */
export const STDIN_PATH = "-";

export interface ReadOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Bytes to text, honouring a byte order mark: Windows PowerShell 5.1 writes UTF-16 LE with a BOM by
 * default (`Out-File`, `>`), and editors on Windows often add a UTF-8 BOM. Without a BOM the text is UTF-8,
 * except that NUL bytes in the first two positions reveal BOM-less UTF-16, which no YAML or JSON document
 * starts with in UTF-8.
 */
export function decodeText(bytes: Buffer): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString("utf8");
  if (bytes.length >= 2 && bytes[0] !== 0 && bytes[1] === 0) return new TextDecoder("utf-16le").decode(bytes);
  if (bytes.length >= 2 && bytes[0] === 0 && bytes[1] !== 0) return new TextDecoder("utf-16be").decode(bytes);
  return bytes.toString("utf8");
}

export interface LoadedDocument {
  /** The path, or "standard input" for `-`. */
  readonly name: string;
  readonly text: string;
  readonly data: unknown;
}

export function loadDocument(path: string, options: ReadOptions = {}): LoadedDocument {
  const name = documentName(path);
  const text = decodeText(readBounded(path, name, maxInputBytes(name, options.env ?? process.env)));
  return { name, text, data: parseText(name, text) };
}

export function readDocument(path: string, options: ReadOptions = {}): unknown {
  return loadDocument(path, options).data;
}

/** How a world argument is named in errors and reports: the path, or "standard input" for `-`. */
/**
 * The bytes of an input file (or `-` for standard input), bounded like every document the CLI reads:
 * for the commands that parse formats of their own (partner lists, Exchange exports, policy config).
 */
export function readInputBytes(path: string, env: Readonly<Record<string, string | undefined>> = process.env): Buffer {
  return readBounded(path, documentName(path), maxInputBytes(path, env));
}

export function documentName(path: string): string {
  return path === STDIN_PATH ? "standard input" : path;
}

function maxInputBytes(path: string, env: Readonly<Record<string, string | undefined>>): number {
  const raw = env[MAX_INPUT_ENV]?.trim();
  if (raw === undefined || raw === "") return DEFAULT_MAX_INPUT_MB * 1024 * 1024;
  const mb = Number(raw);
  if (!Number.isFinite(mb) || mb <= 0 || mb > 4096) {
    throw new InputError(path, [{ path: MAX_INPUT_ENV, message: `"${raw}" is not a size in megabytes; set it to a number from 1 to 4096, or unset it for the default of ${DEFAULT_MAX_INPUT_MB}` }]);
  }
  return Math.floor(mb * 1024 * 1024);
}

function readBounded(path: string, name: string, limit: number): Buffer {
  const stdin = path === STDIN_PATH;
  let fd: number;
  try {
    // File descriptor 0 works for pipes and redirected files alike, on every platform Node supports.
    fd = stdin ? 0 : openSync(path, "r");
  } catch (error) {
    throw unreadable(name, error);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new InputError(name, [{ path: "", message: "is a directory; give the path of a YAML or JSON file" }]);
    if (stat.isFile() && stat.size > limit) throw tooLarge(name, limit);
    // Read at most one byte past the limit: devices and pipes do not tell their size in advance.
    const chunks: Buffer[] = [];
    let total = 0;
    const buffer = Buffer.allocUnsafe(1 << 16);
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      total += n;
      if (total > limit) throw tooLarge(name, limit);
      chunks.push(Buffer.from(buffer.subarray(0, n)));
    }
    return Buffer.concat(chunks, total);
  } catch (error) {
    if (error instanceof InputError) throw error;
    if (stdin && (error as NodeJS.ErrnoException).code === "EAGAIN") {
      throw new InputError(name, [{ path: "", message: "nothing to read; pipe a world into the command (cat world.yaml | hybrid-mailflow check -)" }]);
    }
    throw unreadable(name, error);
  } finally {
    if (!stdin) closeSync(fd);
  }
}

function unreadable(path: string, error: unknown): InputError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return new InputError(path, [{ path: "", message: "file not found; check the path" }]);
  if (code === "EISDIR") return new InputError(path, [{ path: "", message: "is a directory; give the path of a YAML or JSON file" }]);
  return new InputError(path, [{ path: "", message: `cannot be read (${code ?? "error"}); check that the file exists and is readable` }]);
}

function tooLarge(path: string, limit: number): InputError {
  const mb = Math.round((limit / 1024 / 1024) * 100) / 100;
  return new InputError(path, [
    { path: "", message: `is larger than ${mb} MB, the most hybrid-mailflow reads; if the file is meant to be this large, raise the limit with ${MAX_INPUT_ENV}=<megabytes>` },
  ]);
}

function parseText(path: string, text: string): unknown {
  const trimmed = text.replace(/^\uFEFF/, "").trimStart();
  const value = trimmed.startsWith("{") || trimmed.startsWith("[") ? parseJson(path, trimmed) ?? parseYaml(path, text) : parseYaml(path, text);
  const depth = nestingDepth(value, MAX_NESTING);
  if (depth > MAX_NESTING) {
    throw new InputError(path, [{ path: "", message: `nests more than ${MAX_NESTING} levels deep; a world, scenario or config file needs fewer than ten, so check the file for runaway brackets or indentation` }]);
  }
  return value;
}

/** JSON by the JSON parser; undefined when it is not valid JSON, so the YAML parser can say where it goes wrong. */
function parseJson(path: string, text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    if (error instanceof RangeError) throw tooDeep(path);
    return undefined;
  }
  const duplicate = firstDuplicateKey(text);
  if (duplicate) throw new InputError(path, [{ path: `line ${duplicate.line}, column ${duplicate.column}`, message: `the key "${duplicate.key}" appears twice in one object; keep one` }]);
  return value;
}

/**
 * JSON.parse keeps the last of two equal keys without a word; the YAML parser rejected them, and a
 * setting silently overridden is as bad as a misspelt one. One pass over valid JSON text.
 */
function firstDuplicateKey(text: string): { key: string; line: number; column: number } | undefined {
  const objects: Array<Set<string> | undefined> = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b /* { */) {
      objects.push(new Set());
      expectKey = true;
    } else if (c === 0x5b /* [ */) objects.push(undefined);
    else if (c === 0x7d || c === 0x5d) objects.pop();
    else if (c === 0x2c /* , */) expectKey = objects[objects.length - 1] !== undefined;
    else if (c === 0x22 /* " */) {
      let j = i + 1;
      while (text.charCodeAt(j) !== 0x22) j += text.charCodeAt(j) === 0x5c ? 2 : 1;
      if (expectKey) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        const keys = objects[objects.length - 1]!;
        if (keys.has(key)) {
          const before = text.slice(0, i);
          const line = before.split("\n").length;
          return { key, line, column: i - before.lastIndexOf("\n") };
        }
        keys.add(key);
        expectKey = false;
      }
      i = j;
    }
  }
  return undefined;
}

function parseYaml(path: string, text: string): unknown {
  try {
    const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
    // The parser catches its own stack overflow and reports it as a syntax error at some column.
    if (doc.errors.some((e) => /call stack/i.test(e.message))) throw tooDeep(path);
    if (doc.errors.length > 0) {
      throw new InputError(path, doc.errors.map((e) => ({ path: e.linePos ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : "", message: e.message.split("\n")[0]! })));
    }
    checkStructure(path, text, doc);
    return doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    if (error instanceof InputError) throw error;
    if (error instanceof RangeError) throw tooDeep(path);
    if (error instanceof Error && /alias count/i.test(error.message)) {
      throw new InputError(path, [
        { path: "", message: `expands YAML aliases (*name) more than ${MAX_ALIASES} times, as a "billion laughs" attack does; write the repeated values out, or use fewer aliases` },
      ]);
    }
    throw new InputError(path, [{ path: "", message: `cannot be parsed as YAML or JSON (${error instanceof Error ? error.message.split("\n")[0] : String(error)}); check the file's syntax` }]);
  }
}

/**
 * Rejects, before converting to data, what no world needs and what makes the conversion explode: a
 * list or mapping used as a key (YAML `? ` complex keys become huge strings) and deep nesting.
 */
function checkStructure(path: string, text: string, doc: Document): void {
  let problem: InputError | undefined;
  visit(doc, {
    Pair(_key, pair, ancestors) {
      if (ancestors.length > MAX_NESTING * 2) {
        problem = tooDeep(path);
        return visit.BREAK;
      }
      if (isCollection(pair.key)) {
        problem = new InputError(path, [{ path: positionOf(text, pair.key.range?.[0]), message: "uses a list or mapping as a key (YAML `? `); keys are field names, so write a plain name before the colon" }]);
        return visit.BREAK;
      }
      return undefined;
    },
    Seq(_key, _node, ancestors) {
      if (ancestors.length > MAX_NESTING * 2) {
        problem = tooDeep(path);
        return visit.BREAK;
      }
      return undefined;
    },
  });
  if (problem) throw problem;
}

function positionOf(text: string, offset: number | undefined): string {
  if (offset === undefined) return "";
  const before = text.slice(0, offset);
  return `line ${before.split("\n").length}, column ${offset - before.lastIndexOf("\n")}`;
}

function tooDeep(path: string): InputError {
  return new InputError(path, [{ path: "", message: `nests more than the parser can follow (the limit is ${MAX_NESTING} levels); a world, scenario or config file needs fewer than ten, so check the file for runaway brackets or indentation` }]);
}

/** The depth of `value`, counted without recursion and only up to `cap` + 1. */
function nestingDepth(value: unknown, cap: number): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (d + 1 > max) max = d + 1;
    if (max > cap) return max;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, d + 1]);
  }
  return max;
}
