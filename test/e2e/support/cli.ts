/**
 * The real Pulumi CLI for the end-to-end suite: where `npm run e2e:setup` put it, the environment every
 * run gets (a file backend and a home of its own, no plugin downloads, no update checks), and a runner
 * that never blocks the event loop, because the emulated tenant answers from this very process.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

export const REPO = join(__dirname, "../../..");
export const PULUMI_BIN_DIR = join(REPO, ".pulumi-cli", "bin");
export const PULUMI = join(PULUMI_BIN_DIR, "pulumi");

export function pulumiCliAvailable(): boolean {
  return ["pulumi", "pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"].every((b) => existsSync(join(PULUMI_BIN_DIR, b)));
}

/** `describe` when the CLI is built, else skipped; with HMF_E2E=required a missing CLI fails instead. */
export function describeWithPulumi(name: string, body: () => void): void {
  if (pulumiCliAvailable()) return describe(name, body);
  if (process.env.HMF_E2E === "required") {
    describe(name, () => {
      it("needs the Pulumi CLI", () => {
        throw new Error(`The Pulumi CLI is not built in ${PULUMI_BIN_DIR}; run npm run e2e:setup (HMF_E2E=required forbids skipping).`);
      });
    });
    return;
  }
  describe.skip(`${name} (run npm run e2e:setup to build the Pulumi CLI)`, body);
}

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr together, for messages whose stream does not matter. */
  readonly output: string;
}

/** Variables of the developer's own shell that would point Pulumi or the providers elsewhere. */
const FOREIGN = /^(PULUMI_|AZURE_|ARM_|HYBRID_MAILFLOW_|GITHUB_STEP_SUMMARY$)/;

export interface PulumiHome {
  /** PULUMI_HOME: plugins and credentials of this suite only. */
  readonly home: string;
  /** The file backend's folder. */
  readonly state: string;
}

export function pulumiEnv(home: PulumiHome, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!FOREIGN.test(k)) env[k] = v;
  return {
    ...env,
    PATH: `${PULUMI_BIN_DIR}:${process.env.PATH ?? ""}`,
    PULUMI_HOME: home.home,
    PULUMI_BACKEND_URL: `file://${home.state}`,
    PULUMI_CONFIG_PASSPHRASE: "hybrid-mailflow-e2e",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_SKIP_CONFIRMATIONS: "true",
    NO_COLOR: "1",
    ...extra,
  };
}

export function run(command: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    // A shell sets PWD to the folder a command runs in; the pack reads it to place its reports.
    const child = spawn(command, args, { cwd: options.cwd, env: { ...options.env, PWD: options.cwd }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let output = "";
    child.stdout.on("data", (d: Buffer) => ((stdout += d), (output += d)));
    child.stderr.on("data", (d: Buffer) => ((stderr += d), (output += d)));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 300_000);
    child.on("error", (e) => (clearTimeout(timer), reject(e)));
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr, output });
    });
  });
}

/** Runs `pulumi` with the suite's settings; `--non-interactive` and no colour always. */
export function pulumi(args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<RunResult> {
  return run(PULUMI, [...args, "--non-interactive", "--color", "never"], options);
}

/** Fails with the whole output of the run, which is what one needs to see when Pulumi disagrees. */
export function expectExit(result: RunResult, code: number): void {
  if (result.code !== code) throw new Error(`expected exit ${code}, got ${result.code}:\n${result.output}`);
}
