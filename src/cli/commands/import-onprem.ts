/**
 * `hybrid-mailflow import-onprem FILE... --world FILE`: the on-premises organization from Exchange
 * Management Shell output (the shipped script's JSON, or plain Get-SendConnector /
 * Get-ExchangeCertificate | ConvertTo-Json), written as the world's `onPremises` entry.
 */
import { decodeExportText, onPremisesFromExport, readOnPremExport, sendingServers } from "../../core/adopt";
import { InputError } from "../../core/model/errors";
import { completeEgress, parseEgressFlags, type Terminal } from "../adopt/egress";
import { AdoptError } from "../adopt/errors";
import { hybridTenant } from "../adopt/hybrid-tenant";
import { commentLines, WorldFile } from "../adopt/world-file";
import { readInputBytes } from "../read-document";

export interface ImportOnPremFlags {
  world: string;
  egress?: string[];
  tenant?: string;
  name?: string;
}

export function readExportFile(path: string): { source: string; data: unknown } {
  let bytes: Buffer;
  try {
    bytes = readInputBytes(path);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(path, [{ path: "", message: (err as NodeJS.ErrnoException).code === "ENOENT" ? "file not found; check the path" : `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})` }]);
  }
  let text: string;
  try {
    text = decodeExportText(bytes);
  } catch {
    throw new InputError(path, [{ path: "", message: "is neither UTF-8 nor UTF-16 text; save it with Out-File -Encoding utf8 (or run the shipped script)" }]);
  }
  try {
    return { source: path, data: JSON.parse(text) };
  } catch (err) {
    throw new InputError(path, [{ path: "", message: `is not JSON (${(err as Error).message}); export with ConvertTo-Json -Depth 5` }]);
  }
}

export async function runImportOnPremCommand(files: readonly string[], flags: ImportOnPremFlags, terminal: Terminal | undefined = process.stdin.isTTY && process.stderr.isTTY ? { input: process.stdin, output: process.stderr } : undefined): Promise<number> {
  const egress = parseEgressFlags(flags.egress);
  const world = WorldFile.open(flags.world);
  const known = world.tenants();
  const tenant = flags.tenant ?? hybridTenant(known, undefined, flags.world).id;
  const fallbackSenderDomains = (known.find((t) => t.id === tenant)?.acceptedDomains ?? []).map((d) => d.domain);
  const exported = readOnPremExport(files.map(readExportFile));
  await completeEgress(sendingServers(exported), egress, terminal);
  let result;
  try {
    result = onPremisesFromExport(exported, { tenant, name: flags.name, egress, fallbackSenderDomains, now: new Date() });
  } catch (err) {
    throw new AdoptError(`${files.join(", ")}: ${(err as Error).message}`);
  }
  world.putOnPremises(result.onPremises, commentLines([`Imported by \`hybrid-mailflow import-onprem\` from ${files.join(", ")}; egress addresses given by the user.`, ...result.notes.filter((n) => n.includes("inferred"))]));
  world.save();
  for (const n of result.notes) process.stderr.write(`note: ${n}\n`);
  process.stdout.write(`Wrote onPremises "${result.onPremises.name}" (${result.onPremises.sendConnectors.length} send connector(s), ${result.onPremises.servers.length} server(s)) to ${flags.world}.\n`);
  return 0;
}
