/**
 * The client side of the Pulumi analyzer protocol: starts a Node.js policy pack the way the Pulumi
 * CLI does (pkg/resource/plugin/analyzer_plugin.go with the `pulumi-analyzer-policy` shim), dials the
 * port it prints, and offers the RPCs the CLI makes as promises of plain objects.
 *
 * The pack needs no engine: `run-policy-pack` drops the engine address from its arguments and the SDK
 * only dials an engine named by PULUMI_NODEJS_ENGINE, which the CLI does not set for packs. So no Engine
 * service is served; the address passed is a placeholder nothing listens on.
 */
import { spawn, type ChildProcessByStdio } from "node:child_process";
import type { Readable } from "node:stream";
import type * as Grpc from "@grpc/grpc-js";
import type { StackResource } from "../../core/stack/stack-resource";
import { analyzeRequest, analyzeResultFromWire, analyzeStackRequest, analyzerInfoFromWire, configureRequest, type AnalyzeResult, type AnalyzedResource, type AnalyzerInfo, type PolicySeverity } from "./analyzer-messages";
import { analyzer, Empty, grpc, services } from "./analyzer-proto";
import { PreflightError, outputTail } from "./errors";
import { parsePolicyPackConfig, reconcilePolicyConfig, type PolicyPackConfig, type ReconciledConfig } from "./policy-config";
import { locateRunPolicyPack, readPolicyPackProject, type PolicyPackProject } from "./policy-pack-location";

export type { AnalyzeResult, AnalyzedResource, AnalyzerInfo, Diagnostic, NotApplicable, PolicyInfo, PolicySeverity } from "./analyzer-messages";
export type { EnforcementLevel, PolicyPackConfig, ReconciledConfig } from "./policy-config";

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

export interface StartPolicyPackOptions {
  /** Set in (or, with undefined, removed from) the environment the pack inherits. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly stack?: StackContext;
  readonly startTimeoutMs?: number;
  readonly callTimeoutMs?: number;
}

export interface PolicyPackProcess {
  readonly packDir: string;
  /** `127.0.0.1:<port>`, as the pack printed it. */
  readonly address: string;
  readonly pid: number;
  /** What the pack has written to stderr so far. */
  readonly stderr: string;
  getAnalyzerInfo(): Promise<AnalyzerInfo>;
  /** Reconciles `config` with the pack's policies like the CLI and sends it; returns what was sent. */
  configure(config?: PolicyPackConfig): Promise<ReconciledConfig>;
  /** Resource policies over one resource; `props` are its inputs, as the engine sends them before each step. */
  analyze(resource: StackResource): Promise<AnalyzeResult>;
  /** Stack policies over the whole stack; `props` are outputs. */
  analyzeStack(resources: readonly AnalyzedResource[]): Promise<AnalyzeResult>;
  close(): Promise<void>;
}

const NO_ENGINE_ADDRESS = "127.0.0.1:0";
const DEFAULT_START_TIMEOUT_MS = 60_000;
const DEFAULT_CALL_TIMEOUT_MS = 120_000;
/** The pack server accepts up to 400 MB; the CLI sends stacks that large. */
const MAX_MESSAGE_BYTES = 400 * 1024 * 1024;

type PackChild = ChildProcessByStdio<null, Readable, Readable>;
type Exit = { code: number | null; signal: NodeJS.Signals | null };

