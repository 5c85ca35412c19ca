/**
 * Lets a program that has no node_modules of its own (an example in this repository, a directory
 * checked out without `npm install`) import `hybrid-mailflow`, `hybrid-mailflow/testing` and
 * hybrid-mailflow's own dependencies (`@pulumi/pulumi`, `@pulumi/azure-native`): what the program cannot
 * resolve itself is resolved from this package, which Node resolves to itself through package.json
 * `exports` (self-reference). Whatever the program has installed still wins.
 */
import { createRequire } from "node:module";
import { join } from "node:path";
import { moduleInternals, type ResolveFilename } from "./node-module-internals";

const isBareSpecifier = (request: string): boolean => !request.startsWith(".") && !request.startsWith("/") && !request.startsWith("node:") && !/^[A-Za-z]:[\\/]/.test(request);

export function resolveFromPackageAsFallback(packageRoot: string): void {
  const fromPackage = createRequire(join(packageRoot, "package.json"));
  const original: ResolveFilename = moduleInternals._resolveFilename;
  moduleInternals._resolveFilename = function (request, parent, isMain, options) {
    try {
      return original.call(this, request, parent, isMain, options);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND" || !isBareSpecifier(request)) throw error;
      try {
        return fromPackage.resolve(request);
      } catch {
        throw error;
      }
    }
  };
}
