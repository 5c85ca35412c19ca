/**
 * Runs a program's `.ts` files without ts-node: each file is transpiled on `require` with the
 * `typescript` package's `transpileModule`, much as the Pulumi CLI's ts-node setup does but without type
 * checking (preflight is about the stack, not the types; `tsc` is the place for those).
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type * as TypeScript from "typescript";
import { moduleInternals } from "./node-module-internals";

/** The program's own TypeScript when it has one, else the one installed with hybrid-mailflow. */
function loadTypeScript(programDir: string): typeof TypeScript {
  try {
    return createRequire(join(programDir, "package.json"))("typescript") as typeof TypeScript;
  } catch {
    return require("typescript") as typeof TypeScript;
  }
}

/**
 * The program's tsconfig.json, as the Pulumi CLI's Node.js runtime reads it, with what a per-file
 * transpile to CommonJS requires on top. Module resolution plays no part in transpiling a single
 * file, so no value is imposed (a default of node10 is deprecated in TypeScript 6, TS5107) and the
 * user's is dropped (node16 or nodenext beside module CommonJS is TS5110). TypeScript 6 deprecates
 * options that 5.x programs still use (baseUrl, ES5 targets): deprecation is no concern of preflight's.
 */
function compilerOptions(ts: typeof TypeScript, programDir: string): TypeScript.CompilerOptions {
  const tsconfig = join(programDir, "tsconfig.json");
  let own: TypeScript.CompilerOptions = {};
  if (existsSync(tsconfig)) {
    const read = ts.readConfigFile(tsconfig, ts.sys.readFile);
    if (read.config?.compilerOptions) own = ts.convertCompilerOptionsFromJson(read.config.compilerOptions, programDir).options;
  }
  const { moduleResolution: _ignored, ...kept } = own;
  const major = Number(ts.versionMajorMinor.split(".")[0]);
  return {
    target: ts.ScriptTarget.ES2020,
    ...kept,
    ...(major >= 6 ? { ignoreDeprecations: `${major}.0` } : {}),
    module: ts.ModuleKind.CommonJS,
    verbatimModuleSyntax: false,
    sourceMap: false,
    inlineSourceMap: true,
    inlineSources: true,
    noEmit: false,
    declaration: false,
  };
}

export function registerTypeScript(programDir: string): void {
  const ts = loadTypeScript(programDir);
  const options = compilerOptions(ts, programDir);
  moduleInternals._extensions[".ts"] = (module, filename) => {
    const output = ts.transpileModule(readFileSync(filename, "utf8"), { compilerOptions: options, fileName: filename, reportDiagnostics: true });
    const errors = (output.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
    if (errors.length > 0) {
      const host = { getCanonicalFileName: (f: string) => f, getCurrentDirectory: () => programDir, getNewLine: () => "\n" };
      throw new SyntaxError(ts.formatDiagnostics(errors, host).trimEnd());
    }
    module._compile(output.outputText, filename);
  };
  // Stack traces then point into the .ts sources through the inline source maps.
  process.setSourceMapsEnabled(true);
}
