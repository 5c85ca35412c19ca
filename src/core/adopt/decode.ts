/**
 * Text of an export file as Windows writes it: UTF-8 with or without a byte-order mark, or the
 * UTF-16 LE with BOM that Windows PowerShell 5.1's `Out-File` and `>` produce by default.
 */
export function decodeExportText(bytes: Uint8Array): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(3));
  // UTF-16 without a BOM still shows itself by the zero byte of every ASCII character.
  if (bytes.length >= 4 && bytes[1] === 0 && bytes[3] === 0 && bytes[0] !== 0) return new TextDecoder("utf-16le").decode(bytes);
  return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
}
