/**
 * A throw-away certificate authority and a loopback server certificate it signed, so emulators
 * speak real TLS and clients verify them like any other server: trust `caCert`, nothing more.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generate } from "selfsigned";

export interface TestCertificates {
  /** PEM of the CA; pass it to clients (or write it with `writeCaFile`) to trust the emulators. */
  readonly caCert: string;
  /** The server certificate and key, valid for localhost, 127.0.0.1 and ::1. */
  readonly cert: string;
  readonly key: string;
}

export async function createTestCertificates(): Promise<TestCertificates> {
  const notBeforeDate = new Date(Date.now() - 60_000);
  const notAfterDate = new Date(Date.now() + 7 * 24 * 3600_000);
  const ca = await generate([{ name: "commonName", value: "hybrid-mailflow test CA" }], {
    keyType: "ec",
    algorithm: "sha256",
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: "basicConstraints", cA: true, critical: true },
      { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  const server = await generate([{ name: "commonName", value: "localhost" }], {
    keyType: "ec",
    algorithm: "sha256",
    notBeforeDate,
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true },
      { name: "extKeyUsage", serverAuth: true },
      { name: "subjectAltName", altNames: [{ type: 2, value: "localhost" }, { type: 7, ip: "127.0.0.1" }, { type: 7, ip: "::1" }] },
    ],
  });
  return { caCert: ca.cert, cert: server.cert, key: server.private };
}

/** Writes the CA to a fresh temporary file, for `HYBRID_MAILFLOW_CA_CERTS`. */
export function writeCaFile(caCert: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "hybrid-mailflow-ca-")), "ca.pem");
  writeFileSync(path, caCert);
  return path;
}

/** A key pair and self-signed certificate for an app registration's certificate credential. */
export async function createClientCertificate(commonName = "hybrid-mailflow test app"): Promise<{ cert: string; key: string; pem: string }> {
  const result = await generate([{ name: "commonName", value: commonName }], { keyType: "rsa", keySize: 2048, algorithm: "sha256" });
  return { cert: result.cert, key: result.private, pem: `${result.private}\n${result.cert}` };
}
