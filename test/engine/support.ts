/** Small inline worlds and messages for the engine's unit tests. */
import { parseMessage, parseWorld } from "../../src/core/model/load";
import { Message, World } from "../../src/core/model/schema";
import { Engine } from "../../src/core/simulate";

export const SPF_MICROSOFT = {
  "spf.protection.outlook.com": {
    txt: ["v=spf1 ip4:40.92.0.0/15 ip4:40.107.0.0/16 ip4:52.100.0.0/14 ip4:104.47.0.0/17 ip6:2a01:111:f400::/48 ip6:2a01:111:f403::/48 include:spfd.protection.outlook.com -all"],
  },
  "spfd.protection.outlook.com": { txt: ["v=spf1 ip4:51.4.72.0/24 ip4:51.5.72.0/24 ip4:51.5.80.0/27 ip4:51.4.80.0/27 -all"] },
};

/** A validated world, read strictly like a world file. */
export function world(input: object): World {
  return parseWorld(input, { source: "inline world" });
}

export function message(w: World, input: object): Message {
  return parseMessage(input, w, { source: "inline message" });
}

/** Simulates one message with the prose trace. */
export function simulate(w: World, input: object) {
  return new Engine(w).simulate(message(w, input));
}

/** A tenant with the given accepted domains (Authoritative, no MatchSubDomains unless written out). */
export function tenant(id: string, forest: string, domains: Array<string | { domain: string; type?: "Authoritative" | "InternalRelay"; matchSubDomains?: boolean; default?: boolean }>, more: Record<string, unknown> = {}) {
  return { id, forest, acceptedDomains: domains.map((d) => (typeof d === "string" ? { domain: d } : d)), ...more };
}

export function certConnector(name: string, certificateName: string, more: Record<string, unknown> = {}) {
  return { name, connectorType: "OnPremises" as const, tlsSenderCertificateName: certificateName, ...more };
}

export function ipConnector(name: string, ips: string[], more: Record<string, unknown> = {}) {
  return { name, connectorType: "OnPremises" as const, senderIPAddresses: ips, ...more };
}
