/**
 * Records what a program registers under `pulumi.runtime.setMocks`, as the resource monitor receives
 * it. `Mocks.newResource` sees neither parents nor dependencies nor `registerOutputs`; the monitor's
 * requests do, so the recorder wraps the mock monitor. Call it right after `setMocks`.
 */
import * as rpc from "@pulumi/pulumi/runtime/rpc";
import * as settings from "@pulumi/pulumi/runtime/settings";

/** A struct as protobuf hands it over: wire form, so unknowns are sentinel strings and secrets signature objects. */
interface WireStruct {
  toJavaScript(): Record<string, unknown>;
}

export interface MockRegistration {
  readonly type: string;
  readonly name: string;
  readonly custom: boolean;
  /** The inputs as mocks receive them (deserialised: unknowns are `pulumi.Output` unknown markers). */
  readonly inputs: Record<string, any>;
  /** The same inputs in wire form, as the engine passes them to a policy pack's Analyze. */
  readonly wireInputs: Record<string, unknown>;
  /** The parent's URN as the mock monitor named it; undefined for resources without a parent. */
  parent?: string;
  dependencies: string[];
  propertyDependencies: Record<string, string[]>;
  urn?: string;
  id?: string;
  /** What the monitor answered, in wire form: inputs plus whatever the mocks computed. */
  state?: Record<string, unknown>;
  /** What a component passed to `registerOutputs`, in wire form. */
  outputs?: Record<string, unknown>;
}

export interface RecordingOptions {
  /** Registrations are appended here, in the order the program makes them. */
  readonly into: MockRegistration[];
}

interface MonitorRequest {
  getType(): string;
  getName(): string;
  getCustom(): boolean;
  getParent(): string;
  getObject(): WireStruct | undefined;
  getDependenciesList(): string[];
  getPropertydependenciesMap(): { forEach(fn: (value: { getUrnsList(): string[] }, key: string) => void): void };
}

interface MonitorResponse {
  getUrn(): string;
  getId(): string;
  getObject(): WireStruct | undefined;
}

interface OutputsRequest {
  getUrn(): string;
  getOutputs(): WireStruct | undefined;
}

type Callback<T> = (err: unknown, res: T) => void;

interface MockMonitorLike {
  registerResource(req: MonitorRequest, callback: Callback<MonitorResponse | undefined>): unknown;
  registerResourceOutputs(req: OutputsRequest, callback: Callback<unknown>): unknown;
}

export function recordMockRegistrations(options: RecordingOptions): void {
  const monitor = settings.getMonitor() as unknown as MockMonitorLike;
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, callback) => {
    const propertyDependencies: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((value, key) => (propertyDependencies[key] = value.getUrnsList()));
    const object = req.getObject();
    const entry: MockRegistration = {
      type: req.getType(),
      name: req.getName(),
      custom: req.getCustom(),
      inputs: object ? rpc.deserializeProperties(object as never) : {},
      wireInputs: object?.toJavaScript() ?? {},
      parent: req.getParent() || undefined,
      dependencies: req.getDependenciesList(),
      propertyDependencies,
    };
    options.into.push(entry);
    return register(req, (err, res) => {
      if (res) {
        entry.urn = res.getUrn();
        entry.id = res.getId() || undefined;
        entry.state = res.getObject()?.toJavaScript() ?? {};
      }
      callback(err, res);
    });
  };
  const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
  monitor.registerResourceOutputs = (req, callback) => {
    const entry = options.into.find((r) => r.urn === req.getUrn());
    if (entry) entry.outputs = req.getOutputs()?.toJavaScript() ?? {};
    return registerOutputs(req, callback);
  };
}
