/**
 * `check` simulates one partner tenant for all that receive alike. Generated worlds whose partners have
 * their own MX hosts and connectors (some of them matching what on-premises presents, so mail is
 * captured, rejected or relayed) must give the same findings with and without that grouping.
 */
import { runCheck } from "../../src/core/check/run-check";
import { parseWorld } from "../../src/core/model/load";
import type { WorldInput } from "../../src/core/model/schema";
import { rng, scaledHybridWorld } from "../bench/generate";

const pickOf = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/** Partners drawn from what routing can tell apart, and from what it should not (names). */
function partnerWorld(seed: number, partners: number): WorldInput {
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

/** A finding as users see it, less the list of example flows, which names the tenant simulated for several. */
const comparable = (r: ReturnType<typeof runCheck>) =>
  [...r.findings, ...r.suppressed.map((s) => s.finding)]
    .map((f) => JSON.stringify([f.rule, f.resource, f.severity, f.certainty, f.message, f.fix]))
    .sort();

describe("grouping partner tenants that receive alike changes no finding", () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`generated world ${seed}`, () => {
      const input = partnerWorld(seed, 120);
      const grouped = runCheck(parseWorld(structuredClone(input), { source: `world ${seed}` }));
      const alone = runCheck(parseWorld(structuredClone(input), { source: `world ${seed}` }), { groupAlikeRecipients: false });
      expect(alone.summary.simulatedFlows).toBeGreaterThan(grouped.summary.simulatedFlows);
      expect(grouped.summary.flows).toBe(alone.summary.flows);
      expect(comparable(grouped)).toEqual(comparable(alone));
      expect(grouped.blocking).toBe(alone.blocking);
    });
  }
});
