/**
 * Reading values out of cmdlet output that arrives in more than one shape. The same property is a
 * plain string when it crossed a remote PowerShell session (deserialized objects become their
 * ToString()), and an object with the type's own properties when `ConvertTo-Json` ran in the
 * Exchange Management Shell itself; Windows PowerShell 5.1 also writes dates as `/Date(ms)/`.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** A property looked up without regard to case, as PowerShell does. */
export function prop(object: unknown, name: string): Json | undefined {
  if (!isObject(object)) return undefined;
  if (name in object) return object[name];
  const key = Object.keys(object).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : object[key];
}

/** A one-element collection comes out of ConvertTo-Json as the element itself; this undoes that. */
export function list(value: Json | undefined): Json[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

export function text(value: Json | undefined): string | undefined {
  if (typeof value === "string") return value.trim() === "" ? undefined : value.trim();
  if (typeof value === "number") return String(value);
  return undefined;
}

export function bool(value: Json | undefined): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (typeof value === "string" && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === "true";
  return undefined;
}

/**
 * Windows PowerShell 5.1 serialises DateTime as `\/Date(1718000000000)\/` (optionally with an
 * offset), PowerShell 7 as ISO 8601; some exports keep the culture's text. Unknown forms give undefined.
 */
export function date(value: Json | undefined): Date | undefined {
  if (isObject(value)) return date(prop(value, "DateTime") ?? prop(value, "value"));
  if (typeof value !== "string") return undefined;
  const ms = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/.exec(value.trim());
  if (ms) return new Date(Number(ms[1]));
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? undefined : new Date(parsed);
}

/** The first CN of a distinguished name such as `CN=mail.contoso.com, O=Contoso, C=US`. */
export function commonName(dn: string): string | undefined {
  for (const part of splitDn(dn)) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim().toUpperCase() === "CN") return unquote(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** Comparable form of a DN: attribute types upper-case, values trimmed, spacing after commas ignored. */
export function normalizeDn(dn: string): string {
  return splitDn(dn)
    .map((part) => {
      const eq = part.indexOf("=");
      return eq > 0 ? `${part.slice(0, eq).trim().toUpperCase()}=${unquote(part.slice(eq + 1).trim()).toLowerCase()}` : part.trim().toLowerCase();
    })
    .join(",");
}

function splitDn(dn: string): string[] {
  const parts: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < dn.length; i++) {
    const c = dn[i]!;
    if (c === "\\" && i + 1 < dn.length) {
      current += c + dn[++i];
      continue;
    }
    if (c === '"') quoted = !quoted;
    if ((c === "," || c === ";") && !quoted) {
      parts.push(current);
      current = "";
      continue;
    }
    current += c;
  }
  if (current.trim() !== "") parts.push(current);
  return parts;
}

function unquote(value: string): string {
  return value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value.replace(/\\(.)/g, "$1");
}

/** A host name matches a certificate name, with a leading wildcard covering exactly one label (RFC 6125 §6.4.3). */
export function certificateNameCovers(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  const h = host.toLowerCase();
  if (!p.startsWith("*.")) return p === h;
  const rest = h.indexOf(".");
  return rest > 0 && h.slice(rest + 1) === p.slice(2);
}
