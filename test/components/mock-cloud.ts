/**
 * Pulumi mocks that answer like the tenant would (the fake cloud of `hybrid-mailflow/testing`):
 * TenantDomain hands out an MS= value and TenantDomainVerification the MX target Microsoft 365 gives
 * the domain. Every registration is kept so tests can assert the resource graph. Call `installMocks()`
 * before importing any component.
 */
import * as pulumi from "@pulumi/pulumi";
import { fakeCloudMocks } from "../../src/testing/fake-cloud";
import { recordMockRegistrations, type MockRegistration } from "../../src/testing/mock-registrations";

export { mxOf, verificationValueOf } from "../../src/testing/fake-cloud";

export type Registered = MockRegistration;

export const registered: Registered[] = [];

/** Outputs passed to registerOutputs, by URN. */
export const registeredOutputs = {
  get: (urn: string): Record<string, any> | undefined => registered.find((r) => r.urn === urn)?.outputs,
};

export async function installMocks(preview = false): Promise<void> {
  await pulumi.runtime.setMocks(fakeCloudMocks(preview ? "preview" : "update"), "project", "stack", preview);
  recordMockRegistrations({ into: registered });
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
