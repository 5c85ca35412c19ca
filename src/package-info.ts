/**
 * Where this package is installed and its version, found by walking up from the compiled file: the
 * same code runs from `src/` under ts-jest and from `dist/src/` when installed, at different depths.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

export interface PackageInfo {
  readonly root: string;
  readonly name: string;
  readonly version: string;
}

let cached: PackageInfo | undefined;

export function packageInfo(): PackageInfo {
  if (cached) return cached;
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const file = join(dir, "package.json");
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "hybrid-mailflow") return (cached = { root: dir, name: pkg.name, version: pkg.version ?? "0.0.0" });
    }
    if (dirname(dir) === dir) throw new Error(`hybrid-mailflow: cannot find the package's package.json above ${__dirname}`);
  }
}
