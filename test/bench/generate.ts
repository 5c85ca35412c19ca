/**
 * Synthetic worlds for the benchmark: a large EOP forest (5,000 tenants, 20,000 inbound connectors by
 * certificate and IP) with a message mix that exercises every attribution path, and a large hybrid
 * world for `check`. Deterministic: the same seed gives the same world.
 */
import { Message, World, WorldInput } from "../../src/core/model/schema";
import { parseWorld } from "../../src/core/model/load";

/** A small linear congruential generator, so runs are repeatable without a dependency. */
export function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const ipOf = (t: number, host: number) => `198.${18 + ((t >> 8) & 1)}.${t & 255}.${host}`;

export function generateForest(tenantCount: number): World {
  const tenants: WorldInput["tenants"] = [];
  for (let t = 0; t < tenantCount; t++) {
    const d = `t${t}.example`;
    tenants.push({
      id: `T${t}`,
      forest: "F1",
      acceptedDomains: [{ domain: d }, { domain: `mail.${d}` }, { domain: `t${t}.onmicrosoft.com` }],
      inboundConnectors: [
        { name: "Inbound exact", connectorType: "OnPremises", tlsSenderCertificateName: `mail.${d}` },
        { name: "Inbound wildcard", connectorType: "OnPremises", tlsSenderCertificateName: `*.${d}` },
        { name: "Inbound IP", connectorType: "OnPremises", senderIPAddresses: [ipOf(t, 10), `${ipOf(t, 64)}/28`] },
        { name: "Partner lock", connectorType: "Partner", tlsSenderCertificateName: `*.gw${t}.example`, restrictDomainsToCertificate: true },
      ],
    });
  }
  return parseWorld({ tenants }, { source: "generated forest" });
}

/**
 * Messages as a busy forest sees them: every address is its own string, while a sending server's
 * identity (its certificate names and IP) is the same object on every connection it makes, as it is
 * when a real front end parses one server's TLS session many times from a connection cache.
 */
/**
 * Lower-cases like the message schema does; it also yields the flat strings a parser produces, where a
 * template literal would leave a rope that the first slice must copy.
 */
const normalized = (s: string) => s.toLowerCase();

/** The sending servers of a forest; they outlive the messages they send, so they are built once per forest size. */
const serverCache = new Map<number, ReturnType<typeof buildServers>>();

function buildServers(tenantCount: number) {
  const servers = Array.from({ length: tenantCount }, (_, t) => ({
    exact: { subject: normalized(`mail.t${t}.example`), san: [] as string[] },
    host: { subject: normalized(`host.t${t}.example`), san: [] as string[] },
    ip: ipOf(t, 10),
    hostIp: ipOf(t, 11),
    ipBlock: Array.from({ length: 16 }, (_, h) => ipOf(t, 64 + h)),
  }));
  const unknownServers = Array.from({ length: 1024 }, (_, u) => ({ tls: { subject: normalized(`mx.unknown${u}.example`), san: [] as string[] }, ip: `192.0.2.${u & 255}`, internetIp: `203.0.113.${u & 255}` }));
  return { servers, unknownServers };
}

/**
 * How senders and recipients are drawn from the forest's tenants. Mail traffic is heavily skewed (a
 * few large tenants send and receive most of it), which `zipf` (exponent 1) models; `uniform` spreads
 * it evenly over all tenants, the worst case for memory caches.
 */
export type TrafficShape = "zipf" | "uniform";

const zipfCache = new Map<number, Float64Array>();

function zipfCdf(n: number): Float64Array {
  let cdf = zipfCache.get(n);
  if (!cdf) {
    cdf = new Float64Array(n);
    let sum = 0;
    for (let k = 1; k <= n; k++) cdf[k - 1] = sum += 1 / k;
    for (let k = 0; k < n; k++) cdf[k]! /= sum;
    zipfCache.set(n, cdf);
  }
  return cdf;
}

function pick(random: () => number, n: number, shape: TrafficShape): number {
  const u = random();
  if (shape === "uniform") return Math.floor(u * n);
  const cdf = zipfCdf(n);
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cdf[mid]! < u) lo = mid + 1;
    else hi = mid;
  }
  // Rank k is spread over the tenants so that the busiest ones are not simply the lowest ids.
  return (lo * 7919) % n;
}

/** One object shape for every message, as a parser produces; mixed shapes would measure V8's inline caches, not the engine. */
function message(tls: Message["tls"], connectingIp: string, mailFrom: string, rcpt: string): Message {
  return { forest: "F1", tls, starttls: true, connectingIp, mailFrom, rcptTo: [rcpt] };
}

