/**
 * Pulumi serializes a dynamic provider into state and rebuilds it in a separate process. Its
 * serializer copies local code by value and loses class field initializers on the way, so the
 * providers here capture nothing but a module specifier and `require` the real code at run time.
 *
 * Installed from a registry, the specifier is the package path (portable across machines). Run from
 * a source checkout (the config-driven root program), it is a path relative to the program's folder,
 * which is the working directory of both the program and the provider process Pulumi starts for it,
 * so state stays usable after the checkout moves (a CI agent, a renamed folder). `loadable` turns it
 * back into something `require` takes; the providers inline that test, since only what a closure
 * holds survives serialization.
 */
import { relative, sep } from "node:path";

export function moduleSpecifier(resolvedPath: string, programDir: string = process.cwd()): string {
  const normalized = resolvedPath.split(sep).join("/");
  const marker = "/node_modules/";
  const at = normalized.lastIndexOf(marker);
  if (at >= 0) return normalized.slice(at + marker.length).replace(/\.js$/, "");
  const fromProgram = relative(programDir, resolvedPath).split(sep).join("/").replace(/\.js$/, "");
  return fromProgram.startsWith("../") ? fromProgram : `./${fromProgram}`;
}
