#!/usr/bin/env node
/**
 * The package as a user gets it: `npm pack`, installed into fresh projects in a temporary folder.
 *  - light: the tarball alone (the Pulumi and Azure packages are optional peers): `check` runs from the
 *    installed bin on the shipped sample world, and `hybrid-mailflow/core` type-checks;
 *  - full: with the peers, a program importing every entry point plus the shipped examples and the
 *    docs' code sample type-checks WITHOUT skipLibCheck under TypeScript 5.9 and the current 6.x, with
 *    Pulumi's template tsconfig, `tsc --init`'s defaults (ESM) and node16 modules.
 * Installs come from the npm registry (or its cache), so this takes a minute or two: it is `npm run
 * test:package`, which .ci/run calls, not part of jest.
 */
"use strict";
const { execFileSync, spawnSync } = require("node:child_process");
const { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync, existsSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");

const root = join(__dirname, "..", "..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const work = mkdtempSync(join(tmpdir(), "hmf-package-"));
const failures = [];
const started = Date.now();

function log(line) {
  process.stdout.write(`${line}\n`);
}

function sh(cmd, args, cwd, extraEnv = {}) {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", env: { ...process.env, ...extraEnv } });
  return { status: r.status, out: `${r.stdout ?? ""}${r.stderr ?? ""}` };
}

function expect(name, ok, detail = "") {
  log(`${ok ? "ok  " : "FAIL"} ${name}`);
  if (!ok) {
    failures.push(name);
    if (detail) log(detail.split("\n").slice(0, 40).map((l) => `     ${l}`).join("\n"));
  }
}

function npmInstall(cwd, specs) {
  const r = sh(npm, ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", ...specs], cwd);
  if (r.status !== 0) throw new Error(`npm install ${specs.join(" ")} failed in ${cwd}:\n${r.out}`);
}

function project(dir, packageJson) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), `${JSON.stringify({ name: "user-project", private: true, ...packageJson }, null, 2)}\n`);
  return dir;
}

function duMegabytes(dir) {
  const r = sh("du", ["-sm", dir], dir);
  return r.status === 0 ? Number(r.out.split(/\s+/)[0]) : NaN;
}

/** The first ```ts block of a Markdown file. */
function tsBlock(file) {
  const m = /```ts\n([\s\S]*?)```/.exec(readFileSync(join(root, file), "utf8"));
  if (!m) throw new Error(`no ts block in ${file}`);
  return m[1];
}

const USER_PROGRAM = `import * as mailflow from "hybrid-mailflow";
import * as core from "hybrid-mailflow/core";
import * as testing from "hybrid-mailflow/testing";
import * as policy from "hybrid-mailflow/policy";

const world: mailflow.World = core.parseWorld({ tenants: [{ id: "T", forest: "EUR", acceptedDomains: [{ domain: "t.onmicrosoft.com" }] }] });
const report: core.CheckReport = core.runCheck(world);
const policies = policy.hybridMailflowPolicies();
export const summary = [report.blocking, policies.length, typeof testing, mailflow.ALL_RULES.length];
`;

/** Pulumi's TypeScript template tsconfig (pulumi/templates, typescript/tsconfig.json). */
const PULUMI_TEMPLATE = require("../support/pulumi-template-tsconfig.json");

function writeSources(dir, files) {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return Object.keys(files);
}

function typeCheck(label, dir, tsc, extraArgs = []) {
  const r = sh(process.execPath, [tsc, "--noEmit", "-p", dir, "--pretty", "false", ...extraArgs], dir);
  expect(`${label}: tsc --noEmit passes without skipLibCheck`, r.status === 0, r.out);
}

