/**
 * Pulumi serializes a dynamic provider into state and rebuilds it in a separate process. Its
 * serializer copies local code by value and loses class field initializers on the way, so the
 * providers here capture nothing but a module specifier and `require` the real code at run
 * time: the package path when installed from a registry (portable across machines), else the
 * file's absolute path (a source checkout on the machine that runs Pulumi).
 */
import { sep } from "node:path";

export function moduleSpecifier(resolvedPath: string): string {
  const normalized = resolvedPath.split(sep).join("/");
  const marker = "/node_modules/";
  const at = normalized.lastIndexOf(marker);
  return at >= 0 ? normalized.slice(at + marker.length).replace(/\.js$/, "") : resolvedPath;
}
