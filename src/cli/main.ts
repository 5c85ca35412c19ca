#!/usr/bin/env node
/**
 * The `hybrid-mailflow` command line: simulate, check and explain outside Pulumi. A thin shell: it
 * reads files, calls the core and prints; exit codes are 0 (fine), 1 (a finding or expectation
 * failed), 2 (bad input or usage) and 3 (`check --live-dns`: a DNS lookup failed, so the result is
 * incomplete).
 */
import { Command, Option } from "commander";
import { InputError } from "../core/model/errors";
import { renderScenarioRun, runScenarioFile } from "./commands/simulate";
import { explainMessage } from "./commands/explain";
import { RouteFlags, renderRoute, routeMessage } from "./commands/route";
import { summarizeHop, traceAsProse } from "./format/hop";
import { CheckFlags, runCheckCommand } from "./commands/check";
import { HeadersFlags, runHeadersCommand } from "./commands/headers";
import type { PreflightFlags } from "./commands/preflight";
import { PreflightError } from "./preflight/errors";
import { AdoptError } from "./adopt/errors";
import { packageInfo } from "../package-info";
import { CHECK_FORMATS } from "./commands/check";
import { sourcesListing } from "./format/sources";
import { requirePeers } from "./peers";
import { coloursFor } from "./format/colour";

