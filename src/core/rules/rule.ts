/**
 * A rule judges a world or its simulated flows and reports findings. One rule per file, each with a
 * stable id, a title, a severity, the sources it rests on and the fix it suggests (cdk-nag style).
 */
import { Flow } from "../matrix/flows";
import { World } from "../model/types";
import { Engine } from "../simulate";

export type Severity = "mandatory" | "advisory";

export interface Finding {
  readonly rule: string;
  readonly title: string;
  readonly severity: Severity;
  /** `uncertain` when the finding rests on an undocumented point of EOP behaviour. */
  readonly certainty: "documented" | "uncertain";
  /** What to change, e.g. `inboundConnector:FIRMA/Inbound from on-prem`, `dns:firma.cz`. */
  readonly resource: string;
  readonly message: string;
  /** The flows that show the problem, described for people. */
  readonly flows: readonly string[];
  readonly sources: readonly string[];
  readonly fix: string;
}

export interface CheckContext {
  readonly world: World;
  readonly engine: Engine;
}

/**
 * What a rule that judges flows keeps while they are simulated. A small world can have millions of
 * flows, so none is held by `check`: each is shown once to every observer, which keeps only what its
 * findings report (counts, the first few descriptions, per-resource aggregates).
 */
export interface FlowObserver {
  observe(flow: Flow): void;
  /** Called once, after the last flow. */
  findings(): RuleFinding[];
}

export interface RuleFinding {
  readonly resource: string;
  readonly message: string;
  readonly flows?: readonly string[];
  /** Overrides the rule's default fix with one specific to this finding. */
  readonly fix?: string;
  readonly certainty?: "documented" | "uncertain";
}

/** The parts of a world a rule's verdict depends on; a preview that cannot know one of them cannot settle the rule. */
export type WorldPart = "tenants" | "acceptedDomains" | "inboundConnectors" | "outboundConnectors" | "organization" | "onPremises" | "dns";

export const WORLD_PARTS: readonly WorldPart[] = ["tenants", "acceptedDomains", "inboundConnectors", "outboundConnectors", "organization", "onPremises", "dns"];

interface RuleInfo {
  readonly id: string;
  /** What the verdict depends on (flow-based rules depend on everything a route passes through). */
  readonly reads: readonly WorldPart[];
  readonly title: string;
  readonly severity: Severity;
  readonly description: string;
  readonly sources: readonly string[];
  readonly fix: string;
}

/** A rule that judges the world's configuration alone. */
export interface WorldRule extends RuleInfo {
  check(ctx: CheckContext): RuleFinding[];
  readonly observeFlows?: undefined;
}

/** A rule that judges the simulated flows: called once per check, before the first flow. */
export interface FlowRule extends RuleInfo {
  observeFlows(ctx: CheckContext): FlowObserver;
  readonly check?: undefined;
}

export type Rule = WorldRule | FlowRule;

/** Resource names shared by rules, the policy pack and suppressions. */
export const resourceId = {
  inbound: (tenant: string, name: string) => `inboundConnector:${tenant}/${name}`,
  outbound: (tenant: string, name: string) => `outboundConnector:${tenant}/${name}`,
  acceptedDomain: (tenant: string, domain: string) => `acceptedDomain:${tenant}/${domain}`,
  dns: (name: string) => `dns:${name}`,
  sendConnector: (org: string, name: string) => `sendConnector:${org}/${name}`,
  tenant: (id: string) => `tenant:${id}`,
};

/** At most this many flows are listed per finding; the count says how many there were. */
export const MAX_FLOWS_LISTED = 5;

/** The first described flows, and how many more there were when `total` exceeds what is listed. */
export function listFlows(descriptions: readonly string[], total = descriptions.length): string[] {
  const listed = descriptions.slice(0, MAX_FLOWS_LISTED);
  return total <= MAX_FLOWS_LISTED ? listed : [...listed, `... and ${total - MAX_FLOWS_LISTED} more`];
}
