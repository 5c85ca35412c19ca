/** Reads a YAML or JSON file (or `-`, standard input) into plain data, with errors that name the file, line and column. */
import { readFileSync } from "node:fs";
import { parseDocument } from "yaml";
import { InputError } from "../core/model/errors";

/** The path that means "read standard input", as in most Unix tools. */
export const STDIN_PATH = "-";

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

function readBytes(path: string): Buffer {
  try {
    // File descriptor 0 works for pipes and redirected files alike, on every platform Node supports.
    return readFileSync(path === STDIN_PATH ? 0 : path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const name = path === STDIN_PATH ? "standard input" : path;
    if (code === "EAGAIN" && path === STDIN_PATH) throw new InputError(name, [{ path: "", message: "nothing to read; pipe a world into the command (cat world.yaml | hybrid-mailflow check -)" }]);
    throw new InputError(name, [{ path: "", message: code === "ENOENT" ? "file not found; check the path" : `cannot be read (${code ?? String(error)})` }]);
  }
}

export interface LoadedDocument {
  /** The path, or "standard input" for `-`. */
  readonly name: string;
  readonly text: string;
  readonly data: unknown;
}

export function loadDocument(path: string): LoadedDocument {
  const name = documentName(path);
  const text = decodeText(readBytes(path));
  // YAML 1.2 is a superset of JSON, so one parser serves both and reports positions the same way.
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new InputError(name, doc.errors.map((e) => ({ path: e.linePos ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : "", message: e.message.split("\n")[0]! })));
  }
  return { name, text, data: doc.toJS() };
}

export function readDocument(path: string): unknown {
  return loadDocument(path).data;
}

/** How a world argument is named in errors and reports: the path, or "standard input" for `-`. */
export function documentName(path: string): string {
  return path === STDIN_PATH ? "standard input" : path;
}
