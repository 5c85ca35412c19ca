/**
 * The `hybrid-mailflow` package: Pulumi components and resources for Exchange hybrid mail flow, and
 * the core that checks a hybrid before it is deployed. Test emulators live in `hybrid-mailflow/testing`.
 */

// Pulumi components.
export * from "./components";

// Pulumi resources for Exchange Online and Microsoft Graph (dynamic providers).
export * from "./resources";

// The core: read a world, simulate and check it (also alone, without Pulumi: `hybrid-mailflow/core`), and the contract the components record for the policy pack.
export {
  parseMessage,
  parseScenario,
  parseWorld,
  type ParseOptions,
  InputError,
  type InputIssue,
  type Message,
  type MessageInput,
  type OnPremises,
  type Scenario,
  type World,
  type WorldInput,
  Engine,
  simulate,
  type SimulateOptions,
  runCheck,
  type CheckOptions,
  type CheckReport,
  type SuppressedFinding,
  ALL_RULES,
  ruleById,
  type Finding,
  type Rule,
  type Severity,
  GAPS,
  MODEL_RULES,
  SOURCES,
} from "./core-api";
export { RECORD_PROPERTY, TOKENS, type HybridMailFlowRecord, type MailDomainRecord } from "./core/stack/contract";
