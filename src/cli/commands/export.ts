/**
 * `hybrid-mailflow export --world FILE [--pulumi DIR]`: reads the tenant read-only (connectors,
 * accepted domains, RejectDirectSend, Graph domains) into the world file, and optionally writes a
 * Pulumi program that adopts those objects unchanged. Secrets are never written.
 */
import { planAdoption, tenantFromListing } from "../../core/adopt";
import { AdoptError } from "../adopt/errors";
import { readTenant } from "../adopt/read-tenant";
import { writeProgram } from "../adopt/pulumi-program";
import { commentLines, WorldFile } from "../adopt/world-file";
import { addPartners, readPartnerFile, renderPartners } from "./partners";

export interface ExportFlags {
  world: string;
  forest?: string;
  tenantId?: string;
  cloud?: string;
  pulumi?: string;
  project?: string;
  partners?: string;
  dnsServer?: string[];
  ourEndpoint?: string[];
}

export async function runExportCommand(flags: ExportFlags, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const partnerDomains = flags.partners !== undefined ? readPartnerFile(flags.partners) : undefined;
  const world = WorldFile.open(flags.world);
  const read = await readTenant(env, flags.cloud);
  const now = new Date();
  let converted;
  try {
    converted = tenantFromListing(read.listing, { id: flags.tenantId, forest: flags.forest ?? "HOME" });
  } catch (err) {
    throw new AdoptError(`tenant ${read.tenantId}: ${(err as Error).message}`);
  }
  const { tenant, notes } = converted;
  world.putTenant(
    tenant,
    commentLines([
      `Read from tenant ${read.tenantId} (${read.cloud}) by \`hybrid-mailflow export\` on ${now.toISOString().slice(0, 10)}.`,
      `forest is a label: no API shows a tenant's EOP forest; partners found in the same forest get "${tenant.forest}".`,
    ]),
    true,
  );
  let partnerText = "";
  if (partnerDomains !== undefined) {
    const result = await addPartners(world, partnerDomains, { tenant: tenant.id, dnsServer: flags.dnsServer, ourEndpoint: flags.ourEndpoint });
    partnerText = `\n${renderPartners(result)}`;
  }
  world.save();
  for (const n of notes) process.stderr.write(`note: ${n}\n`);
  const lines = [
    `Wrote tenant ${tenant.id} to ${flags.world}: ${tenant.acceptedDomains.length} accepted domain(s), ${tenant.inboundConnectors?.length ?? 0} inbound and ${tenant.outboundConnectors?.length ?? 0} outbound connector(s), RejectDirectSend ${tenant.organization?.rejectDirectSend ? "on" : "off"}.`,
  ];
  if (flags.pulumi !== undefined) {
    const plan = planAdoption(read.listing);
    const project = flags.project ?? `${tenant.id.toLowerCase().replace(/[^a-z0-9-]+/g, "-")}-mailflow`;
    writeProgram(flags.pulumi, { projectName: project, tenantId: read.tenantId, cloud: read.cloud, plan, readAt: now });
    lines.push(`Wrote a Pulumi program declaring ${plan.length} resource(s) to ${flags.pulumi}: run \`npm install\` there, then \`pulumi preview\`; \`pulumi up\` adopts the objects without changing them.`);
  }
  process.stdout.write(`${lines.join("\n")}${partnerText}\n`);
  return 0;
}
