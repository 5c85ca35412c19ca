/**
 * Turns a pasted header block or a whole .eml into header fields. The mail parser (postal-mime)
 * does the RFC 5322 work: line endings, unfolding, the end of the header section, encoded words.
 * What it accepts silently but would make the analysis wrong is refused here with the line and a
 * fix: text that is not a message, continuation lines that lost their indentation, a cut-off end.
 */
import PostalMime from "postal-mime";
import { InputError } from "../model/errors";
import type { HeaderField } from "./types";

/** Header sections of real messages are tens of kilobytes; this bounds what the parser will hold. */
export const MAX_HEADER_SECTION_BYTES = 1024 * 1024;

/** RFC 5322 §2.2: a field name is printable US-ASCII except the colon. */
const FIELD_NAME = /^[\x21-\x39\x3b-\x7e]+$/;

/** Fields every message carries at least one of; without any, the text is not a message. */
const MESSAGE_FIELDS = new Set(["received", "from", "date", "message-id", "return-path", "x-ms-exchange-crosstenant-id"]);

export interface ParsedHeaders {
  readonly fields: readonly HeaderField[];
  /** From, To, Subject with encoded words decoded, for display. */
  readonly decoded: { readonly from: string | null; readonly to: string | null; readonly subject: string | null; readonly messageId: string | null; readonly date: string | null };
}

function lineNumberOf(text: string, line: string): number {
  const firstLine = line.split("\n")[0]!;
  const at = text.indexOf(firstLine);
  return at < 0 ? 0 : text.slice(0, at).split("\n").length;
}

function quote(s: string): string {
  const one = s.replace(/\s+/g, " ").trim();
  return JSON.stringify(one.length > 60 ? `${one.slice(0, 57)}...` : one);
}

/** An unclosed bracket in the last field means the block ends in the middle of a value. */
function unbalanced(value: string): string | null {
  const pairs: Array<[string, string]> = [
    ["(", ")"],
    ["[", "]"],
    ["<", ">"],
  ];
  for (const [open, close] of pairs) {
    let depth = 0;
    for (const ch of value) {
      if (ch === open) depth += 1;
      else if (ch === close && depth > 0) depth -= 1;
    }
    if (depth > 0) return `"${open}" without "${close}"`;
  }
  return null;
}

export async function readHeaderFields(text: string, source: string): Promise<ParsedHeaders> {
  const fail = (path: string, message: string): never => {
    throw new InputError(source, [{ path, message }]);
  };
  if (text.trim() === "") fail("", "is empty; give a message (.eml) or its header block, as a file or on standard input with -");
  if (text.includes("\u0000")) fail("", "contains NUL bytes, so it is not a text message; save the message as .eml (MIME text) or copy its headers as text");
  const start = text.replace(/^\uFEFF/, "");
  if (/^[ \t]/.test(start)) {
    fail("line 1", "starts with a folded continuation line (leading space or tab), so the start of the header block is missing; copy the headers from the first line (usually Received: or Return-Path:)");
  }
  const headerEnd = start.search(/\r?\n\r?\n/);
  const headerBytes = Buffer.byteLength(headerEnd < 0 ? start : start.slice(0, headerEnd), "utf8");
  if (headerBytes > MAX_HEADER_SECTION_BYTES) {
    fail("", `has a header section of ${headerBytes} bytes, more than the ${MAX_HEADER_SECTION_BYTES} bytes a real message's headers take; check that the input is a message`);
  }

  let email: PostalMime.Email;
  try {
    email = await PostalMime.parse(start, { maxHeadersSize: MAX_HEADER_SECTION_BYTES, attachmentEncoding: "arraybuffer" });
  } catch (error) {
    return fail("", `cannot be parsed as a message (${error instanceof Error ? error.message : String(error)}); give the .eml or its header block`);
  }

  const lines = email.headerLines;
  if (lines.length === 0) fail("", "has no header fields; give the message's headers (Received:, From:, ...) as they appear in the .eml");
  lines.forEach((h) => {
    const colon = h.line.indexOf(":");
    const name = colon < 0 ? "" : h.line.slice(0, colon).trim();
    if (colon < 0 || !FIELD_NAME.test(name) || /^\s/.test(h.line)) {
      const n = lineNumberOf(start, h.line);
      const wasFirst = n <= 1;
      fail(
        `line ${n}`,
        wasFirst
          ? `${quote(h.line)} is not a header field ("Name: value"), so this is not a message; give the .eml or its header block`
          : `${quote(h.line)} is neither a header field ("Name: value") nor a folded continuation (which starts with a space or tab): the folding was lost or the block was cut; copy the headers again with their indentation`,
      );
    }
  });
  if (!lines.some((h) => MESSAGE_FIELDS.has(h.key))) {
    fail("", `has no Received, From, Date or Message-ID field, so it is not a message's header block (first field: ${quote(lines[0]!.line)})`);
  }

  const fields: HeaderField[] = email.headers.map((h, index) => ({ name: h.originalKey, key: h.key, value: h.value.replace(/[\t ]+/g, " ").trim(), index }));
  // The parser keeps the section's last field as it finds it; a value whose brackets do not close
  // was cut off mid-fold, and a cut Received or stamp would be misread rather than rejected.
  const last = fields[fields.length - 1]!;
  const open = headerEnd < 0 ? unbalanced(last.value) : null;
  if (open) {
    fail(`line ${lineNumberOf(start, lines[lines.length - 1]!.line)}`, `the last field, ${last.name}, ends with ${open}: the header block was cut off in the middle of a folded value; copy it again up to the blank line that ends the headers`);
  }

  const one = (key: string): string | null => fields.find((f) => f.key === key)?.value ?? null;
  const decode = (v: string | null): string | null => (v === null ? null : PostalMime.decodeWords(v));
  return {
    fields,
    decoded: { from: decode(one("from")), to: decode(one("to")), subject: decode(one("subject")), messageId: one("message-id"), date: one("date") },
  };
}
