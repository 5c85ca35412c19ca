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
import type { PreflightFlags } from "./commands/preflight";
import { PreflightError } from "./preflight/errors";
import { GAPS, SOURCES } from "../core/sources";

function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function buildProgram(): Command {
  const program = new Command("hybrid-mailflow")
    .description("Check Exchange hybrid mail flow before it breaks: EOP tenant attribution, relay, tenant capture and SPF.")
    .showHelpAfterError()
    .exitOverride();

  program
    .command("simulate")
    .description("simulate the message of a scenario file (format v1) at its EOP hop")
    .argument("<file>", "scenario JSON or YAML")
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
    .argument("<world>", "world YAML or JSON")
    .option("--json", "print the report as JSON (stable, see README)")
    .option("--flows", "also list every simulated flow")
    .option("--report <file>", "also write the JSON report to a file")
    .option("--live-dns", "evaluate SPF against the records DNS publishes now instead of the file's")
    .option("--dns-server <address...>", "with --live-dns: resolvers to ask, e.g. 127.0.0.1:5353 (default: the system's)")
    .option("--dns-timeout <ms>", "with --live-dns: per-attempt resolver timeout in milliseconds (default 5000); a lookup that fails makes the exit status 3")
    .action(async (file: string, opts: CheckFlags) => {
      process.exitCode = await runCheckCommand(file, opts);
    });

  program
    .command("explain")
    .description("explain, step by step with sources, what EOP does with one message")
    .argument("<world>", "world YAML or JSON")
    .requiredOption("--from <address>", "P1 MAIL FROM; <> for the null sender (NDRs)")
    .requiredOption("--to <address...>", "P1 RCPT TO address(es)")
    .option("--ip <ipv4>", "public IPv4 address the sending server connects from")
    .option("--cert <name>", "subject of the certificate the sending server presents")
    .option("--san <names...>", "subject alternative names of that certificate")
    .option("--forest <name>", "EOP forest the connection lands in (default: the recipient tenant's)")
    .option("--mailbox <tenant>", "sent by a cloud mailbox of this tenant instead of a server")
    .addOption(new Option("--no-starttls", "the session was not encrypted"))
    .option("--json", "print the result as JSON")
    .action((world: string, opts: { from: string; to: string[]; ip?: string; cert?: string; san?: string[]; forest?: string; mailbox?: string; starttls: boolean; json?: boolean }) => {
      const result = explainMessage(world, opts);
      if (opts.json) printJson(result);
      else process.stdout.write(`${[...summarizeHop(result), "", "Why:", ...traceAsProse(result)].join("\n")}\n`);
    });

  program
    .command("route")
    .description("follow one message from an on-premises server (or a cloud mailbox) hop by hop to its recipient")
    .argument("<world>", "world YAML or JSON")
    .requiredOption("--from <address>", "P1 MAIL FROM; <> for the null sender (NDRs)")
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
      const { runPreflightCommand } = await import("./commands/preflight");
      process.exitCode = await runPreflightCommand(dir, opts);
    });

  program
    .command("sources")
    .description("list the public sources and documentation gaps the rules and traces cite")
    .action(() => {
      const lines = [...SOURCES.values()].map((s) => `${s.id.padEnd(4)} [${s.grade}] ${s.title}${s.url ? ` <${s.url}>` : ""}`);
      lines.push("", "Where public documentation is silent or contradictory:", ...[...GAPS.values()].map((g) => `${g.id.padEnd(4)} ${g.title}`));
      process.stdout.write(`${lines.join("\n")}\n`);
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
    if (error instanceof InputError || error instanceof PreflightError) {
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
