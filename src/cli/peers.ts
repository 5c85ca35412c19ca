/**
 * The Pulumi and Azure packages are optional peer dependencies, so an install for `check` stays light.
 * Commands that need them say which to install instead of failing with a module-not-found stack.
 */
import { InputError } from "../core/model/errors";

export function missingPeers(names: readonly string[], resolve: (name: string) => string = require.resolve): string[] {
  return names.filter((name) => {
    try {
      resolve(name);
      return false;
    } catch {
      return true;
    }
  });
}

export function requirePeers(command: string, names: readonly string[], resolve?: (name: string) => string): void {
  const missing = missingPeers(names, resolve);
  if (missing.length === 0) return;
  throw new InputError(command, [{ path: "", message: `needs ${missing.join(" and ")}, which ${missing.length > 1 ? "are" : "is"} not installed (optional peer dependencies of hybrid-mailflow); run: npm install ${missing.join(" ")}` }]);
}
