/**
 * The world a stack of component registrations describes, rebuilt by the policy pack's own
 * reconstruction, so tests can run the examples through `check` the way the pack judges them.
 */
import type { World } from "../../src/core/model/schema";
import { parsePackSettings } from "../../src/core/stack/pack-settings";
import { reconstructWorld } from "../../src/core/stack/reconstruct";
import type { Registered } from "./mock-cloud";

const SETTINGS = parsePackSettings({
  partners: [
    { domain: "partner.example", sameForest: true },
    { domain: "far-partner.example", sameForest: false },
  ],
  internetDomains: ["internet.example"],
  dns: { "internet.example": { txt: ["v=spf1 ip4:192.0.2.0/24 -all"] } },
});

export function worldFromRegistrations(registrations: readonly Registered[]): World {
  const resources = registrations.map((r) => ({
    urn: r.urn ?? `urn:pulumi:test::test::${r.type}::${r.name}`,
    type: r.type,
    name: r.name,
    props: r.inputs,
    ...(r.parent ? { parentUrn: r.parent } : {}),
  }));
  const rebuilt = reconstructWorld(resources, SETTINGS);
  if (!rebuilt.applies) throw new Error(`no hybrid-mailflow resources among ${registrations.length} registrations`);
  return rebuilt.world;
}
