/**
 * The straightforward attribution a first implementation would write: scan every connector of every
 * tenant for each message. Kept only so the benchmark can show what the index buys.
 */
import { Message, World } from "../../src/core/model/schema";
import { parseIpv4Range, rangeContains, ipv4ToNumber } from "../../src/core/net/ipv4";

function certMatches(pattern: string, name: string): boolean {
  if (pattern.startsWith("*.")) {
    const base = pattern.slice(2);
    return name === base || name.endsWith(`.${base}`);
  }
  return pattern === name;
}

function accepts(world: World, tenantIndex: number, domain: string): boolean {
  return world.tenants[tenantIndex]!.acceptedDomains.some((d) => d.domain === domain);
}

export function naiveAttribute(world: World, message: Message): string | null {
  const names = message.tls ? [message.tls.subject, ...message.tls.san] : [];
  const ip = message.connectingIp ? ipv4ToNumber(message.connectingIp) : -1;
  const p1 = message.mailFrom.slice(message.mailFrom.indexOf("@") + 1);
  for (let t = 0; t < world.tenants.length; t++) {
    const tenant = world.tenants[t]!;
    if (tenant.forest !== message.forest) continue;
    for (const c of tenant.inboundConnectors) {
      if (c.connectorType !== "OnPremises" || !c.enabled || !c.tlsSenderCertificateName) continue;
      const pattern = c.tlsSenderCertificateName;
      if (names.some((n) => certMatches(pattern, n)) && accepts(world, t, pattern.startsWith("*.") ? pattern.slice(2) : pattern)) return tenant.id;
    }
  }
  if (message.mailFrom !== "") {
    for (let t = 0; t < world.tenants.length; t++) {
      const tenant = world.tenants[t]!;
      if (tenant.forest !== message.forest) continue;
      for (const c of tenant.inboundConnectors) {
        if (c.connectorType !== "OnPremises" || !c.enabled) continue;
        if (c.senderIPAddresses.some((r) => rangeContains(parseIpv4Range(r), ip)) && accepts(world, t, p1)) return tenant.id;
      }
    }
  }
  const rcpt = message.rcptTo[0]!.slice(message.rcptTo[0]!.indexOf("@") + 1);
  for (let t = 0; t < world.tenants.length; t++) if (accepts(world, t, rcpt)) return world.tenants[t]!.id;
  return null;
}
