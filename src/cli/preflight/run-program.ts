/**
 * Runs a Pulumi TypeScript or JavaScript program under the fake cloud's mocks in a child process and
 * returns the stack it describes: what `pulumi preview` (or `up`) would hand a policy pack, without the
 * Pulumi CLI, credentials or a tenant. Stack config comes from `Pulumi.<stack>.yaml`, as the CLI passes it.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packageInfo } from "../../package-info";
import type { FakeCloudMode } from "../../testing/fake-cloud";
import { PreflightError, outputTail } from "./errors";
import { JOB_ENV, type ProgramJob, type ProgramResult } from "./program-job";
import type { PreflightResource } from "./program-resources";
import { readPulumiProject, readStackConfig, type PulumiProject, type StackConfig } from "./pulumi-project";

export interface RunProgramOptions {
  /** The stack whose `Pulumi.<stack>.yaml` supplies config; default: the only stack file present. */
  readonly stack?: string;
  /** `preview` (default): values the cloud computes stay unknown. `update`: the fake cloud fills them in. */
  readonly mode?: FakeCloudMode;
  /** Added to the program's environment. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly timeoutMs?: number;
}

export interface ProgramRun {
  readonly project: PulumiProject;
  readonly stack: StackConfig;
  readonly mode: FakeCloudMode;
  readonly resources: PreflightResource[];
  /** What the program printed; Pulumi shows it as diagnostics of the stack. */
  readonly stdout: string;
  readonly stderr: string;
}

const DEFAULT_TIMEOUT_MS = 120_000;

/** The compiled host next to this file, or the build's when this runs from the sources (ts-jest). */
function hostScript(): string {
  const beside = join(__dirname, "program-host.js");
  if (existsSync(beside)) return beside;
  const built = join(packageInfo().root, "dist/src/cli/preflight/program-host.js");
  if (existsSync(built)) return built;
  throw new PreflightError(`cannot find ${built}; run npm run build`);
}

/**
 * Variables that hold credentials. The program runs against a fake tenant and needs none of them, and a
 * program (or a dependency of it) must not be able to read a pipeline's secrets while preflight runs it.
 */
export const CREDENTIAL_VARIABLES: readonly RegExp[] = [
  /^AZURE_(CLIENT_SECRET|CLIENT_CERTIFICATE_PASSWORD|CLIENT_CERTIFICATE_PATH|FEDERATED_TOKEN|FEDERATED_TOKEN_FILE|PASSWORD|USERNAME)$/,
  /^ARM_(CLIENT_SECRET|CLIENT_CERTIFICATE_PASSWORD|CLIENT_CERTIFICATE_PATH|OIDC_TOKEN|OIDC_TOKEN_FILE_PATH|OIDC_REQUEST_TOKEN|ACCESS_KEY|SAS_TOKEN)$/,
  /^ACTIONS_ID_TOKEN_REQUEST_(TOKEN|URL)$/,
  /^(GITHUB_TOKEN|GH_TOKEN|SYSTEM_ACCESSTOKEN|PULUMI_ACCESS_TOKEN|PULUMI_CONFIG_PASSPHRASE|NPM_TOKEN|NODE_AUTH_TOKEN)$/,
  /^AWS_(SECRET_ACCESS_KEY|SESSION_TOKEN)$/,
  /^HYBRID_MAILFLOW_CLIENT_CERTIFICATE_PEM$/,
];

/** The process environment without credential variables, and the names removed (for the user to see). */
export function withoutCredentials(env: NodeJS.ProcessEnv): { env: NodeJS.ProcessEnv; removed: string[] } {
  const removed = Object.keys(env).filter((k) => CREDENTIAL_VARIABLES.some((re) => re.test(k))).sort();
  const kept = { ...env };
  for (const k of removed) delete kept[k];
  return { env: kept, removed };
}

/**
 * The environment the Node.js language host gives a program, as far as the SDK reads it: Pulumi passes
 * the CLI's whole environment on; preflight passes it minus the credential variables.
 */
function programEnv(project: PulumiProject, stack: StackConfig, mode: FakeCloudMode, job: ProgramJob, extra: RunProgramOptions["env"]): NodeJS.ProcessEnv {
  return {
    ...withoutCredentials(process.env).env,
    ...extra,
    PULUMI_CONFIG: JSON.stringify(stack.config),
    PULUMI_NODEJS_PROJECT: project.name,
    PULUMI_NODEJS_STACK: stack.stack,
    PULUMI_NODEJS_DRY_RUN: String(mode === "preview"),
    PULUMI_NODEJS_ROOT_DIRECTORY: project.dir,
    [JOB_ENV]: JSON.stringify(job),
  };
}

interface Finished {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

function runHost(env: NodeJS.ProcessEnv, cwd: string, timeoutMs: number): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [hostScript()], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}

function readResult(file: string): ProgramResult | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as ProgramResult;
  } catch {
    return undefined;
  }
}

/** What a run needs to know before the program starts: the project, the stack's config and the mode. */
export interface ProgramPlan {
  /** As the user gave it, for messages. */
  readonly programDir: string;
  readonly project: PulumiProject;
  readonly stack: StackConfig;
  readonly mode: FakeCloudMode;
}

/** Reads Pulumi.yaml and the stack's config; throws a PreflightError naming the file when either is wrong. */
export function planProgram(programDir: string, options: Pick<RunProgramOptions, "stack" | "mode"> = {}): ProgramPlan {
  const project = readPulumiProject(programDir);
  const stack = readStackConfig(project, options.stack);
  return { programDir, project, stack, mode: options.mode ?? "preview" };
}

export async function runProgram(programDir: string, options: RunProgramOptions = {}): Promise<ProgramRun> {
  return runPlannedProgram(planProgram(programDir, options), options);
}

export async function runPlannedProgram(plan: ProgramPlan, options: Pick<RunProgramOptions, "env" | "timeoutMs"> = {}): Promise<ProgramRun> {
  const { programDir, project, stack, mode } = plan;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const scratch = mkdtempSync(join(tmpdir(), "hmf-preflight-"));
  try {
    const job: ProgramJob = {
      main: project.main,
      programDir: project.dir,
      project: project.name,
      stack: stack.stack,
      mode,
      typescript: project.runtimeOptions.typescript !== false,
      packageRoot: packageInfo().root,
      resultFile: join(scratch, "result.json"),
    };
    const finishing = runHost(programEnv(project, stack, mode, job, options.env), project.dir, timeoutMs);
    // Loaded while the program runs: it brings in the SDK's RPC module, which the caller does not need before.
    const { programResources } = await import("./program-resources");
    const finished = await finishing;
    const result = readResult(job.resultFile);
    const where = `the program in ${programDir}`;
    if (finished.timedOut) throw new PreflightError(`${where} did not finish within ${timeoutMs / 1000} s${outputTail(finished.stderr)}`);
    if (!result) throw new PreflightError(`${where} ended (${finished.signal ?? `exit code ${finished.code}`}) before preflight could read its resources${outputTail(finished.stderr)}`);
    if (result.failure) throw new PreflightError(`${where} failed: ${result.failure.message}`);
    if (!result.completed) throw new PreflightError(`${where} called process.exit(${result.exitCode}) before it finished${outputTail(finished.stderr)}`);
    return { project, stack, mode, resources: programResources(result.registrations, project.name, stack.stack), stdout: finished.stdout, stderr: finished.stderr };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
