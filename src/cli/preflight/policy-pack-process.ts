/**
 * Starting a Node.js policy pack's process the way the Pulumi CLI does (pkg/resource/plugin/
 * analyzer_plugin.go with the `pulumi-analyzer-policy` shim) and reading the port it prints. Kept apart
 * from the gRPC client so that `preflight` can start the pack before it loads gRPC and the protocol:
 * the pack's start-up (mostly module loading) then overlaps everything else.
 */
import { spawn, type ChildProcessByStdio } from "node:child_process";
import type { Readable } from "node:stream";
import { PreflightError, outputTail } from "./errors";
import { locateRunPolicyPack, readPolicyPackProject, type PolicyPackProject } from "./policy-pack-location";

/** The stack the pack is told about (ConfigureStack, and the environment the CLI gives the pack). */
export interface StackContext {
  readonly project: string;
  readonly stack: string;
  readonly organization?: string;
  readonly dryRun: boolean;
  /** Stack config, keyed `namespace:key`. */
  readonly config?: Readonly<Record<string, string>>;
  readonly configSecretKeys?: readonly string[];
  readonly tags?: Readonly<Record<string, string>>;
}

export interface SpawnPolicyPackOptions {
  /** Set in (or, with undefined, removed from) the environment the pack inherits. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly stack?: StackContext;
  readonly startTimeoutMs?: number;
  /** Stops waiting for the port and kills the pack (preflight no longer needs it: the program failed). */
  readonly signal?: AbortSignal;
}

export type PackChild = ChildProcessByStdio<null, Readable, Readable>;
export type Exit = { code: number | null; signal: NodeJS.Signals | null };

/** A started pack: its process, what it has written, and the port it printed. */
export interface SpawnedPolicyPack {
  readonly project: PolicyPackProject;
  readonly child: PackChild;
  readonly exited: Promise<Exit>;
  readonly output: () => { stdout: string; stderr: string };
  /** Rejects with a PreflightError when the pack exits, fails or stays silent first; the pack is then killed. */
  readonly port: Promise<number>;
}

/** The engine address passed to the pack: the pack dials no engine (see analyzer-client), so nothing listens on it. */
const NO_ENGINE_ADDRESS = "127.0.0.1:0";
const DEFAULT_START_TIMEOUT_MS = 60_000;

export const describeExit = (exit: Exit) => (exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`);

/**
 * The environment the Pulumi CLI's Node.js language host gives a pack (RunPlugin, kind analyzer): the
 * CLI's own environment, the runtime options as PULUMI_NODEJS_TYPESCRIPT / _TSCONFIG_PATH, and what the
 * policy proxy learned from ConfigureStack (PULUMI_CONFIG and PULUMI_NODEJS_ORGANIZATION / PROJECT /
 * STACK / DRY_RUN), set only when not empty.
 */
function packEnv(project: PolicyPackProject, stack: StackContext | undefined, overrides: SpawnPolicyPackOptions["env"]): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // The language host's `typescript` option defaults to true.
  if (project.runtimeOptions.typescript !== false) env.PULUMI_NODEJS_TYPESCRIPT = "true";
  if (typeof project.runtimeOptions.tsconfig === "string" && project.runtimeOptions.tsconfig) env.PULUMI_NODEJS_TSCONFIG_PATH = project.runtimeOptions.tsconfig;
  if (stack) {
    const names: Record<string, string | undefined> = { ORGANIZATION: stack.organization, PROJECT: stack.project, STACK: stack.stack, DRY_RUN: String(stack.dryRun) };
    for (const [name, value] of Object.entries(names)) if (value) env[`PULUMI_NODEJS_${name}`] = value;
    if (stack.config) env.PULUMI_CONFIG = JSON.stringify(stack.config);
  }
  for (const [name, value] of Object.entries(overrides ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

/** The first line the pack prints is its port; anything before a newline is not yet a port. */
function waitForPort(child: PackChild, exited: Promise<Exit>, read: () => { stdout: string; stderr: string }, dir: string, timeoutMs: number, signal: AbortSignal | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new PreflightError(`policy pack "${dir}" did not print its port within ${timeoutMs / 1000} s${outputTail(read().stderr)}`)), timeoutMs);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new PreflightError(`policy pack "${dir}" was stopped before it printed its port`));
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener("abort", onAbort, { once: true });
    const onData = () => {
      const { stdout } = read();
      const newline = stdout.indexOf("\n");
      if (newline < 0) return;
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      child.stdout.off("data", onData);
      const line = stdout.slice(0, newline).trim();
      const port = Number(line);
      if (Number.isInteger(port) && port > 0 && port < 65536) resolve(port);
      else reject(new PreflightError(`policy pack "${dir}" wrote an invalid port to stdout: ${JSON.stringify(line)}${outputTail(read().stderr)}`));
    };
    child.stdout.on("data", onData);
    void exited.then((exit) => {
      clearTimeout(timer);
      reject(new PreflightError(`policy pack "${dir}" failed to start: it exited (${describeExit(exit)})${outputTail(read().stderr)}`));
    });
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(new PreflightError(`policy pack "${dir}" failed to start: ${error.message}`));
    });
  });
}

/**
 * Starts the pack exactly as the Pulumi CLI's Node.js language host does (RunPlugin, kind analyzer):
 * `node <run-policy-pack> [nodeargs...] <engine-address> <pack directory>`, in the pack directory, with
 * run-policy-pack resolved from the pack directory alone and the environment of `packEnv`. Throws at
 * once when the pack directory is not a Node.js policy pack with its dependencies installed.
 */
export function spawnPolicyPack(packDir: string, options: SpawnPolicyPackOptions = {}): SpawnedPolicyPack {
  const project = readPolicyPackProject(packDir);
  const runPolicyPack = locateRunPolicyPack(project.dir);
  const nodeArgs = typeof project.runtimeOptions.nodeargs === "string" ? project.runtimeOptions.nodeargs.split(/\s+/).filter(Boolean) : [];
  const child = spawn(process.execPath, [runPolicyPack, ...nodeArgs, NO_ENGINE_ADDRESS, project.dir], {
    cwd: project.dir,
    env: packEnv(project, options.stack, options.env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exited = new Promise<Exit>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  // The pack now starts before the program has run: a CLI that ends meanwhile must not leave it behind.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  void exited.then(() => process.off("exit", killOnExit));
  const output = () => ({ stdout, stderr });
  const port = waitForPort(child, exited, output, project.dir, options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS, options.signal).catch(async (error: unknown) => {
    child.kill("SIGKILL");
    // Gone before the caller goes on (a process that never started reports no exit: do not wait for one).
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
    throw error;
  });
  // Whoever awaits the port sees its failure; a caller still loading its gRPC client must not see it as unhandled.
  port.catch(() => undefined);
  return { project, child, exited, output, port };
}
