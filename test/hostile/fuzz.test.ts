/**
 * Fuzzes the world loader and the CLI: structure-aware mutations of a valid world (values replaced
 * by hostile ones, fields dropped or added) and text-level mutations of its YAML (anchors, aliases,
 * brackets, tabs, special floats). Seeded and bounded, so it runs in the normal test run and a
 * failure replays. Every run must end with exit 0 or 1 (a finding), or exit 2 with an error naming
 * the file and the field, in the user's words, without a stack trace; and the whole batch runs in
 * a child process under a small heap and a hard time bound, so runaway memory or time fails it.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { stringify } from "yaml";
import { VALID_WORLD, ZOD_DEFAULT_TEXT } from "./corpus";

const SEED = 16_2026;
const RUNS = 240;
const root = join(__dirname, "../..");

type Path = readonly (string | number)[];

function pathsOf(value: unknown, prefix: Path = []): Path[] {
  const out: Path[] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...pathsOf(v, [...prefix, i])));
  else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...prefix, k]));
  return out;
}
const PATHS = pathsOf(VALID_WORLD).filter((p) => p.length > 0);

const hostileScalar = fc.oneof(
  fc.string({ maxLength: 24 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 1e308, 65536, -1),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom("", " ", "*", "*.", "a.*.b", "smtp:x.example;1", "300.1.1.1", "198.51.100.0/33", "a@b@c", "__proto__", "constructor", "OnPremises ", "on-premises", "\u0000", "x".repeat(300)),
);
const hostileValue = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small", withCrossShrink: true }, hostileScalar, fc.array(tie("value"), { maxLength: 4 }), fc.dictionary(fc.constantFrom("name", "domain", "__proto__", "x", "enabled", "tenant"), tie("value"), { maxKeys: 3 })),
})).value;

type Mutation = { kind: "set"; path: Path; value: unknown } | { kind: "delete"; path: Path } | { kind: "add"; path: Path; key: string; value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("set" as const), path: fc.constantFrom(...PATHS), value: hostileValue }),
  fc.record({ kind: fc.constant("delete" as const), path: fc.constantFrom(...PATHS) }),
  fc.record({ kind: fc.constant("add" as const), path: fc.constantFrom(...PATHS), key: fc.constantFrom("__proto__", "constructor", "extra", "Name"), value: hostileValue }),
);

function apply(world: unknown, m: Mutation): unknown {
  if (m.path.length === 0) return world;
  const parent = m.path.slice(0, -1).reduce<unknown>((v, k) => (v as Record<string | number, unknown>)?.[k], world) as Record<string | number, unknown> | undefined;
  if (parent === null || typeof parent !== "object") return world;
  const key = m.path[m.path.length - 1]!;
  if (m.kind === "set") Object.defineProperty(parent, key, { value: m.value, enumerable: true, writable: true, configurable: true });
  else if (m.kind === "delete") Array.isArray(parent) ? parent.splice(Number(key), 1) : delete parent[key];
  else {
    const target = parent[key];
    if (target !== null && typeof target === "object") Object.defineProperty(target, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
  }
  return world;
}

const TOKENS = ["&a ", "*a", "<<: *a\n", "[", "]", "{", "}", ": ", "- ", "\t", ".nan", ".inf", "!!binary ", "!!js/function ", '"', "'", "\n  ", "\n", "#", "%YAML 1.1\n", "---\n", "? ", "|", ">"];
const yamlText = stringify(VALID_WORLD);
const textMutation = fc.array(fc.record({ at: fc.nat({ max: yamlText.length }), token: fc.constantFrom(...TOKENS), repeat: fc.integer({ min: 1, max: 300 }) }), { minLength: 1, maxLength: 4 });

/** The generated inputs: file name and contents. Seeded, so the same files every run. */
function corpus(): Array<{ file: string; body: string }> {
  const structural = fc.sample(fc.tuple(fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.boolean()), { seed: SEED, numRuns: RUNS / 2 });
  const textual = fc.sample(textMutation, { seed: SEED + 1, numRuns: RUNS / 2 });
  const files: Array<{ file: string; body: string }> = [];
  structural.forEach(([mutations, asYaml], i) => {
    const world = mutations.reduce<unknown>((w, m) => apply(w, m), JSON.parse(JSON.stringify(VALID_WORLD)));
    // NaN and infinity survive only in YAML (.nan, .inf); JSON.stringify would turn them into null.
    files.push({ file: `s${i}.${asYaml ? "yaml" : "json"}`, body: asYaml ? stringify(world) : JSON.stringify(world) });
  });
  textual.forEach((edits, i) => {
    let text = yamlText;
    for (const e of [...edits].sort((a, b) => b.at - a.at)) text = text.slice(0, e.at) + e.token.repeat(e.repeat) + text.slice(e.at);
    files.push({ file: `t${i}.yaml`, body: text });
  });
  return files;
}

/** Runs `check` on every file inside one process, so the heap limit bounds the whole batch. */
const RUNNER = `
const { main } = require(${JSON.stringify(join(root, "dist/src/cli/main.js"))});
const files = JSON.parse(process.argv[1]);
const results = [];
(async () => {
  for (const file of files) {
    let out = "", err = "";
    const o = process.stdout.write, e = process.stderr.write;
    process.stdout.write = (c) => ((out += String(c)), true);
    process.stderr.write = (c) => ((err += String(c)), true);
    let code, crash;
    try { code = await main(["check", file]); } catch (x) { crash = String(x && x.stack || x); }
    finally { process.stdout.write = o; process.stderr.write = e; }
    results.push({ file, code, err: err.slice(0, 4000), crash });
  }
  require("fs").writeFileSync(process.argv[2], JSON.stringify(results));
})();
`;

it("every mutated world ends with a clear result, in bounded time and memory", () => {
  const dir = mkdtempSync(join(tmpdir(), "fuzz-"));
  try {
    const files = corpus().map(({ file, body }) => {
      const path = join(dir, file);
      writeFileSync(path, body);
      return path;
    });
    const resultsFile = join(dir, "results.json");
    const r = spawnSync(process.execPath, ["--max-old-space-size=192", "-e", RUNNER, JSON.stringify(files), resultsFile], {
      encoding: "utf8",
      // A bound, not a measurement: the batch takes a few seconds; a hang or a runaway parse ends here.
      timeout: 240_000,
      env: { ...process.env, NODE_OPTIONS: "" },
    });
    expect(r.error).toBeUndefined();
    expect(r.signal).toBeNull();
    expect(r.status).toBe(0);
    const results = JSON.parse(readFileSync(resultsFile, "utf8")) as Array<{ file: string; code?: number; err: string; crash?: string }>;
    expect(results).toHaveLength(RUNS);
    const problems = results.filter((x) => {
      if (x.crash !== undefined) return true;
      if (x.code === 0 || x.code === 1) return x.err !== "";
      if (x.code !== 2) return true;
      const name = x.file.split("/").pop()!;
      return !x.err.startsWith(`error: ${x.file} is not valid:\n`) || !/\n {2}- [^\n]+: [^\n]+/.test(x.err) || ZOD_DEFAULT_TEXT.test(x.err) || /\n\s+at .+:\d+:\d+/.test(x.err) || !name;
    });
    expect(problems.map((p) => ({ file: p.file.split("/").pop(), code: p.code, err: p.err, crash: p.crash?.split("\n").slice(0, 3).join(" | ") }))).toEqual([]);
    // The corpus is hostile enough to matter: most inputs are rejected, some still pass.
    expect(results.filter((x) => x.code === 2).length).toBeGreaterThan(RUNS / 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
