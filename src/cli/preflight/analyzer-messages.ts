/**
 * Plain objects to and from the pulumirpc.Analyzer messages, as the Pulumi CLI converts them
 * (pkg/resource/plugin/analyzer_plugin.go): enforcement levels and severities by name, the version
 * from PulumiPolicy.yaml over the pack's own, resources marshalled like the engine's AnalyzeStack.
 */
import type { StackResource } from "../../core/stack/stack-resource";
import { analyzer, Struct } from "./analyzer-proto";
import { ENFORCEMENT_LEVELS, type ConfigurablePolicy, type EnforcementLevel, type PolicyConfigEntry, type ReconciledConfig } from "./policy-config";
import { analyzerProperties } from "./wire-properties";

export type PolicySeverity = "" | "low" | "medium" | "high" | "critical";
export type PolicyType = "unknown" | "resource" | "stack";

export interface PolicyInfo extends ConfigurablePolicy {
  readonly displayName: string;
  readonly description: string;
  readonly policyType: PolicyType;
  readonly severity: PolicySeverity;
}

export interface AnalyzerInfo {
  readonly name: string;
  readonly displayName: string;
  readonly version: string;
  readonly description: string;
  readonly supportsConfig: boolean;
  readonly policies: PolicyInfo[];
  readonly initialConfig: ReconciledConfig;
}

export interface Diagnostic {
  readonly policyName: string;
  readonly policyPackName: string;
  readonly policyPackVersion: string;
  readonly description: string;
  readonly message: string;
  readonly enforcementLevel: EnforcementLevel;
  /** The resource the violation is about; empty for a stack policy that named none. */
  readonly urn: string;
  readonly severity: PolicySeverity;
}

export interface NotApplicable {
  readonly policyName: string;
  readonly reason: string;
}

export interface AnalyzeResult {
  readonly diagnostics: Diagnostic[];
  readonly notApplicable: NotApplicable[];
}

/** A resource for AnalyzeStack; the graph beyond the parent is passed on when known. */
export type AnalyzedResource = StackResource & {
  readonly dependencies?: readonly string[];
  readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
};

const LEVEL_BY_WIRE: Record<number, EnforcementLevel> = {
  [analyzer.EnforcementLevel.ADVISORY]: "advisory",
  [analyzer.EnforcementLevel.MANDATORY]: "mandatory",
  [analyzer.EnforcementLevel.DISABLED]: "disabled",
  [analyzer.EnforcementLevel.REMEDIATE]: "remediate",
};

const WIRE_BY_LEVEL: Record<EnforcementLevel, analyzer.EnforcementLevel> = {
  advisory: analyzer.EnforcementLevel.ADVISORY,
  mandatory: analyzer.EnforcementLevel.MANDATORY,
  disabled: analyzer.EnforcementLevel.DISABLED,
  remediate: analyzer.EnforcementLevel.REMEDIATE,
};

const SEVERITY_BY_WIRE: Record<number, PolicySeverity> = {
  [analyzer.PolicySeverity.POLICY_SEVERITY_LOW]: "low",
  [analyzer.PolicySeverity.POLICY_SEVERITY_MEDIUM]: "medium",
  [analyzer.PolicySeverity.POLICY_SEVERITY_HIGH]: "high",
  [analyzer.PolicySeverity.POLICY_SEVERITY_CRITICAL]: "critical",
};

const TYPE_BY_WIRE: Record<number, PolicyType> = {
  [analyzer.PolicyType.POLICY_TYPE_RESOURCE]: "resource",
  [analyzer.PolicyType.POLICY_TYPE_STACK]: "stack",
};

function levelFromWire(level: analyzer.EnforcementLevel): EnforcementLevel {
  const name = LEVEL_BY_WIRE[level];
  if (!name) throw new Error(`invalid enforcement level ${level}`);
  return name;
}

export function levelToWire(level: EnforcementLevel): analyzer.EnforcementLevel {
  if (!ENFORCEMENT_LEVELS.includes(level)) throw new Error(`invalid enforcement level "${level}"`);
  return WIRE_BY_LEVEL[level];
}

function configFromWire(map: ReturnType<analyzer.AnalyzerInfo["getInitialconfigMap"]>): ReconciledConfig {
  const config: ReconciledConfig = {};
  map.forEach((entry, name) => {
    config[name] = { enforcementLevel: levelFromWire(entry.getEnforcementlevel()), properties: entry.getProperties()?.toJavaScript() ?? {} };
  });
  return config;
}

