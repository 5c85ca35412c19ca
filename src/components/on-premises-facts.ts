/**
 * The on-premises organization as facts: read through the core's strict world schema (so a misspelt
 * field or a bad IP names its path) and compared the way EOP compares certificate names.
 */
import { isAtOrBelow, wildcardBase } from "../core/domains";
import { formatPath } from "../core/model/errors";
import { strictSchemas } from "../core/model/schema";
import type { Certificate, OnPremises } from "../core/model/types";
import type { OnPremisesArgs } from "./hybrid-mail-flow-args";
import { ComponentInputError, type ComponentInputIssue } from "./input-error";

/** The on-premises facts through the core's world schema, so a misspelt field or a bad IP names its path. */
export function parseOnPremises(onPremises: OnPremisesArgs, tenantId: string): OnPremises {
  if (onPremises === undefined || onPremises === null || typeof onPremises !== "object") {
    throw new ComponentInputError("onPremises", "is required", "describe the on-premises organization: servers, sendConnectors, senderDomains");
  }
  const parsed = strictSchemas.onPremisesSchema.safeParse({ ...onPremises, tenant: tenantId });
  if (!parsed.success) {
    throw new ComponentInputError(
      parsed.error.issues.map((i) => ({
        field: `onPremises${i.path.length > 0 ? (typeof i.path[0] === "number" ? "" : ".") + formatPath(i.path) : ""}`,
        problem: i.code === "unrecognized_keys" ? `unknown field(s) ${i.keys.map((k) => `"${k}"`).join(", ")}` : /received undefined/.test(i.message) ? "is required" : i.message,
      })),
      "HybridMailFlow",
    );
  }
  const org = parsed.data;
  const servers = new Set(org.servers.map((s) => s.name));
  const issues: ComponentInputIssue[] = [];
  org.sendConnectors.forEach((sc, c) =>
    sc.sourceServers.forEach((server, s) => {
      if (!servers.has(server)) issues.push({ field: `onPremises.sendConnectors[${c}].sourceServers[${s}]`, problem: `no server named "${server}"`, fix: `use one of ${[...servers].join(", ")}` });
    }),
  );
  if (issues.length > 0) throw new ComponentInputError(issues, "HybridMailFlow");
  return org;
}

/** Every name a certificate carries (subject and SANs). */
export function certificateNames(cert: Certificate | null): string[] {
  return cert ? [...new Set([cert.subject, ...cert.san])] : [];
}

/** Whether a TlsSenderCertificateName (exact or `*.x`) matches a certificate name the way EOP compares them. */
export function certificateMatches(pattern: string, name: string): boolean {
  if (pattern.startsWith("*.")) return name !== wildcardBase(pattern) && isAtOrBelow(name, wildcardBase(pattern));
  return pattern === name;
}