function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function buildProgram(): Command {
  const program = new Command("hybrid-mailflow")
    .description("Check Exchange hybrid mail flow before it breaks: EOP tenant attribution, relay, tenant capture and SPF.")
    .version(packageInfo().version, "-V, --version", "print the version of hybrid-mailflow")
    .showHelpAfterError()
    .exitOverride();

  program
    .command("simulate")
    .description("simulate the message of a scenario file (format v1) at its EOP hop")
    .argument("<file>", "scenario JSON or YAML; - reads standard input")
    .option("--json", "print the result as JSON (stable, see README)")
    .option("--explain", "also print the trace as prose")
    .action((file: string, opts: { json?: boolean; explain?: boolean }) => {
      const run = runScenarioFile(file);
      if (opts.json) printJson(run.result);
      else process.stdout.write(`${renderScenarioRun(run, opts.explain ?? false)}\n`);
      if (run.mismatches && run.mismatches.length > 0) process.exitCode = 1;
    });

  program
    .command("check")
    .description("run every rule over a world file; exit 1 when a mandatory finding is not suppressed, 3 when a --live-dns lookup failed")
    .argument("<world>", "world YAML or JSON (UTF-8 or UTF-16 with a BOM); - reads standard input")
    .addOption(new Option("--format <format>", "output: text, json (stable, see README), sarif (2.1.0, code scanning), junit (XML test results), markdown").choices([...CHECK_FORMATS]))
    .option("--json", "print the report as JSON; the same as --format json")
    .option("--flows", "also list every simulated flow")
    .option("--report <file>", "also write the report to a file, creating its folder: .sarif SARIF, .xml JUnit, .md Markdown, else JSON")
    .option("--live-dns", "evaluate SPF against the records DNS publishes now instead of the file's")
    .option("--dns-server <address...>", "with --live-dns: resolvers to ask, e.g. 127.0.0.1:5353 (default: the system's)")
    .option("--dns-timeout <ms>", "with --live-dns: per-attempt resolver timeout in milliseconds (default 5000); a lookup that fails makes the exit status 3")
    .action(async (file: string, opts: CheckFlags) => {
      process.exitCode = await runCheckCommand(file, opts);
    });

  program
    .command("explain")
    .description("explain, step by step with sources, what EOP does with one message")
    .argument("<world>", "world YAML or JSON; - reads standard input")
    .requiredOption("--from <address>", "P1 MAIL FROM; --from '<>' (quoted) for the null sender of NDRs")
    .requiredOption("--to <address...>", "P1 RCPT TO address(es)")
    .option("--ip <ipv4>", "public IPv4 address the sending server connects from")
    .option("--cert <name>", "the certificate the sending server presents: its host name, or its subject as Get-ExchangeCertificate shows it ('CN=mail.contoso.com, O=Contoso')")
    .option("--san <names...>", "subject alternative names of that certificate")
    .option("--forest <name>", "EOP forest the connection lands in (default: the recipient tenant's)")
    .option("--mailbox <tenant>", "sent by a cloud mailbox of this tenant instead of a server")
    .addOption(new Option("--no-starttls", "the session was not encrypted"))
    .option("--json", "print the result as JSON")
    .action((world: string, opts: { from: string; to: string[]; ip?: string; cert?: string; san?: string[]; forest?: string; mailbox?: string; starttls: boolean; json?: boolean }) => {
      const result = explainMessage(world, opts);
      if (opts.json) printJson(result);
      else process.stdout.write(`${[...summarizeHop(result, coloursFor(process.stdout)), "", "Why:", ...traceAsProse(result)].join("\n")}\n`);
    });

  program
    .command("route")
    .description("follow one message from an on-premises server (or a cloud mailbox) hop by hop to its recipient")
    .argument("<world>", "world YAML or JSON; - reads standard input")
    .requiredOption("--from <address>", "P1 MAIL FROM; --from '<>' (quoted) for the null sender of NDRs")
    .requiredOption("--to <address>", "the recipient")
    .option("--server <name>", "the on-premises server that sends (default: the first)")
    .option("--mailbox <tenant>", "sent by a cloud mailbox of this tenant instead")
    .option("--json", "print the route as JSON")
    .action((world: string, opts: RouteFlags & { json?: boolean }) => {
      const route = routeMessage(world, opts);
      if (opts.json) printJson({ ...route, sendConnector: route.sendConnector?.name ?? null, hops: route.hops.map((h) => ({ at: h.at, note: h.note, result: h.result ?? null })) });
      else process.stdout.write(`${renderRoute(route, opts.to)}\n`);
    });

  program
    .command("preflight")
    .description("run a Pulumi program under mocks and check its stack with the policy pack, as `pulumi preview --policy-pack` would; exit 1 on a mandatory violation")
    .argument("<program-dir>", "the program's directory (with Pulumi.yaml)")
    .option("--stack <name>", "the stack whose Pulumi.<stack>.yaml supplies config (default: the only stack file present)")
    .addOption(new Option("--mode <mode>", "preview: values the cloud computes stay unknown; update: a fake tenant fills them in").choices(["preview", "update"]).default("preview"))
    .option("--policy-pack <dir>", "the policy pack to run (default: the one installed with hybrid-mailflow)")
    .option("--policy-pack-config <file>", "policy pack config JSON, as for pulumi --policy-pack-config")
    .option("--report-dir <dir>", "where the pack writes its report files (HYBRID_MAILFLOW_REPORT_DIR)")
    .option("--json", "print the result as one JSON document (version 1)")
    .action(async (dir: string, opts: PreflightFlags) => {
      // Loaded on use: it brings in the Pulumi SDK and gRPC, which the other commands do not need.
      requirePeers("preflight", ["@pulumi/pulumi", "@pulumi/policy"]);
      const { runPreflightCommand } = await import("./commands/preflight");
      process.exitCode = await runPreflightCommand(dir, opts);
    });

  program
    .command("export")
    .description("read the tenant's connectors, accepted domains, RejectDirectSend and domains (read-only) into a world file; optionally write a Pulumi program that adopts them")
    .requiredOption("--world <file>", "world file to write or update")
    .option("--forest <label>", "label of the tenant's EOP forest (no API shows it)", "HOME")
    .option("--tenant-id <id>", "world id of the tenant (default: its onmicrosoft.com name in capitals)")
    .option("--cloud <name>", "commercial, gcc, gcchigh, dod or china (default: HYBRID_MAILFLOW_CLOUD)")
    .option("--pulumi <dir>", "also write a TypeScript Pulumi program declaring those objects, adopted")
    .option("--project <name>", "with --pulumi: the Pulumi project name")
    .option("--partners <file>", "also classify the partner domains listed in this file (see partners)")
    .option("--dns-server <address...>", "with --partners: resolvers to ask (default: the system's)")
    .option("--our-endpoint <host...>", "with --partners: our Exchange Online endpoint(s) to compare with")
    .action(async (opts: import("./commands/export").ExportFlags) => {
      const { runExportCommand } = await import("./commands/export");
      process.exitCode = await runExportCommand(opts);
    });

  program
    .command("import-onprem")
    .description("turn Exchange Management Shell JSON (the shipped script's, or Get-SendConnector / Get-ExchangeCertificate | ConvertTo-Json) into the world's onPremises")
    .argument("<files...>", "JSON files, UTF-8 or UTF-16")
    .requiredOption("--world <file>", "world file to update")
    .option("--egress <server=ipv4...>", "public IPv4 address(es) a server sends from, e.g. EX01=203.0.113.10 (Exchange does not store them)")
    .option("--tenant <id>", "the world tenant this organization is in hybrid with (default: the world's hybrid tenant)")
    .option("--name <name>", "name of the on-premises organization in the world")
    .action(async (files: string[], opts: import("./commands/import-onprem").ImportOnPremFlags) => {
      const { runImportOnPremCommand } = await import("./commands/import-onprem");
      process.exitCode = await runImportOnPremCommand(files, opts);
    });

  program
    .command("partners")
    .description("classify partner domains with live DNS as Exchange Online tenants (same EOP forest or not) or internet domains, and add them to the world (uncertain: an inference)")
    .argument("<domains...>", "partner domains")
    .requiredOption("--world <file>", "world file to update")
    .option("--tenant <id>", "our tenant in the world (default: the world's hybrid tenant)")
    .option("--our-endpoint <host...>", "our Exchange Online endpoint(s) (default: the MX of our domains)")
    .option("--dns-server <address...>", "resolvers to ask, e.g. 127.0.0.1:5353 (default: the system's)")
    .option("--json", "print the verdicts as JSON")
    .action(async (domains: string[], opts: import("./commands/partners").PartnersFlags) => {
      const { runPartnersCommand } = await import("./commands/partners");
      process.exitCode = await runPartnersCommand(domains, opts);
    });

  program
    .command("headers")
    .description("explain a real message from its headers: hops, tenant attributions, egress pool, SPF; exit 1 on a mandatory finding")
    .argument("<file>", "an .eml or a header block; - reads standard input")
    .option("--world <file>", "map tenants, compute SPF and predict the route with this world")
    .option("--live-dns", "compute the final SPF against what DNS publishes now")
    .option("--dns-server <address...>", "with --live-dns: resolvers to ask (default: the system's)")
    .option("--max-bytes <size>", "largest input read, e.g. 20M (default 2M)")
    .option("--json", "print one JSON object (see docs/headers.md)")
    .action(async (file: string, opts: HeadersFlags) => {
      process.exitCode = await runHeadersCommand(file, opts);
    });

  program
    .command("sources")
    .description("list the model's rules (R#), the public sources (S#) with links, and the documentation gaps (X#) that traces cite")
    .argument("[ids...]", "only these ids, e.g. R4 S14 X3")
    .option("--json", "print them as JSON")
    .action((ids: string[], opts: { json?: boolean }) => {
      process.stdout.write(sourcesListing(ids, opts.json ?? false));
    });

  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  process.exitCode = undefined;
  try {
    await program.parseAsync(argv, { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof InputError || error instanceof PreflightError || error instanceof AdoptError) {
      process.stderr.write(`error: ${error.message}\n`);
      return 2;
    }
    const code = (error as { code?: string; exitCode?: number }).code;
    if (typeof code === "string" && code.startsWith("commander.")) {
      return code === "commander.helpDisplayed" || code === "commander.version" || code === "commander.help" ? 0 : 2;
    }
    throw error;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`hybrid-mailflow: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
