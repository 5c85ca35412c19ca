/**
 * Pulumi mocks that answer like the tenant would: TenantDomain hands out an MS= value and
 * TenantDomainVerification the MX target Microsoft 365 gives the domain. Every registration is kept
 * so tests can assert the resource graph. Call `installMocks()` before importing any component.
 */
import * as pulumi from "@pulumi/pulumi";
import * as rpc from "@pulumi/pulumi/runtime/rpc";
import * as settings from "@pulumi/pulumi/runtime/settings";

export interface Registered {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, any>;
  readonly custom: boolean;
  /** The parent's URN and the URNs this resource depends on, as the monitor receives them. */
  parent?: string;
  dependencies?: string[];
  urn?: string;
}

export const registered: Registered[] = [];
/** Outputs passed to registerOutputs, by URN. */
export const registeredOutputs = new Map<string, Record<string, any>>();

export function verificationValueOf(domain: string): string {
  return `MS=ms${[...domain].reduce((n, c) => (n * 31 + c.charCodeAt(0)) % 100000000, 7)}`;
}

export function mxOf(domain: string): string {
  return `${domain.replace(/\./g, "-")}.mail.protection.outlook.com`;
}

export async function installMocks(preview = false): Promise<void> {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs, custom: args.custom ?? true });
        const state: Record<string, unknown> = { ...args.inputs };
        const domain = typeof args.inputs.domainName === "string" ? args.inputs.domainName : undefined;
        if (args.type.endsWith(":TenantDomain") && domain) {
          state.verificationTxtRecord = { name: "@", text: verificationValueOf(domain), ttl: 3600 };
        }
        if (args.type.endsWith(":TenantDomainVerification") && domain) {
          state.mxRecord = { name: "@", mailExchange: mxOf(domain), preference: 0, ttl: 3600 };
          state.isVerified = true;
        }
        return { id: `${args.name}-id`, state };
      },
      call: () => ({}),
    },
    "project",
    "stack",
    preview,
  );
  // Mocks.newResource does not see parents or dependencies; the monitor's request does.
  const monitor = settings.getMonitor() as any;
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req: any, callback: (err: unknown, res: any) => void) =>
    register(req, (err: unknown, res: any) => {
      const entry = [...registered].reverse().find((r) => r.name === req.getName() && r.type === req.getType() && r.urn === undefined);
      if (entry) {
        entry.parent = req.getParent();
        entry.dependencies = req.getDependenciesList();
        entry.urn = res?.getUrn();
      }
      callback(err, res);
    });
  const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
  monitor.registerResourceOutputs = (req: any, callback: (err: unknown, res: any) => void) => {
    registeredOutputs.set(req.getUrn(), rpc.deserializeProperties(req.getOutputs()));
    return registerOutputs(req, callback);
  };
}

export function find(type: string, name: string): Registered {
  const r = registered.find((x) => x.type.endsWith(type) && x.name === name);
  if (!r) throw new Error(`no ${type} named ${name}; registered: ${registered.map((x) => `${x.type} ${x.name}`).join(", ")}`);
  return r;
}

export function output<T>(o: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => o.apply((v) => resolve(v)));
}

/** Lets every pending registration reach the mock monitor. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 20));
}

export function urnOf(r: pulumi.Resource): Promise<string> {
  return output(r.urn);
}
