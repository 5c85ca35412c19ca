/**
 * TXT values as Azure DNS takes them. One DNS character-string holds at most 255 characters and the
 * Azure REST API (which azure-native calls) does not split longer values the way the portal and CLI
 * do, so a long SPF or DKIM value must arrive as several strings that resolvers concatenate again.
 */
import { ComponentInputError } from "./input-error";

/** RFC 1035 character-string limit. */
export const TXT_STRING_MAX = 255;
/** Azure DNS: total characters of all values in one TXT record set (public cloud; 1024 in national clouds). */
export const TXT_RECORD_SET_MAX = 4096;

/** Splits one logical TXT value into 255-character strings; an empty value stays one empty string. */
export function chunkTxtValue(value: string): string[] {
  if (value.length <= TXT_STRING_MAX) return [value];
  const chunks: string[] = [];
  for (let at = 0; at < value.length; at += TXT_STRING_MAX) chunks.push(value.slice(at, at + TXT_STRING_MAX));
  return chunks;
}

/** The `txtRecords` of an Azure DNS record set: one record per logical value, each chunked. */
export function azureTxtRecords(values: readonly string[]): { value: string[] }[] {
  return values.map((v) => ({ value: chunkTxtValue(v) }));
}

/** Throws when the values of one record set exceed Azure's total size, naming the field that fills it. */
export function assertTxtRecordSetSize(values: readonly string[], recordName: string, field: string): void {
  const total = values.reduce((n, v) => n + v.length, 0);
  if (total > TXT_RECORD_SET_MAX) {
    throw new ComponentInputError(
      field,
      `the TXT record set at ${recordName} would hold ${total} characters; Azure DNS allows ${TXT_RECORD_SET_MAX} per record set`,
      "remove TXT values that are no longer needed (old verification codes, retired services) or move long values to their own names",
    );
  }
}