export function generateMessages(count: number, tenantCount: number, seed = 7, offset = 0, shape: TrafficShape = "zipf"): Message[] {
  const random = rng(seed + offset);
  let known = serverCache.get(tenantCount);
  if (!known) serverCache.set(tenantCount, (known = buildServers(tenantCount)));
  const { servers, unknownServers } = known;
  const messages: Message[] = [];
  for (let n = 0; n < count; n++) {
    const i = offset + n;
    const t = pick(random, tenantCount, shape);
    const other = pick(random, tenantCount, shape);
    const kind = random();
    const server = servers[t]!;
    const unknown = unknownServers[i & 1023]!;
    const rcpt = normalized(`user${i}@t${other}.example`);
    if (kind < 0.3) messages.push(message(server.exact, server.ip, normalized(`a${i}@t${t}.example`), rcpt));
    else if (kind < 0.45) messages.push(message(server.host, server.hostIp, "", rcpt));
    else if (kind < 0.7) messages.push(message(null, server.ipBlock[i & 15]!, normalized(`a${i}@t${t}.example`), rcpt));
    else if (kind < 0.9) messages.push(message(null, unknown.internetIp, normalized(`x${i}@internet${i & 1023}.example`), rcpt));
    else messages.push(message(unknown.tls, unknown.ip, normalized(`x${i}@unknown.example`), normalized(`y${i}@nowhere${i & 1023}.example`)));
  }
  return messages;
}

/** A hybrid world of the size the brief names: 2,000 accepted domains, 50 on-premises sender domains, 5,000 partner domains. */
export function generateHybridWorld(): WorldInput {
  const own = Array.from({ length: 1997 }, (_, i) => ({ domain: `brand${i}.contoso.example` }));
  const partners: WorldInput["tenants"] = [];
  for (let p = 0; p < 5000; p++) {
    partners.push({ id: `P${p}`, forest: p % 2 === 0 ? "EU1" : "EU2", acceptedDomains: [{ domain: `partner${p}.example` }] });
  }
  const senderDomains = Array.from({ length: 50 }, (_, i) => (i < 40 ? `brand${i}.contoso.example` : `legacy${i}.example`));
  const dns: Record<string, { txt: string[] }> = {
    "spf.protection.outlook.com": { txt: ["v=spf1 ip4:40.92.0.0/15 ip4:40.107.0.0/16 ip4:52.100.0.0/14 ip4:104.47.0.0/17 include:spfd.protection.outlook.com -all"] },
    "spfd.protection.outlook.com": { txt: ["v=spf1 ip4:51.4.72.0/24 ip4:51.5.72.0/24 -all"] },
  };
  for (const d of senderDomains) dns[d] = { txt: ["v=spf1 ip4:198.51.100.10 include:spf.protection.outlook.com -all"] };
  return {
      tenants: [
        {
          id: "CONTOSO",
          forest: "EU1",
          acceptedDomains: [{ domain: "contoso.example" }, { domain: "contoso.onmicrosoft.com", default: true }, { domain: "contoso.mail.onmicrosoft.com" }, ...own],
          inboundConnectors: [{ name: "Inbound from on-premises", connectorType: "OnPremises", tlsSenderCertificateName: "*.contoso.example", cloudServicesMailEnabled: true }],
          outboundConnectors: [{ name: "Outbound to on-premises", connectorType: "OnPremises", recipientDomains: ["contoso.example"], smartHosts: ["mail.contoso.example"] }],
        },
        ...partners,
      ],
      internetDomains: ["gmail.example"],
      onPremises: [
        {
          name: "Contoso on-premises",
          tenant: "CONTOSO",
          servers: [{ name: "EX01", egressIps: ["198.51.100.10"] }],
          sendConnectors: [
            { name: "Outbound to Office 365", addressSpaces: ["contoso.mail.onmicrosoft.com"], sourceServers: ["EX01"], certificate: { subject: "hybrid.contoso.example" }, cloudServicesMailEnabled: true },
            { name: "Internet", addressSpaces: ["*"], sourceServers: ["EX01"], certificate: { subject: "mail.contoso.example" } },
          ],
          senderDomains,
          forwardedSenderDomains: ["gmail.example"],
        },
      ],
      dns,
    };
}

/** How the scaled hybrid worlds grow; every count defaults to the bench world's. */
export interface HybridWorldShape {
  /** Accepted domains of the hybrid tenant besides contoso's three (the bench world: 1,997). */
  readonly ownDomains?: number;
  /** On-premises sender domains, each with an SPF record (the bench world: 50). */
  readonly senderDomains?: number;
  /** Partner tenants (the bench world: 5,000). */
  readonly partners?: number;
  /** Partners whose domain has an MX host of its own (their gateway). */
  readonly partnersWithMx?: number;
  /**
   * Partners with an inbound Partner connector of their own (by certificate, one of eight names,
   * some requiring TLS) and an outbound connector to their gateway; each connector named after the partner.
   */
  readonly partnersWithConnectors?: number;
}

