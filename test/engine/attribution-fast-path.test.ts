/**
 * `Engine.attribute` and the quiet Originating test take shortcuts the explained path does not (memoised
 * certificate outcomes, a per-tenant index of shared gateway addresses, flat domain tables). These tests
 * compare both paths message by message on generated forests, including the awkward cases the shortcuts
 * must step aside for: disabled connectors, addresses shared by many tenants, MatchSubDomains, RequireTls
 * without STARTTLS, unaccepted certificate domains, ties and the null sender.
 */
import { ArrivingConnection, testOriginating } from "../../src/core/attribution/originating";
import { Message, World } from "../../src/core/model/schema";
import { parseWorld } from "../../src/core/model/load";
import { OriginatingResult, WorldIndex } from "../../src/core/model/world-index";
import { ipv4ToNumber } from "../../src/core/net/ipv4";
import { Engine } from "../../src/core/simulate";
import { Trace } from "../../src/core/trace";
import { generateForest, generateMessages, rng } from "../bench/generate";

type Random = () => number;
const pickOf = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/** Gateway addresses shared by many tenants (more than the IP index walks), plus a few private ones. */
const SHARED_IPS = ["131.107.1.1", "131.107.1.2", "131.107.2.1"];
const RANGES = ["131.107.1.0/28", "131.107.1.1", "131.107.1.2", "131.107.2.0/24", "131.107.0.0/16", "10.9.8.7"];

function randomWorld(seed: number, tenantCount: number, disabledShare: number): World {
  const random = rng(seed);
  const tenants = [];
  for (let t = 0; t < tenantCount; t++) {
    const d = `d${t}.test`;
    const acceptedDomains = [{ domain: d, matchSubDomains: random() < 0.2 }];
    if (random() < 0.5) acceptedDomains.push({ domain: `mail.${d}`, matchSubDomains: false });
    const inboundConnectors = [];
    const connectors = 1 + Math.floor(random() * 3);
    for (let c = 0; c < connectors; c++) {
      const enabled = random() >= disabledShare;
      const requireTls = random() < 0.3;
      const other = Math.floor(random() * tenantCount);
      const name = pickOf(random, [`*.${d}`, `mail.${d}`, `*.mail.${d}`, `*.d${other}.test`, `mail.d${other}.test`, `*.unaccepted${t % 5}.test`, `gw.unaccepted${t % 5}.test`, `*.sub.${d}`]);
      const kind = random();
      if (kind < 0.4) inboundConnectors.push({ name: `Cert ${c}`, connectorType: "OnPremises", tlsSenderCertificateName: name, enabled, requireTls });
      else if (kind < 0.85) inboundConnectors.push({ name: `IP ${c}`, connectorType: "OnPremises", senderIPAddresses: [pickOf(random, RANGES)], enabled, requireTls });
      else inboundConnectors.push({ name: `Both ${c}`, connectorType: "OnPremises", tlsSenderCertificateName: name, senderIPAddresses: [pickOf(random, RANGES)], enabled, requireTls });
    }
    tenants.push({ id: `T${t}`, forest: random() < 0.85 ? "F1" : "F2", acceptedDomains, inboundConnectors });
  }
  return parseWorld({ tenants }, { source: "random forest" });
}

function randomMessages(seed: number, tenantCount: number, count: number): Message[] {
  const random = rng(seed);
  const messages: Message[] = [];
  for (let i = 0; i < count; i++) {
    const t = Math.floor(random() * tenantCount);
    const names = [`mail.d${t}.test`, `host.d${t}.test`, `a.b.d${t}.test`, `x.sub.d${t}.test`, `gw.unaccepted${t % 5}.test`, `mx.nowhere.test`, `*.d${t}.test`];
    const subject = pickOf(random, names);
    const san = random() < 0.3 ? [subject, pickOf(random, names)] : [];
    const tls = random() < 0.6 ? { subject, san } : null;
    const mailFrom = pickOf(random, [`a${i}@d${t}.test`, `a${i}@mail.d${t}.test`, `a${i}@deep.sub.d${t}.test`, "", `a${i}@internet.test`, `a${i}@d${Math.floor(random() * tenantCount)}.test`]);
    const ip = pickOf(random, [...SHARED_IPS, "131.107.2.200", "131.107.9.9", "10.9.8.7", "203.0.113.5"]);
    messages.push({ forest: random() < 0.9 ? "F1" : "F2", tls, starttls: random() < 0.8, connectingIp: ip, mailFrom, rcptTo: [`r${i}@d${Math.floor(random() * tenantCount)}.test`] });
  }
  return messages;
}

