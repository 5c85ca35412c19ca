/**
 * Names as admins copy them from Exchange, reduced to the form the model compares: certificate
 * subjects given as a distinguished name, fully qualified domains with the root dot.
 */

/**
 * The host name in a certificate subject. Admins paste the Subject of Get-ExchangeCertificate
 * (`CN=mail.contoso.com, OU=IT, O=Contoso, C=US`) or a connector's TlsCertificateName
 * (`<I>CN=Issuer, O=CA<S>CN=mail.contoso.com`); EOP matches the CN (and SANs) against
 * TlsSenderCertificateName, so the CN is what the model needs. Anything that is not a DN is returned as it is.
 */
export function commonNameOf(subject: string): string {
  let text = subject.trim();
  const s = text.search(/<S>/i);
  if (/^<I>/i.test(text) && s >= 0) text = text.slice(s + 3).trim();
  if (!/^[A-Za-z][A-Za-z0-9.-]*\s*=/.test(text)) return subject;
  for (const rdn of splitDn(text)) {
    const eq = rdn.indexOf("=");
    if (eq > 0 && rdn.slice(0, eq).trim().toUpperCase() === "CN") return unquote(rdn.slice(eq + 1).trim());
  }
  // A DN without a CN names no host; the caller's domain check then says what is wanted.
  return subject;
}

/** A subject such as `O=Contoso, C=US`: a DN that names no host, so nothing EOP could match. */
export function isDnWithoutCommonName(subject: string): boolean {
  const text = subject.trim();
  return /^[A-Za-z][A-Za-z0-9.-]*\s*=/.test(text) && commonNameOf(text) === subject;
}

/** RFC 4514 separators (`,` and the older `;` and `+`), ignoring escaped and quoted ones. */
function splitDn(dn: string): string[] {
  const parts: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < dn.length; i++) {
    const ch = dn[i]!;
    if (ch === "\\" && i + 1 < dn.length) {
      current += ch + dn[++i]!;
      continue;
    }
    if (ch === '"') quoted = !quoted;
    if (!quoted && (ch === "," || ch === ";" || ch === "+")) {
      parts.push(current.trim());
      current = "";
      continue;
    }
    current += ch;
  }
  parts.push(current.trim());
  return parts;
}

function unquote(value: string): string {
  const inner = value.startsWith('"') && value.endsWith('"') && value.length >= 2 ? value.slice(1, -1) : value;
  return inner.replace(/\\(.)/g, "$1");
}

/** `contoso.com.` is the fully qualified form of `contoso.com` (DNS zone files and nslookup print it). */
export function withoutRootDot(name: string): string {
  return name.length > 1 && name.endsWith(".") && !name.endsWith("..") ? name.slice(0, -1) : name;
}
