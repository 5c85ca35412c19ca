/**
 * Writes the TypeScript Pulumi program `export --pulumi` produces: the tenant's objects declared
 * with this package's resources at their live values, connectors and domains adopted rather than
 * created. It holds the tenant ID and cloud (not secrets); credentials stay in the environment.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { PlannedResource } from "../../core/adopt";
import type { CloudName } from "../../identity/clouds";
import { packageInfo } from "../../package-info";

export interface ProgramOptions {
  readonly projectName: string;
  readonly tenantId: string;
  readonly cloud: CloudName;
  readonly plan: readonly PlannedResource[];
  /** When the listing was read, for the header. */
  readonly readAt: Date;
}

export function programFiles(options: ProgramOptions): Record<string, string> {
  const pkg = packageInfo();
  const pulumiVersion = dependencyRange("@pulumi/pulumi");
  return {
    "Pulumi.yaml": [`name: ${options.projectName}`, "runtime: nodejs", `description: Exchange Online mail flow of tenant ${options.tenantId}, adopted by hybrid-mailflow export`, ""].join("\n"),
    "package.json": `${JSON.stringify(
      {
        name: options.projectName,
        private: true,
        main: "index.ts",
        dependencies: { "@pulumi/pulumi": pulumiVersion, "hybrid-mailflow": `^${pkg.version}` },
        devDependencies: { "@types/node": "^20.0.0", typescript: "~5.9.3" },
      },
      null,
      2,
    )}\n`,
    "tsconfig.json": `${JSON.stringify(
      {
        compilerOptions: { strict: true, outDir: "bin", target: "es2020", module: "commonjs", moduleResolution: "node", sourceMap: true, skipLibCheck: true, forceConsistentCasingInFileNames: true },
        files: ["index.ts"],
      },
      null,
      2,
    )}\n`,
    "index.ts": indexTs(options),
  };
}

export function writeProgram(dir: string, options: ProgramOptions): string[] {
  mkdirSync(dir, { recursive: true });
  const files = programFiles(options);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return Object.keys(files).map((f) => join(dir, f));
}

const CLASS: Record<PlannedResource["kind"], string> = {
  TenantDomain: "TenantDomain",
  AcceptedDomain: "AcceptedDomain",
  InboundConnector: "InboundConnector",
  OutboundConnector: "OutboundConnector",
};

function indexTs(options: ProgramOptions): string {
  const used = [...new Set(options.plan.map((r) => CLASS[r.kind]))].sort();
  const variables = new Map<string, string>();
  const lines = [
    "/**",
    ` * Written by \`hybrid-mailflow export\` on ${options.readAt.toISOString().slice(0, 10)} from tenant ${options.tenantId} (${options.cloud}).`,
    " * Every setting is declared at the value the tenant had, so `pulumi up` takes the objects over",
    " * (adopt) without a single write, and later runs correct drift. Objects made outside this stack",
    " * are retained on `pulumi destroy` (retainOnDelete); remove that option from one to manage its",
    " * deletion too. Credentials come from the environment (docs/exchange-and-graph.md), never from here.",
    " */",
    'import * as pulumi from "@pulumi/pulumi";',
    `import { ${used.join(", ")} } from "hybrid-mailflow";`,
    "",
    `const target = { tenantId: ${JSON.stringify(options.tenantId)}, cloud: ${JSON.stringify(options.cloud)} } as const;`,
    "const adopted: pulumi.CustomResourceOptions = { retainOnDelete: true };",
    "",
  ];
  for (const r of options.plan) {
    const variable = identifier(r.logicalName);
    const args = `{ ...target, ${Object.entries(r.args).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(", ")} }`;
    const depends = r.kind === "AcceptedDomain" && r.dependsOnDomain && variables.has(r.dependsOnDomain) ? `{ ...adopted, dependsOn: [${variables.get(r.dependsOnDomain)}] }` : "adopted";
    if (r.kind === "TenantDomain") {
      variables.set(r.args.domainName, variable);
      lines.push(`const ${variable} = new ${CLASS[r.kind]}(${JSON.stringify(r.logicalName)}, ${args}, ${depends});`);
    } else {
      lines.push(`new ${CLASS[r.kind]}(${JSON.stringify(r.logicalName)}, ${args}, ${depends});`);
    }
  }
  return `${lines.join("\n")}\n`;
}

function identifier(name: string): string {
  const camel = name.replace(/[^a-zA-Z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ""));
  return /^[a-zA-Z_]/.test(camel) ? camel : `r${camel}`;
}

function dependencyRange(name: string): string {
  try {
    const manifest = JSON.parse(readFileSync(join(packageInfo().root, "package.json"), "utf8")) as { dependencies?: Record<string, string> };
    return manifest.dependencies?.[name] ?? "^3.0.0";
  } catch {
    return "^3.0.0";
  }
}