/** The bench world scaled: `generateHybridWorld()` is `scaledHybridWorld({})`. */
export function scaledHybridWorld(shape: HybridWorldShape): WorldInput {
  const world = generateHybridWorld();
  const ownCount = shape.ownDomains ?? 1997;
  const senderCount = shape.senderDomains ?? 50;
  const partnerCount = shape.partners ?? 5000;
  const withMx = shape.partnersWithMx ?? 0;
  const withConnectors = shape.partnersWithConnectors ?? 0;
  const contoso = world.tenants[0]!;
  contoso.acceptedDomains = [...contoso.acceptedDomains.slice(0, 3), ...Array.from({ length: ownCount }, (_, i) => ({ domain: `brand${i}.contoso.example` }))];
  const dns = world.dns!;
  for (const d of world.onPremises![0]!.senderDomains!) delete dns[d];
  // Four in five sender domains are accepted brands, the rest on-premises-only legacy domains.
  const senders = Array.from({ length: senderCount }, (_, i) => (i % 5 !== 4 && i < ownCount ? `brand${i}.contoso.example` : `legacy${i}.example`));
  world.onPremises![0]!.senderDomains = senders;
  for (const d of senders) dns[d] = { txt: ["v=spf1 ip4:198.51.100.10 include:spf.protection.outlook.com -all"] };
  const partners: WorldInput["tenants"] = [];
  for (let p = 0; p < partnerCount; p++) {
    const domain = `partner${p}.example`;
    const ownConnector = p < withConnectors;
    partners.push({
      id: `P${p}`,
      forest: p % 2 === 0 ? "EU1" : "EU2",
      acceptedDomains: [{ domain }],
      ...(ownConnector
        ? {
            inboundConnectors: [{ name: `From partner gateway ${p}`, connectorType: "Partner" as const, tlsSenderCertificateName: `gw${p % 8}.partner.example`, requireTls: p % 3 === 0, senderDomains: [`*`] }],
            outboundConnectors: [{ name: `To partner gateway ${p}`, connectorType: "Partner" as const, recipientDomains: [`relay${p % 4}.example`], smartHosts: [`gw${p % 8}.partner.example`] }],
          }
        : {}),
    });
    if (p < withMx) dns[domain] = { mx: [{ preference: 10, exchange: `gw.${domain}` }] };
  }
  world.tenants = [contoso, ...partners];
  return world;
}

const pickOf = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/**
 * The bench world with partners drawn from what routing can tell apart (MX hosts, connectors, some
 * matching what on-premises presents) and from what it should not (names): the agreement checks run on it.
 */
export function partnerVarietyWorld(seed: number, partners: number): WorldInput {
  const random = rng(seed);
  const world = scaledHybridWorld({ ownDomains: 30, senderDomains: 12, partners, partnersWithMx: 0, partnersWithConnectors: 0 });
  const dns = world.dns!;
  const certs = ["hybrid.contoso.example", "mail.contoso.example", "*.contoso.example", "gw.partner.example", "mail.fabrikam.example"];
  const ips = ["198.51.100.10", "198.51.100.0/24", "203.0.113.7"];
  for (const t of world.tenants.slice(1)) {
    const domain = t.acceptedDomains[0]!.domain;
    const p = t.id;
    if (random() < 0.5) {
      const mx = pickOf(random, [`gw${Math.floor(random() * 3)}.${p.toLowerCase()}.example`, `${domain.replace(/\./g, "-")}.mail.protection.outlook.com`, "partner0-example.mail.protection.outlook.com", "gw.shared.example"]);
      dns[domain] = { mx: [{ preference: 10, exchange: mx }] };
    }
    if (random() < 0.15) t.acceptedDomains.push({ domain: `sub.${domain}`, type: pickOf(random, ["Authoritative", "InternalRelay"] as const) });
    if (random() < 0.1) t.organization = { rejectDirectSend: true };
    if (random() < 0.1) t.recipients = [`someone@${domain}`];
    if (random() < 0.6) {
      const count = 1 + Math.floor(random() * 2);
      t.inboundConnectors = Array.from({ length: count }, (_, i) => {
        const byCert = random() < 0.6;
        return {
          name: `${pickOf(random, ["From", "Inbound from", "Partner"])} ${p} ${i}`,
          connectorType: pickOf(random, ["Partner", "Partner", "OnPremises"] as const),
          ...(byCert ? { tlsSenderCertificateName: pickOf(random, certs) } : { senderIPAddresses: [pickOf(random, ips)] }),
          ...(random() < 0.3 ? { requireTls: true } : {}),
          ...(random() < 0.3 ? { senderDomains: [pickOf(random, ["*", "contoso.example", "brand1.contoso.example", "*.contoso.example"])] } : {}),
          ...(random() < 0.2 ? { restrictDomainsToCertificate: true } : {}),
          ...(random() < 0.2 ? { cloudServicesMailEnabled: true } : {}),
          ...(random() < 0.1 ? { enabled: false } : {}),
        };
      });
    }
    if (random() < 0.4) {
      t.outboundConnectors = [
        {
          name: `To ${p} gateway`,
          connectorType: pickOf(random, ["Partner", "OnPremises"] as const),
          ...(random() < 0.5 ? { recipientDomains: [pickOf(random, ["*", "contoso.example", "brand2.contoso.example", "other.example"])] } : { allAcceptedDomains: true }),
          ...(random() < 0.7 ? { smartHosts: [pickOf(random, [`gw.${p.toLowerCase()}.example`, "gw.shared.example"])] } : { useMxRecord: true }),
          ...(random() < 0.3 ? { routeAllMessagesViaOnPremises: true } : {}),
          ...(random() < 0.2 ? { enabled: false } : {}),
        },
      ];
    }
  }
  return world;
}
