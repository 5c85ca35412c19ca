/**
 * The mail-flow matrix of a world: every on-premises sender (each sender domain, the null sender of
 * NDRs, forwarded foreign senders) from every sending server, to one recipient of each class; plus
 * the hybrid tenant's cloud mailboxes and internet senders towards the same classes. Each flow is
 * routed hop by hop, so rules judge what really happens to mail, not configuration in isolation.
 */
import { OnPremises, Tenant } from "../model/schema";
import { Route, RouteSimulator } from "../routes/route";
import { Engine } from "../simulate";

export type RecipientClass = "own-cloud" | "own-on-premises" | "same-forest-tenant" | "other-forest-tenant" | "internet";
export type SenderKind = "on-premises" | "null-sender" | "forwarded" | "cloud-mailbox" | "internet";

export interface Flow {
  readonly id: string;
  readonly senderKind: SenderKind;
  readonly org: OnPremises | undefined;
  readonly tenant: Tenant;
  readonly server: string | null;
  readonly egressIp: string | null;
  readonly mailFrom: string;
  readonly recipient: string;
  readonly recipientClass: RecipientClass;
  readonly route: Route;
}

/** An internet sender that nothing in the world describes (TEST-NET-1, RFC 5737). */
const INTERNET_SENDER = { ip: "192.0.2.200", mailFrom: "someone@internet-sender.example" };

interface RecipientSample {
  readonly address: string;
  readonly cls: RecipientClass;
}

function firstCustomDomain(tenant: Tenant): string {
  const custom = tenant.acceptedDomains.find((d) => !d.domain.endsWith(".onmicrosoft.com"));
  return (custom ?? tenant.acceptedDomains[0]!).domain;
}

/** A cloud mailbox of the tenant: a listed recipient, else one at the hybrid routing domain. */
function cloudRecipient(tenant: Tenant, onPremDomains: ReadonlySet<string>): string {
  const listed = tenant.recipients?.find((r) => !onPremDomains.has(r.slice(r.lastIndexOf("@") + 1)));
  if (listed) return listed;
  const routing = tenant.acceptedDomains.find((d) => d.domain.endsWith(".mail.onmicrosoft.com"));
  return `cloud-user@${(routing ?? tenant.acceptedDomains[0]!).domain}`;
}

function recipientSamples(engine: Engine, org: OnPremises): RecipientSample[] {
  const hybrid = engine.index.tenantsById.get(org.tenant)!;
  const onPremDomains = new Set(org.mailboxDomains);
  const samples: RecipientSample[] = [{ address: cloudRecipient(hybrid, onPremDomains), cls: "own-cloud" }];
  for (const d of org.mailboxDomains) samples.push({ address: `onprem-user@${d}`, cls: "own-on-premises" });
  for (const t of engine.world.tenants) {
    if (t === hybrid) continue;
    samples.push({ address: `user@${firstCustomDomain(t)}`, cls: t.forest === hybrid.forest ? "same-forest-tenant" : "other-forest-tenant" });
  }
  const internet = engine.world.internetDomains.filter((d) => !engine.index.ownerOf(d));
  for (const d of internet.length > 0 ? internet : ["internet-recipient.example"]) samples.push({ address: `user@${d}`, cls: "internet" });
  return samples;
}

export function buildFlowMatrix(engine: Engine): Flow[] {
  const routes = new RouteSimulator(engine);
  const flows: Flow[] = [];
  let n = 0;
  const id = () => `F${++n}`;
  for (const org of engine.world.onPremises) {
    const tenant = engine.index.tenantsById.get(org.tenant)!;
    const recipients = recipientSamples(engine, org);
    const senders: Array<{ mailFrom: string; kind: SenderKind }> = [
      ...org.senderDomains.map((d) => ({ mailFrom: `onprem-user@${d}`, kind: "on-premises" as const })),
      ...(org.sendsNullSender ? [{ mailFrom: "", kind: "null-sender" as const }] : []),
      ...org.forwardedSenderDomains.map((d) => ({ mailFrom: `someone@${d}`, kind: "forwarded" as const })),
    ];
    const onPremDomains = new Set(org.mailboxDomains);
    for (const server of org.servers) {
      for (const egressIp of server.egressIps) {
        for (const sender of senders) {
          for (const r of recipients) {
            // Mail between on-premises mailboxes never leaves the organization.
            if (r.cls === "own-on-premises") continue;
            const route = routes.fromOnPremises({ org, server, egressIp, mailFrom: sender.mailFrom, recipient: r.address });
            flows.push({ id: id(), senderKind: sender.kind, org, tenant, server: server.name, egressIp, mailFrom: sender.mailFrom, recipient: r.address, recipientClass: r.cls, route });
          }
        }
      }
    }
    const cloudSenderDomain = tenant.acceptedDomains.find((d) => !d.domain.endsWith(".onmicrosoft.com") && !onPremDomains.has(d.domain)) ?? tenant.acceptedDomains[0]!;
    const cloudFrom = `cloud-user@${cloudSenderDomain.domain}`;
    for (const r of recipients) {
      if (r.cls === "own-cloud") continue;
      const route = routes.fromMailbox(tenant, cloudFrom, r.address);
      flows.push({ id: id(), senderKind: "cloud-mailbox", org, tenant, server: null, egressIp: null, mailFrom: cloudFrom, recipient: r.address, recipientClass: r.cls, route });
    }
    for (const r of recipients) {
      if (r.cls !== "own-cloud" && r.cls !== "own-on-premises") continue;
      const route = routes.fromInternet(INTERNET_SENDER.ip, INTERNET_SENDER.mailFrom, r.address);
      flows.push({ id: id(), senderKind: "internet", org, tenant, server: null, egressIp: INTERNET_SENDER.ip, mailFrom: INTERNET_SENDER.mailFrom, recipient: r.address, recipientClass: r.cls, route });
    }
  }
  return flows;
}

export function describeFlow(flow: Flow): string {
  const from = flow.mailFrom === "" ? "<>" : flow.mailFrom;
  const origin = flow.server ? `${flow.server} (${flow.egressIp})` : flow.senderKind === "cloud-mailbox" ? `cloud mailbox of ${flow.tenant.id}` : `internet sender (${flow.egressIp})`;
  return `${origin} ${from} -> ${flow.recipient}`;
}