const describeExit = (exit: Exit) => (exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`);

function delay(ms: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), ms).unref());
}

/**
 * The environment the Pulumi CLI's Node.js language host gives a pack (RunPlugin, kind analyzer): the
 * CLI's own environment, the runtime options as PULUMI_NODEJS_TYPESCRIPT / _TSCONFIG_PATH, and what the
 * policy proxy learned from ConfigureStack (PULUMI_CONFIG and PULUMI_NODEJS_ORGANIZATION / PROJECT /
 * STACK / DRY_RUN), set only when not empty.
 */
function packEnv(project: PolicyPackProject, stack: StackContext | undefined, overrides: StartPolicyPackOptions["env"]): NodeJS.ProcessEnv {
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
function waitForPort(child: PackChild, exited: Promise<Exit>, read: () => { stdout: string; stderr: string }, dir: string, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new PreflightError(`policy pack "${dir}" did not print its port within ${timeoutMs / 1000} s${outputTail(read().stderr)}`)), timeoutMs);
    const onData = () => {
      const { stdout } = read();
      const newline = stdout.indexOf("\n");
      if (newline < 0) return;
      clearTimeout(timer);
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

class PolicyPackConnection implements PolicyPackProcess {
  private info?: AnalyzerInfo;
  private exit?: Exit;
  private readonly killOnExit = () => this.child.kill("SIGKILL");

  constructor(
    private readonly project: PolicyPackProject,
    private readonly child: PackChild,
    private readonly exited: Promise<Exit>,
    private readonly output: () => { stdout: string; stderr: string },
    private readonly client: services.AnalyzerClient,
    readonly address: string,
    private readonly callTimeoutMs: number,
  ) {
    void exited.then((exit) => (this.exit = exit));
    process.once("exit", this.killOnExit);
  }

  get packDir(): string {
    return this.project.dir;
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get stderr(): string {
    return this.output().stderr;
  }

  /** One unary RPC; `optional` RPCs the pack does not implement resolve to undefined, as the CLI tolerates them. */
  private async call<T>(method: string, invoke: (metadata: Grpc.Metadata, options: Partial<Grpc.CallOptions>, callback: (error: Grpc.ServiceError | null, response: T) => void) => void, optional = false): Promise<T | undefined> {
    try {
      return await new Promise<T>((resolve, reject) => invoke(new grpc.Metadata(), { deadline: Date.now() + this.callTimeoutMs }, (error, response) => (error ? reject(error) : resolve(response))));
    } catch (error) {
      const code = (error as Grpc.ServiceError).code;
      if (optional && code === grpc.status.UNIMPLEMENTED) return undefined;
      throw await this.explain(method, error as Grpc.ServiceError);
    }
  }

  private async explain(method: string, error: Grpc.ServiceError): Promise<PreflightError> {
    // A pack that crashed fails the call before its exit is reported; give the exit a moment to arrive.
    const exit = this.exit ?? (await Promise.race([this.exited, delay(500)]));
    const tail = outputTail(this.stderr);
    if (exit) return new PreflightError(`policy pack "${this.packDir}" exited (${describeExit(exit)}) during ${method}${tail}`);
    if (error.code === grpc.status.DEADLINE_EXCEEDED) return new PreflightError(`policy pack "${this.packDir}" did not answer ${method} within ${this.callTimeoutMs / 1000} s${tail}`);
    return new PreflightError(`${method} failed in policy pack "${this.packDir}": ${error.details || error.message}${tail}`);
  }

  async getAnalyzerInfo(): Promise<AnalyzerInfo> {
    if (!this.info) {
      const response = await this.call<analyzer.AnalyzerInfo>("GetAnalyzerInfo", (m, o, cb) => this.client.getAnalyzerInfo(new Empty(), m, o, cb));
      this.info = analyzerInfoFromWire(response!, this.project);
    }
    return this.info;
  }

  async configure(config: PolicyPackConfig = {}): Promise<ReconciledConfig> {
    const info = await this.getAnalyzerInfo();
    const given = parsePolicyPackConfig(config);
    if (!info.supportsConfig) {
      if (Object.keys(given).length > 0) throw new PreflightError(`policy pack ${info.name} does not support config`);
      return {};
    }
    const reconciled = reconcilePolicyConfig(info.policies, info.initialConfig, given);
    if (Object.keys(reconciled).length === 0) return reconciled;
    let request: analyzer.ConfigureAnalyzerRequest;
    try {
      request = configureRequest(reconciled);
    } catch (error) {
      throw new PreflightError(`the policy pack config is not valid: ${(error as Error).message}`);
    }
    await this.call("Configure", (m, o, cb) => this.client.configure(request, m, o, cb));
    // As the CLI updates its cached info, so later readers see the levels in force.
    this.info = { ...info, policies: info.policies.map((p) => ({ ...p, enforcementLevel: reconciled[p.name]?.enforcementLevel ?? p.enforcementLevel })) };
    return reconciled;
  }

  async analyze(resource: StackResource): Promise<AnalyzeResult> {
    const info = await this.getAnalyzerInfo();
    const request = analyzeRequest(resource);
    const response = await this.call<analyzer.AnalyzeResponse>("Analyze", (m, o, cb) => this.client.analyze(request, m, o, cb));
    return analyzeResultFromWire(response!, this.project.version, this.severityOf(info), resource.urn);
  }

  private severityOf(info: AnalyzerInfo): (policy: string) => PolicySeverity {
    return (policy) => info.policies.find((p) => p.name === policy)?.severity ?? "";
  }

  async analyzeStack(resources: readonly AnalyzedResource[]): Promise<AnalyzeResult> {
    const info = await this.getAnalyzerInfo();
    const request = analyzeStackRequest(resources);
    const response = await this.call<analyzer.AnalyzeResponse>("AnalyzeStack", (m, o, cb) => this.client.analyzeStack(request, m, o, cb), true);
    if (!response) return { diagnostics: [], notApplicable: [] };
    return analyzeResultFromWire(response, this.project.version, this.severityOf(info));
  }

  async close(): Promise<void> {
    process.off("exit", this.killOnExit);
    this.client.close();
    if (this.exit) return;
    this.child.kill("SIGTERM");
    if (!(await Promise.race([this.exited, delay(3000)]))) this.child.kill("SIGKILL");
    await this.exited;
  }
}

/**
 * Starts the pack exactly as the Pulumi CLI's Node.js language host does (RunPlugin, kind analyzer):
 * `node <run-policy-pack> [nodeargs...] <engine-address> <pack directory>`, in the pack directory, with
 * run-policy-pack resolved from the pack directory alone and the environment of `packEnv`. The CLI's
 * policy proxy answers Handshake and ConfigureStack itself, so the pack never receives them.
 */
export async function startPolicyPack(packDir: string, options: StartPolicyPackOptions = {}): Promise<PolicyPackProcess> {
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
  const read = () => ({ stdout, stderr });
  let port: number;
  try {
    port = await waitForPort(child, exited, read, project.dir, options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS);
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  const address = `127.0.0.1:${port}`;
  const client = new services.AnalyzerClient(address, grpc.credentials.createInsecure(), { "grpc.max_receive_message_length": MAX_MESSAGE_BYTES, "grpc.max_send_message_length": MAX_MESSAGE_BYTES });
  return new PolicyPackConnection(project, child, exited, read, client, address, options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS);
}