try {
  log(`packing ${pkg.name}@${pkg.version} ...`);
  const packOut = execFileSync(npm, ["pack", "--ignore-scripts", "--json", "--pack-destination", work], { cwd: root, encoding: "utf8" });
  const packed = JSON.parse(packOut)[0];
  const tarball = join(work, packed.filename);
  const files = packed.files.map((f) => f.path);
  expect("the package ships LICENSE, the sample worlds and the format reference", ["LICENSE", "examples/worlds/firma-hybrid.yaml", "examples/worlds/firma-fixed.yaml", "test/scenarios/FORMAT.md", "docs/attribution-model.md"].every((f) => files.includes(f)), files.join("\n"));
  const maps = files.filter((f) => f.endsWith(".map"));
  const dangling = [];
  for (const map of maps) {
    const { sources, sourceRoot = "" } = JSON.parse(readFileSync(join(root, map), "utf8"));
    for (const s of sources) {
      const target = join(map, "..", sourceRoot, s).split("\\").join("/");
      if (!files.includes(target)) dangling.push(`${map} -> ${target}`);
    }
  }
  expect(`every source map (${maps.length}) points at a shipped source`, dangling.length === 0, dangling.slice(0, 10).join("\n"));

  // Light: the checker alone.
  const light = project(join(work, "light"), {});
  npmInstall(light, [tarball]);
  const peers = Object.keys(pkg.peerDependencies ?? {});
  const installedPeers = peers.filter((p) => existsSync(join(light, "node_modules", p)));
  expect("a plain install leaves out the optional Pulumi and Azure peers", installedPeers.length === 0, installedPeers.join(", "));
  log(`     light install: ${duMegabytes(join(light, "node_modules"))} MB in node_modules`);
  const bin = join(light, "node_modules", ".bin", "hybrid-mailflow");
  const world = join(light, "node_modules", "hybrid-mailflow", "examples", "worlds", "firma-fixed.yaml");
  const check = sh(bin, ["check", world], light);
  expect("check runs from the installed bin on the shipped sample world", check.status === 0 && check.out.includes("Result: OK."), check.out);
  const version = sh(bin, ["--version"], light);
  expect("--version prints the package version", version.out.trim() === pkg.version, version.out);
  const preflight = sh(bin, ["preflight", "."], light);
  expect("preflight without the peers says what to install", preflight.status === 2 && preflight.out.includes("npm install @pulumi/pulumi @pulumi/policy"), preflight.out);
  writeSources(light, { "check.ts": `import { parseWorld, runCheck } from "hybrid-mailflow/core";\nexport const blocking: boolean = runCheck(parseWorld({})).blocking;\n` });
  writeFileSync(join(light, "tsconfig.json"), JSON.stringify({ compilerOptions: { ...PULUMI_TEMPLATE.compilerOptions, types: [] }, files: ["check.ts"] }));
  typeCheck("light, hybrid-mailflow/core, TypeScript 5.9 (the package's own)", light, join(light, "node_modules", "typescript", "bin", "tsc"));

  // Full: a Pulumi project with the peers, TypeScript 5.9 and 6.x.
  const full = project(join(work, "full"), {});
  const peerSpecs = peers.map((p) => `${p}@${pkg.peerDependencies[p]}`);
  npmInstall(full, [tarball, ...peerSpecs, `typescript@${pkg.dependencies.typescript}`, "@types/node@20"]);
  const ts6dir = project(join(work, "ts6"), {});
  npmInstall(ts6dir, ["typescript@6"]);
  const compilers = [
    ["TypeScript 5.9", join(full, "node_modules", "typescript", "bin", "tsc")],
    [`TypeScript ${JSON.parse(readFileSync(join(ts6dir, "node_modules", "typescript", "package.json"), "utf8")).version}`, join(ts6dir, "node_modules", "typescript", "bin", "tsc")],
  ];
  const sources = { "index.ts": USER_PROGRAM, "docs-sample.ts": tsBlock("docs/exchange-and-graph.md") };
  for (const ex of readdirSync(join(root, "examples"), { withFileTypes: true })) {
    if (ex.isDirectory() && existsSync(join(root, "examples", ex.name, "index.ts"))) sources[`example-${ex.name}.ts`] = readFileSync(join(root, "examples", ex.name, "index.ts"), "utf8");
  }

  const layouts = {
    // CommonJS, node10 resolution: what `pulumi new typescript` writes.
    "pulumi-template": (dir, names) => {
      writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ ...PULUMI_TEMPLATE, files: names }, null, 2));
    },
    node16: (dir, names) => {
      writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, target: "es2022", module: "node16", moduleResolution: "node16", outDir: "bin" }, files: names }, null, 2));
    },
  };
  for (const [name, layout] of Object.entries(layouts)) {
    const dir = join(full, name);
    mkdirSync(dir);
    layout(dir, writeSources(dir, sources));
    for (const [label, tsc] of compilers) {
      // TypeScript 6 deprecates moduleResolution node10, which Pulumi's template sets; that is the template's, not ours.
      const extra = name === "pulumi-template" && !label.includes("5.9") ? ["--ignoreDeprecations", "6.0"] : [];
      typeCheck(`${name}, ${label}${extra.length ? " (--ignoreDeprecations 6.0 for the template's node10)" : ""}`, dir, tsc, extra);
    }
  }
  // preflight compiles the program with the program's own TypeScript: TypeScript 6 without a tsconfig
  // (no deprecated node10 imposed: TS5107) and a node16 tsconfig (no CommonJS clash: TS5110).
  for (const scope of ["hybrid-mailflow", "@pulumi"]) symlinkSync(join(full, "node_modules", scope), join(ts6dir, "node_modules", scope), "dir");
  const onprem = readFileSync(join(root, "examples", "onprem-mx-certificate", "index.ts"), "utf8");
  const preflightLayouts = { "no tsconfig": null, "node16 tsconfig": { compilerOptions: { strict: true, target: "es2022", module: "node16", moduleResolution: "node16" } } };
  for (const [label, tsconfig] of Object.entries(preflightLayouts)) {
    const dir = join(ts6dir, `program-${label.replace(/\W+/g, "-")}`);
    mkdirSync(dir);
    writeFileSync(join(dir, "Pulumi.yaml"), "name: ts6-program\nruntime: nodejs\n");
    writeFileSync(join(dir, "index.ts"), onprem);
    if (tsconfig) writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(tsconfig));
    const r = sh(process.execPath, [join(full, "node_modules", "hybrid-mailflow", "dist", "src", "cli", "main.js"), "preflight", "."], dir);
    expect(`preflight with ${compilers[1][0]}, ${label}`, r.status === 0 && !/TS5107|TS5110/.test(r.out), r.out);
  }

  // `tsc --init` of each compiler, in an ES module project, with skipLibCheck turned off.
  for (const [label, tsc] of compilers) {
    const dir = join(full, `init-${label.replace(/\W+/g, "-")}`);
    project(dir, { type: "module" });
    writeSources(dir, { "index.ts": USER_PROGRAM });
    execFileSync(process.execPath, [tsc, "--init"], { cwd: dir, encoding: "utf8" });
    const config = readFileSync(join(dir, "tsconfig.json"), "utf8");
    writeFileSync(join(dir, "tsconfig.json"), /"skipLibCheck":\s*true/.test(config) ? config.replace(/"skipLibCheck":\s*true/, '"skipLibCheck": false') : config);
    typeCheck(`tsc --init (${label}), ES module project`, dir, tsc);
  }
} catch (error) {
  failures.push(String(error instanceof Error ? error.message : error));
  log(`FAIL ${error instanceof Error ? error.message : String(error)}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

log(`\npackage checks: ${failures.length === 0 ? "all passed" : `${failures.length} failed`} (${Math.round((Date.now() - started) / 1000)} s)`);
process.exitCode = failures.length === 0 ? 0 : 1;
