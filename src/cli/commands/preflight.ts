/** `hybrid-mailflow preflight PROGRAM_DIR`: the program under mocks, its stack through the policy pack. */
import { preflightAsJson, preflightAsText } from "../format/policy-violations";
import { readPolicyPackConfigFile } from "../preflight/policy-config";
import { runPreflight } from "../preflight/preflight";
import type { FakeCloudMode } from "../../testing/fake-cloud";

export interface PreflightFlags {
  stack?: string;
  mode?: FakeCloudMode;
  policyPack?: string;
  policyPackConfig?: string;
  reportDir?: string;
  json?: boolean;
}

/** Returns the exit code: 1 when the pack reported a mandatory violation. */
export async function runPreflightCommand(programDir: string, flags: PreflightFlags): Promise<number> {
  const policyPackConfig = flags.policyPackConfig ? readPolicyPackConfigFile(flags.policyPackConfig) : undefined;
  const result = await runPreflight(programDir, { stack: flags.stack, mode: flags.mode, policyPackDir: flags.policyPack, policyPackConfig, reportDir: flags.reportDir });
  // What the program printed goes to stderr, where it cannot break --json; Pulumi shows it as diagnostics.
  process.stderr.write(result.run.stdout + result.run.stderr);
  for (const key of result.run.stack.skippedSecrets) process.stderr.write(`preflight: ${key} is a secret preflight cannot decrypt; the program sees it as unset\n`);
  const json = preflightAsJson(result);
  process.stdout.write(flags.json ? `${JSON.stringify(json, null, 2)}\n` : `${preflightAsText(result)}\n`);
  return json.blocking ? 1 : 0;
}
