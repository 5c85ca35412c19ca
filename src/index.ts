/**
 * The `hybrid-mailflow` package: Pulumi components and resources for Exchange hybrid mail flow, and
 * the core that checks a hybrid before it is deployed. Test emulators live in `hybrid-mailflow/testing`.
 */

// Pulumi components.
export * from "./components";

// Pulumi resources for Exchange Online and Microsoft Graph (dynamic providers).
export * from "./resources";

// The core: read a world, simulate and check it, and the contract the components record for the policy pack.
export { parseMessage, parseScenario, parseWorld, type ParseOptions } from "./core/model/load";
export { InputError, type InputIssue } from "./core/model/errors";
export type { Message, MessageInput, OnPremises, Scenario, World, WorldInput } from "./core/model/types";
export { Engine, simulate, type SimulateOptions } from "./core/simulate";
export { runCheck, type CheckOptions, type CheckReport, type SuppressedFinding } from "./core/check/run-check";
export { ALL_RULES, ruleById, type Finding, type Rule, type Severity } from "./core/rules";
export { GAPS, SOURCES } from "./core/sources";
export { RECORD_PROPERTY, TOKENS, type HybridMailFlowRecord, type MailDomainRecord } from "./core/stack/contract";
