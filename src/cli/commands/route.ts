/** `hybrid-mailflow route WORLD --from A --to B`: one message from on-premises (or a cloud mailbox) followed hop by hop. */
import { domainOf } from "../../core/domains";
import { InputError } from "../../core/model/errors";
import { parseWorld } from "../../core/model/load";
import { Route, RouteSimulator, describeHop } from "../../core/routes/route";
import { Engine } from "../../core/simulate";
import { documentName, readDocument } from "../read-document";

export interface RouteFlags {
  from: string;
  to: string;
  server?: string;
  mailbox?: string;
}

export function routeMessage(worldPath: string, flags: RouteFlags): Route {
  const world = parseWorld(readDocument(worldPath), { source: documentName(worldPath) });
  const engine = new Engine(world);
  const routes = new RouteSimulator(engine);
  const from = flags.from === "<>" ? "" : flags.from.toLowerCase();
  const to = flags.to.toLowerCase();
  if (flags.mailbox) {
    const tenant = engine.index.tenantsById.get(flags.mailbox);
    if (!tenant) throw new InputError("the command line", [{ path: "--mailbox", message: `no tenant "${flags.mailbox}" in ${worldPath}; use one of: ${world.tenants.map((t) => t.id).join(", ")}` }]);
    return routes.fromMailbox(tenant, from, to);
  }
  const org = world.onPremises.find((o) => o.senderDomains.includes(domainOf(from))) ?? world.onPremises[0];
  if (!org) throw new InputError("route", [{ path: "onPremises", message: "the world describes no on-premises organization; add one, or use --mailbox TENANT" }]);
  const server = flags.server ? org.servers.find((s) => s.name === flags.server) : org.servers[0];
  if (!server) throw new InputError("route", [{ path: "--server", message: `no server "${flags.server}" in ${org.name}; use one of: ${org.servers.map((s) => s.name).join(", ")}` }]);
  return routes.fromOnPremises({ org, server, egressIp: server.egressIps[0]!, mailFrom: from, recipient: to });
}

export function renderRoute(route: Route, to: string): string {
  const lines = route.hops.map((h, i) => `${i + 1}. ${h.at}: ${h.result ? describeHop(h.result) : h.note}`);
  const spf = route.finalSpf ? `, SPF ${route.finalSpf} at the recipient` : "";
  const captured = route.capturedBy ? `captured by tenant ${route.capturedBy}, ` : "";
  lines.unshift(`to ${to}: ${captured}${route.outcome} at ${route.endsAt}${spf}${route.certainty === "uncertain" ? ` (uncertain: ${route.gaps.join(", ")})` : ""}`);
  for (const a of route.assumptions) lines.push(`assumed: ${a}`);
  return lines.join("\n");
}
