/**
 * `hybrid-mailflow/core`: the checker without Pulumi. Read a world, simulate and check it; this entry
 * point loads neither Pulumi nor Azure packages, so it works in an install without the optional peers.
 */
export { parseMessage, parseScenario, parseWorld, type ParseOptions } from "./core/model/load";
export { InputError, type InputIssue } from "./core/model/errors";
export type {
  AcceptedDomain,
  Certificate,
  DnsRecords,
  InboundConnector,
  Message,
  MessageInput,
  OnPremises,
  OnPremServer,
  OutboundConnector,
  Scenario,
  SendConnector,
  Suppression,
  Tenant,
  World,
  WorldInput,
} from "./core/model/types";
export { Engine, simulate, type SimulateOptions } from "./core/simulate";
export { runCheck, type CheckOptions, type CheckReport, type SuppressedFinding } from "./core/check/run-check";
export { ALL_RULES, ruleById, type Finding, type Rule, type WorldRule, type FlowRule, type FlowObserver, type Severity } from "./core/rules";
export { GAPS, MODEL_RULES, SOURCES, type Gap, type ModelRule, type Source } from "./core/sources";
