/**
 * The hostile-input corpus: every malformed or hostile world file and flag ends with exit 2 and an
 * error that names the file, field or flag, says what is wrong in the user's terms and the fix;
 * never zod's default wording, never a stack trace.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../support/run-cli";
import { ARG_CASES, FILE_CASES, VALID_WORLD, ZOD_DEFAULT_TEXT } from "./corpus";

const parseDocument = jest.fn();
jest.mock("yaml", () => {
  const actual = jest.requireActual("yaml");
  return { ...actual, parseDocument: (...args: unknown[]) => (parseDocument(...args), actual.parseDocument(...args)) };
});

let dir: string;
let world: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "hostile-"));
  world = join(dir, "valid.json");
  writeFileSync(world, JSON.stringify(VALID_WORLD));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function expectClearError(r: { code: number; out: string; err: string }, mentions: readonly (string | RegExp)[]): void {
  expect(r.code).toBe(2);
  for (const m of mentions) typeof m === "string" ? expect(r.err).toContain(m) : expect(r.err).toMatch(m);
  expect(r.err).toMatch(/^error: /);
  expect(r.err).not.toMatch(ZOD_DEFAULT_TEXT);
  expect(r.err).not.toMatch(/\n\s+at .+:\d+:\d+/);
}

it("the valid world of the corpus is valid", async () => {
  const r = await runCli(["check", world]);
  expect(r.err).toBe("");
  expect([0, 1]).toContain(r.code);
});

describe.each(FILE_CASES)("world file: $name", ({ file, body, mentions }) => {
  it("ends with exit 2 and a clear error", async () => {
    const path = join(dir, file);
    writeFileSync(path, body);
    expectClearError(await runCli(["check", path]), mentions);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe.each(ARG_CASES)("flags: $name", ({ args, mentions }) => {
  it("ends with exit 2 and names the flag", async () => {
    const resolved = args.map((a) => (a === "WORLD" ? world : a === "DIR" ? dir : a === "MISSING" ? join(dir, "missing.yaml") : a));
    expectClearError(await runCli([...resolved]), mentions);
  });
});

describe("what is read is bounded", () => {
  const saved = process.env.HYBRID_MAILFLOW_MAX_INPUT_MB;
  afterEach(() => {
    if (saved === undefined) delete process.env.HYBRID_MAILFLOW_MAX_INPUT_MB;
    else process.env.HYBRID_MAILFLOW_MAX_INPUT_MB = saved;
  });

  it("stops reading /dev/zero at the limit and says how to raise it", async () => {
    expectClearError(await runCli(["check", "/dev/zero"]), ["/dev/zero", "larger than 16 MB", "HYBRID_MAILFLOW_MAX_INPUT_MB"]);
  });

  it("takes the limit from HYBRID_MAILFLOW_MAX_INPUT_MB", async () => {
    process.env.HYBRID_MAILFLOW_MAX_INPUT_MB = "0.0005";
    expectClearError(await runCli(["check", world]), ["larger than 0", "HYBRID_MAILFLOW_MAX_INPUT_MB"]);
    process.env.HYBRID_MAILFLOW_MAX_INPUT_MB = "lots";
    expectClearError(await runCli(["check", world]), ['HYBRID_MAILFLOW_MAX_INPUT_MB: "lots" is not a size in megabytes']);
  });
});

it("parses JSON with the JSON parser, not the YAML parser", async () => {
  parseDocument.mockClear();
  const r = await runCli(["check", world]);
  expect([0, 1]).toContain(r.code);
  expect(parseDocument).not.toHaveBeenCalled();
  const yamlWorld = join(dir, "valid.yaml");
  writeFileSync(yamlWorld, "tenants:\n  - id: T\n    forest: EUR\n    acceptedDomains: [{domain: t.onmicrosoft.com}]\n");
  expect((await runCli(["check", yamlWorld])).code).toBe(0);
  expect(parseDocument).toHaveBeenCalledTimes(1);
});
