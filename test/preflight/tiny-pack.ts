/**
 * A throw-away policy pack for the analyzer client's tests: a directory with PulumiPolicy.yaml,
 * package.json and index.js whose node_modules is a link to this repository's, so it runs on the same
 * @pulumi/policy as the real pack. Its policies echo what they were given, so tests can see it.
 */
import { mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(__dirname, "../..");

const INDEX = `
if (process.env.TINY_STARTED_FILE) require("fs").writeFileSync(process.env.TINY_STARTED_FILE, String(process.pid));
if (process.env.TINY_CRASH_ON_START) throw new Error("tiny pack refuses to start");
const { PolicyPack } = require("@pulumi/policy");
new PolicyPack("tiny", {
  enforcementLevel: "advisory",
  policies: [
    {
      name: "no-open-relay",
      description: "Connectors must not relay for anyone.",
      validateResource: (args, report) => {
        if (args.props.open === true) report(args.name + " relays for anyone");
      },
    },
    {
      name: "max-resources",
      description: "Stacks stay small.",
      enforcementLevel: "mandatory",
      severity: "high",
      configSchema: { properties: { max: { type: "number", default: 3 } } },
      validateStack: (args, report) => {
        if (args.resources.some((r) => r.props.crash)) process.exit(7);
        const { max } = args.getConfig();
        if (args.resources.length > max) report(args.resources.length + " resources, more than " + max);
        for (const r of args.resources) {
          if (r.props.prefix && r.props.prefix.startsWith("x")) {
            const parent = r.parent ? r.parent.name : "nothing";
            const deps = r.dependencies.map((d) => d.name).join(",") || "nothing";
            report(r.name + " (child of " + parent + ", depends on " + deps + ") has prefix " + r.props.prefix, r.urn);
          }
        }
      },
    },
    {
      name: "environment",
      description: "Shows what the pack was started with.",
      validateStack: (args, report) => {
        if (process.env.TINY_MARK) report([process.env.TINY_MARK, process.env.PULUMI_NODEJS_STACK, process.env.PULUMI_CONFIG, process.cwd()].join(" | "));
      },
    },
  ],
});
`;

export interface TinyPackOptions {
  /** Extra PulumiPolicy.yaml lines, e.g. a version that overrides package.json's. */
  readonly policyYaml?: string;
  /** Without node_modules the pack cannot find @pulumi/policy. */
  readonly linkNodeModules?: boolean;
}

export function createTinyPack(options: TinyPackOptions = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "hmf-tiny-pack-"));
  writeFileSync(join(dir, "PulumiPolicy.yaml"), `runtime: nodejs\ndescription: A tiny pack for tests.\n${options.policyYaml ?? ""}`);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "tiny-pack", version: "1.2.3", main: "index.js" }));
  writeFileSync(join(dir, "index.js"), INDEX);
  if (options.linkNodeModules ?? true) symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  return dir;
}
