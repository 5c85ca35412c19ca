/**
 * `check --format sarif`: SARIF 2.1.0, the format GitHub code scanning and Azure DevOps' SARIF viewer
 * read. One reportingDescriptor per rule, one result per finding; suppressed findings carry their
 * written reason as an external suppression, so code scanning shows them as dismissed, not as new.
 */
import type { Log, ReportingDescriptor, Result } from "sarif";
import { CheckReport } from "../../core/check/run-check";
import { ALL_RULES, Finding } from "../../core/rules";
import { packageInfo } from "../../package-info";
import { StaleSuppression } from "./stale-suppressions";

const SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

export interface SarifInput {
  readonly report: CheckReport;
  /** The world file as the run named it, relative to the repository root when possible; null for standard input. */
  readonly artifactUri: string | null;
  /** The world file's text, to point each result at the line that defines its resource. */
  readonly text: string | null;
  readonly stale: readonly StaleSuppression[];
}

/** The line (1-based) that most likely defines the resource a finding names, e.g. the connector's name. */
export function lineOfResource(text: string | null, resource: string): number {
  if (!text) return 1;
  const name = resource.slice(resource.indexOf(":") + 1).split("/").pop() ?? "";
  if (!name || name === "*") return 1;
  const lines = text.split(/\r?\n/);
  const quoted = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const re = new RegExp(`(^|[\\s"'{\\[,:])${quoted}($|[\\s"'},\\]:])`, "i");
  const index = lines.findIndex((l) => re.test(l));
  return index >= 0 ? index + 1 : 1;
}

function ruleDescriptor(index: number): ReportingDescriptor {
  const rule = ALL_RULES[index]!;
  return {
    id: rule.id,
    name: rule.title.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : "")),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description },
    help: { text: `Fix: ${rule.fix}\nSources: ${rule.sources.join(", ")} (hybrid-mailflow sources)`, markdown: `**Fix:** ${rule.fix}\n\nSources: ${rule.sources.join(", ")} (\`hybrid-mailflow sources\`)` },
    defaultConfiguration: { level: rule.severity === "mandatory" ? "error" : "warning" },
    properties: { tags: ["exchange", "mail-flow"], severity: rule.severity },
  };
}

/** Typed against @types/sarif inside; the declared result stays plain so the package's declarations need no SARIF types. */
export function checkReportAsSarif(input: SarifInput): Record<string, unknown> {
  const log: Log = sarifLog(input);
  return log as unknown as Record<string, unknown>;
}

function sarifLog(input: SarifInput): Log {
  const { report } = input;
  const indexOf = new Map(ALL_RULES.map((r, i) => [r.id, i]));
  const result = (f: Finding, suppressionReason?: string): Result => {
    const location = {
      ...(input.artifactUri ? { physicalLocation: { artifactLocation: { uri: input.artifactUri }, region: { startLine: lineOfResource(input.text, f.resource) } } } : {}),
      logicalLocations: [{ fullyQualifiedName: f.resource }],
    };
    const flows = f.flows.length > 0 ? `\nFlows: ${f.flows.join("; ")}` : "";
    return {
      ruleId: f.rule,
      ruleIndex: indexOf.get(f.rule),
      level: f.severity === "mandatory" ? "error" : "warning",
      message: { text: `${f.message}${flows}\nFix: ${f.fix}${f.certainty === "uncertain" ? "\nRests on undocumented EOP behaviour (certainty: uncertain)." : ""}` },
      locations: [location],
      partialFingerprints: { "hybridMailflowFinding/v1": `${f.rule}|${f.resource}` },
      properties: { resource: f.resource, certainty: f.certainty, sources: [...f.sources] },
      ...(suppressionReason !== undefined ? { suppressions: [{ kind: "external", status: "accepted", justification: suppressionReason }] } : {}),
    };
  };
  const info = packageInfo();
  return {
    $schema: SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "hybrid-mailflow", version: info.version, semanticVersion: info.version, rules: ALL_RULES.map((_r, i) => ruleDescriptor(i)) } },
        ...(input.artifactUri ? { artifacts: [{ location: { uri: input.artifactUri } }] } : {}),
        results: [...report.findings.map((f) => result(f)), ...report.suppressed.map((s) => result(s.finding, s.reason))],
        invocations: [
          {
            executionSuccessful: true,
            toolConfigurationNotifications: input.stale.map((s) => ({ level: "warning" as const, message: { text: s.message }, locations: [{ logicalLocations: [{ fullyQualifiedName: s.path }] }] })),
          },
        ],
        properties: { blocking: report.blocking, summary: report.summary },
      },
    ],
  };
}
