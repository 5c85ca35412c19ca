/** Reads a YAML or JSON file into plain data, with errors that name the file, line and column. */
import { readFileSync } from "node:fs";
import { parseDocument } from "yaml";
import { InputError } from "../core/model/errors";

export function readDocument(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(path, [{ path: "", message: code === "ENOENT" ? "file not found; check the path" : `cannot be read (${code ?? String(error)})` }]);
  }
  // YAML 1.2 is a superset of JSON, so one parser serves both and reports positions the same way.
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new InputError(path, doc.errors.map((e) => ({ path: e.linePos ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : "", message: e.message.split("\n")[0]! })));
  }
  return doc.toJS();
}
