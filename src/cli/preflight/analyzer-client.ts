/**
 * The client side of the Pulumi analyzer protocol: starts a Node.js policy pack the way the Pulumi
 * CLI does (pkg/resource/plugin/analyzer_plugin.go with the `pulumi-analyzer-policy` shim), dials the
 * port it prints, and offers the RPCs the CLI makes as promises of plain objects.
 *
 * The pack needs no engine: `run-policy-pack` drops the engine address from its arguments and the SDK
 * only dials an engine named by PULUMI_NODEJS_ENGINE, which the CLI does not set for packs. So no Engine
 * service is served; the address passed is a placeholder nothing listens on.
 */
import type * as Grpc from "@grpc/grpc-js";
import type { StackResource } from "../../core/stack/stack-resource";
import { analyzeRequest, analyzeResultFromWire, analyzeStackRequest, analyzerInfoFromWire, configureRequest, type AnalyzeResult, type AnalyzedResource, type AnalyzerInfo, type PolicySeverity } from "./analyzer-messages";
import { analyzer, Empty, grpc, services } from "./analyzer-proto";
import { PreflightError, outputTail } from "./errors";
import { parsePolicyPackConfig, reconcilePolicyConfig, type PolicyPackConfig, type ReconciledConfig } from "./policy-config";
import type { PolicyPackProject } from "./policy-pack-location";
import { describeExit, spawnPolicyPack, type Exit, type PackChild, type SpawnPolicyPackOptions, type SpawnedPolicyPack } from "./policy-pack-process";

export type { AnalyzeResult, AnalyzedResource, AnalyzerInfo, Diagnostic, NotApplicable, PolicyInfo, PolicySeverity } from "./analyzer-messages";
export type { EnforcementLevel, PolicyPackConfig, ReconciledConfig } from "./policy-config";
export type { StackContext } from "./policy-pack-process";

export interface ConnectOptions {
  readonly callTimeoutMs?: number;
}

export interface StartPolicyPackOptions extends SpawnPolicyPackOptions, ConnectOptions {}

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

const DEFAULT_CALL_TIMEOUT_MS = 120_000;
/** The pack server accepts up to 400 MB; the CLI sends stacks that large. */
const MAX_MESSAGE_BYTES = 400 * 1024 * 1024;

function delay(ms: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), ms).unref());
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

/** A gRPC client for a pack that has printed its port. */
export async function connectPolicyPack(spawned: SpawnedPolicyPack, options: ConnectOptions = {}): Promise<PolicyPackProcess> {
  const address = `127.0.0.1:${await spawned.port}`;
  const client = new services.AnalyzerClient(address, grpc.credentials.createInsecure(), { "grpc.max_receive_message_length": MAX_MESSAGE_BYTES, "grpc.max_send_message_length": MAX_MESSAGE_BYTES });
  return new PolicyPackConnection(spawned.project, spawned.child, spawned.exited, spawned.output, client, address, options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS);
}

/** Starts the pack as the Pulumi CLI does (see `spawnPolicyPack`) and connects to it. */
export async function startPolicyPack(packDir: string, options: StartPolicyPackOptions = {}): Promise<PolicyPackProcess> {
  return connectPolicyPack(spawnPolicyPack(packDir, options), options);
}
