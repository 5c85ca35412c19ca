/**
 * Names the public entry point exports, kept apart from the modules that use them: this file's
 * declarations import nothing, so `hybrid-mailflow/policy` type-checks without pulling in the settings
 * schema (zod) under the user's compiler settings.
 */
export const SETTINGS_POLICY_NAME = "hybrid-mailflow";

/** The report files each run writes (JSON for tools, Markdown for a pipeline summary). */
export const REPORT_FILE_JSON = "hybrid-mailflow-report.json";
export const REPORT_FILE_MARKDOWN = "hybrid-mailflow-report.md";
