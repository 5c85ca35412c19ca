/**
 * User projects as users make them: the package comes from its own `npm pack` tarball, installed with
 * npm into a project folder. One install serves every project of a run (each project links its
 * `node_modules` to it) and is kept under .pulumi-cli/ for the next run while the tarball is the same.
 */
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import PULUMI_TEMPLATE from "../../support/pulumi-template-tsconfig.json";
import { REPO, run } from "./cli";

const CACHE = join(REPO, ".pulumi-cli", "e2e-workspace");

function versionOf(dependency: string): string {
  const lock = JSON.parse(readFileSync(join(REPO, "package-lock.json"), "utf8")) as { packages: Record<string, { version: string }> };
  return lock.packages[`node_modules/${dependency}`]!.version;
}

/** Packs the package as `npm publish` would (the build already ran), returning the tarball's path. */
export async function packTarball(into: string): Promise<string> {
  const packed = await run("npm", ["pack", "--ignore-scripts", "--silent", "--pack-destination", into], { cwd: REPO, env: process.env });
  if (packed.code !== 0) throw new Error(`npm pack failed:\n${packed.output}`);
  return join(into, packed.stdout.trim().split("\n").pop()!.trim());
}

/** The shared install for this tarball: `<dir>/node_modules` with hybrid-mailflow and what programs need. */
export async function installedWorkspace(tarball: string): Promise<string> {
  const key = createHash("sha256").update(readFileSync(tarball)).digest("hex").slice(0, 16);
  const dir = join(CACHE, key);
  if (existsSync(join(dir, "node_modules", "hybrid-mailflow", "package.json"))) return dir;
  if (existsSync(CACHE)) for (const old of readdirSync(CACHE)) rmSync(join(CACHE, old), { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(tarball, join(dir, "hybrid-mailflow.tgz"));
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify(
      {
        name: "hybrid-mailflow-e2e-workspace",
        private: true,
        dependencies: {
          "hybrid-mailflow": "file:hybrid-mailflow.tgz",
          // Optional peers of hybrid-mailflow that a Pulumi project installs beside it (README, Install).
          "@pulumi/pulumi": versionOf("@pulumi/pulumi"),
          "@pulumi/policy": versionOf("@pulumi/policy"),
          "@azure/identity": versionOf("@azure/identity"),
        },
        devDependencies: { typescript: versionOf("typescript"), "ts-node": "^10.9.2", "@types/node": versionOf("@types/node") },
      },
      null,
      2,
    ),
  );
  const installed = await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel", "error"], { cwd: dir, env: process.env, timeoutMs: 600_000 });
  if (installed.code !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`npm install of the packed package failed:\n${installed.output}`);
  }
  return dir;
}

export interface ProjectFiles {
  /** Pulumi.yaml's `name`. */
  readonly name: string;
  /** The program, `index.ts`. */
  readonly program: string;
  /** Extra files by relative path (e.g. a policy config). */
  readonly files?: Readonly<Record<string, string>>;
}

/** Pulumi's TypeScript template tsconfig, as `pulumi new typescript` writes it. */
const TEMPLATE_TSCONFIG = { ...PULUMI_TEMPLATE, files: ["index.ts"] };

export function createProject(parent: string, workspace: string, project: ProjectFiles): string {
  const dir = join(parent, project.name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "Pulumi.yaml"), `name: ${project.name}\nruntime: nodejs\ndescription: hybrid-mailflow end-to-end program\n`);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: project.name, private: true, main: "index.ts" }, null, 2));
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(TEMPLATE_TSCONFIG, null, 2));
  writeFileSync(join(dir, "index.ts"), project.program);
  for (const [file, text] of Object.entries(project.files ?? {})) writeFileSync(join(dir, file), text);
  symlinkSync(join(workspace, "node_modules"), join(dir, "node_modules"), "dir");
  return dir;
}

export function scratchDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `hmf-e2e-${prefix}-`));
}
