/** `hybrid-mailflow preflight PROGRAM_DIR`: the program under mocks, its stack through the policy pack. */
import { preflightAsJson, preflightAsText, type PreflightJson } from "../format/policy-violations";
import { readPolicyPackConfigFile } from "../preflight/policy-config";
import { runPreflight } from "../preflight/preflight";
import { readPulumiProject, stacksIn } from "../preflight/pulumi-project";
import type { FakeCloudMode } from "../../testing/fake-cloud";

export interface PreflightFlags {
  stack?: string;
  mode?: FakeCloudMode;
  policyPack?: string;
  policyPackConfig?: string;
  reportDir?: string;
  json?: boolean;
}

/**
 * The stacks to check: the one asked for, else every stack with a `Pulumi.<stack>.yaml` (a program
 * reading `config.get(...) ?? default` behaves differently per stack, and checking none of them
 * silently would pass it unchecked), else one stack without config.
 */
function stacksToCheck(programDir: string, requested: string | undefined): (string | undefined)[] {
  if (requested) return [requested];
  const present = stacksIn(readPulumiProject(programDir).dir);
  return present.length > 0 ? present : [undefined];
}

/** Returns the exit code: 1 when the pack reported a mandatory violation for any stack. */
export async function runPreflightCommand(programDir: string, flags: PreflightFlags): Promise<number> {
  const policyPackConfig = flags.policyPackConfig ? readPolicyPackConfigFile(flags.policyPackConfig) : undefined;
  const stacks = stacksToCheck(programDir, flags.stack);
  const reports: PreflightJson[] = [];
  const texts: string[] = [];
  for (const stack of stacks) {
    // Progress on stderr: a run takes seconds, and stdout may be JSON.
    process.stderr.write(`preflight: running ${programDir}${stack ? ` for stack ${stack}` : ""} under mocks (${flags.mode ?? "preview"}) and asking the policy pack...\n`);
    const result = await runPreflight(programDir, { stack, mode: flags.mode, policyPackDir: flags.policyPack, policyPackConfig, reportDir: flags.reportDir });
    // What the program printed goes to stderr, where it cannot break --json; Pulumi shows it as diagnostics.
    process.stderr.write(result.run.stdout + result.run.stderr);
    for (const key of result.run.stack.skippedSecrets) process.stderr.write(`preflight: ${key} is a secret preflight cannot decrypt; the program sees it as unset\n`);
    reports.push(preflightAsJson(result));
    texts.push(stacks.length > 1 ? `Stack ${result.run.stack.stack}:\n${preflightAsText(result)}` : preflightAsText(result));
  }
  const blocking = reports.some((r) => r.blocking);
  if (flags.json) {
    const json = reports.length === 1 ? reports[0] : { version: 1, stacks: reports, blocking };
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  } else {
    process.stdout.write(`${texts.join("\n\n")}\n`);
  }
  return blocking ? 1 : 0;
}