function connection(m: Message): ArrivingConnection {
  return { certificate: m.starttls ? (m.tls ?? null) : null, starttls: m.starttls, ip: m.connectingIp ? ipv4ToNumber(m.connectingIp) : undefined, ipText: m.connectingIp ?? "", mailFrom: m.mailFrom };
}

/** Everything a caller can read from the Originating test, in comparable form. */
function summary(r: OriginatingResult, trace: Trace) {
  const refs = (list: OriginatingResult["disabled"]) => list.map((x) => `${x.tenant.id}/${x.connector.name}`);
  return {
    match: r.match ? { ...r.match.verdict.attribution } : null,
    unaccepted: refs(r.matchedWithoutAcceptedDomain),
    disabled: refs(r.disabled),
    gaps: [...trace.gaps].sort(),
  };
}

function expectPathsAgree(w: World, messages: readonly Message[]): { originating: number; sharedIp: number } {
  const index = new WorldIndex(w);
  const engine = new Engine(w);
  let originating = 0;
  let sharedIp = 0;
  for (const m of messages) {
    const forest = index.forest(m.forest);
    const verboseTrace = new Trace(true);
    const explained = summary(testOriginating(index, forest, connection(m), verboseTrace), verboseTrace);
    // Twice: the first call fills the memos, the second answers from them.
    for (let round = 0; round < 2; round++) {
      const quietTrace = new Trace(false);
      expect({ m, quiet: summary(testOriginating(index, forest, connection(m), quietTrace), quietTrace) }).toEqual({ m, quiet: explained });
    }
    // Twice as well: a certificate's verdict is memoised on first sight and answered from the memo after.
    const first = engine.attribute(m);
    const quick = engine.attribute(m);
    expect({ m, quick }).toEqual({ m, quick: first });
    const full = engine.simulate(m, { explain: true });
    if (explained.match) {
      originating++;
      if (m.connectingIp && SHARED_IPS.includes(m.connectingIp) && explained.match.by === "mailfrom") sharedIp++;
      expect({ m, attribution: quick.attribution }).toEqual({ m, attribution: explained.match });
      expect({ m, certainty: quick.certainty }).toEqual({ m, certainty: explained.gaps.length > 0 ? "uncertain" : "documented" });
      if (full.outcome !== "rejected") expect({ m, attribution: full.attribution }).toEqual({ m, attribution: explained.match });
    } else {
      expect(quick.attribution.direction).not.toBe("Originating");
      expect(full.attribution.direction).not.toBe("Originating");
      const owner = index.ownerOfAddress(m.rcptTo[0]!);
      expect({ m, tenant: quick.attribution.tenant }).toEqual({ m, tenant: owner?.tenant.id ?? null });
      if (full.outcome !== "rejected") expect({ m, tenant: full.attribution.tenant }).toEqual({ m, tenant: quick.attribution.tenant });
    }
  }
  return { originating, sharedIp };
}

describe("the quiet attribution path agrees with the explained one", () => {
  // Without disabled connectors the shared-address shortcut answers; with them the walk does.
  it.each([
    [1, 0],
    [2, 0],
    [3, 0.1],
    [4, 0.1],
  ])("on random forests with shared gateways, MatchSubDomains and ties (seed %i, disabled share %d)", (seed, disabledShare) => {
    const tenants = 40 + seed * 10;
    const counts = expectPathsAgree(randomWorld(seed, tenants, disabledShare), randomMessages(seed * 101, tenants, 1500));
    // The comparison means something only if both kinds of attribution, and the shared-address shortcut, occurred.
    expect(counts.originating).toBeGreaterThan(100);
    expect(counts.sharedIp).toBeGreaterThan(10);
  });

  it("on the bench's forest and traffic, where tenants 512 apart share their gateway ranges", () => {
    for (const tenants of [600, 5000]) {
      const counts = expectPathsAgree(generateForest(tenants), generateMessages(3000, tenants, 11));
      expect(counts.originating).toBeGreaterThan(1000);
    }
  });
});