function policyFromWire(policy: analyzer.PolicyInfo): PolicyInfo {
  const schema = policy.getConfigschema();
  return {
    name: policy.getName(),
    displayName: policy.getDisplayname(),
    description: policy.getDescription(),
    enforcementLevel: levelFromWire(policy.getEnforcementlevel()),
    ...(schema ? { configSchema: { properties: schema.getProperties()?.toJavaScript() ?? {}, required: schema.getRequiredList() } } : {}),
    policyType: TYPE_BY_WIRE[policy.getPolicyType()] ?? "unknown",
    severity: SEVERITY_BY_WIRE[policy.getSeverity()] ?? "",
  };
}

/** `pack` is what PulumiPolicy.yaml says; its version wins over the pack's, its description fills a gap. */
export function analyzerInfoFromWire(info: analyzer.AnalyzerInfo, pack: { version?: string; description?: string }): AnalyzerInfo {
  return {
    name: info.getName(),
    displayName: info.getDisplayname(),
    version: pack.version || info.getVersion(),
    description: info.getDescription() || pack.description || "",
    supportsConfig: info.getSupportsconfig(),
    policies: info.getPoliciesList().map(policyFromWire),
    initialConfig: configFromWire(info.getInitialconfigMap()),
  };
}

export function configureRequest(config: ReconciledConfig): analyzer.ConfigureAnalyzerRequest {
  const request = new analyzer.ConfigureAnalyzerRequest();
  const map = request.getPolicyconfigMap();
  for (const [name, entry] of Object.entries(config)) map.set(name, policyConfig(name, entry));
  return request;
}

function policyConfig(name: string, entry: PolicyConfigEntry): analyzer.PolicyConfig {
  if (!entry.enforcementLevel) throw new Error(`invalid enforcement level "" for "${name}": it is not a policy of the pack, so its config needs an enforcementLevel`);
  return new analyzer.PolicyConfig().setEnforcementlevel(levelToWire(entry.enforcementLevel)).setProperties(Struct.fromJavaScript(analyzerProperties(entry.properties) as never));
}

/** Options are always sent: the SDK rejects a request without them as coming from a too old CLI. */
function resourceOptions(resource: StackResource): analyzer.AnalyzerResourceOptions {
  return new analyzer.AnalyzerResourceOptions().setCustomtimeouts(new analyzer.AnalyzerResourceOptions.CustomTimeouts()).setParent(resource.parentUrn ?? "");
}

const propertiesStruct = (props: Readonly<Record<string, unknown>>) => Struct.fromJavaScript(analyzerProperties(props) as never);

/** Analyze's request for one resource; `props` are its inputs. */
export function analyzeRequest(resource: StackResource): analyzer.AnalyzeRequest {
  return new analyzer.AnalyzeRequest().setType(resource.type).setUrn(resource.urn).setName(resource.name).setProperties(propertiesStruct(resource.props)).setOptions(resourceOptions(resource));
}

/** Marshalled like the engine's AnalyzeStack. */
function analyzerResource(resource: AnalyzedResource): analyzer.AnalyzerResource {
  const message = new analyzer.AnalyzerResource()
    .setType(resource.type)
    .setUrn(resource.urn)
    .setName(resource.name)
    .setProperties(propertiesStruct(resource.props))
    .setOptions(resourceOptions(resource))
    .setParent(resource.parentUrn ?? "")
    .setDependenciesList([...(resource.dependencies ?? [])]);
  const propertyDependencies = message.getPropertydependenciesMap();
  for (const [property, urns] of Object.entries(resource.propertyDependencies ?? {})) {
    if (urns.length > 0) propertyDependencies.set(property, new analyzer.AnalyzerPropertyDependencies().setUrnsList([...urns]));
  }
  return message;
}

export function analyzeStackRequest(resources: readonly AnalyzedResource[]): analyzer.AnalyzeStackRequest {
  return new analyzer.AnalyzeStackRequest().setResourcesList(resources.map(analyzerResource));
}

/**
 * `severityOf` supplies the policy's declared severity when a diagnostic carries none, and `urn` the
 * resource analysed when the diagnostic names none (resource policies never do), as the CLI does.
 */
export function analyzeResultFromWire(response: analyzer.AnalyzeResponse, packVersion: string | undefined, severityOf: (policy: string) => PolicySeverity, urn = ""): AnalyzeResult {
  return {
    diagnostics: response.getDiagnosticsList().map((d) => ({
      policyName: d.getPolicyname(),
      policyPackName: d.getPolicypackname(),
      policyPackVersion: packVersion || d.getPolicypackversion(),
      description: d.getDescription(),
      message: d.getMessage(),
      enforcementLevel: levelFromWire(d.getEnforcementlevel()),
      urn: d.getUrn() || urn,
      severity: SEVERITY_BY_WIRE[d.getSeverity()] ?? severityOf(d.getPolicyname()),
    })),
    notApplicable: response.getNotApplicableList().map((n) => ({ policyName: n.getPolicyName(), reason: n.getReason() })),
  };
}
