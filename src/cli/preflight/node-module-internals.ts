/**
 * The two undocumented hooks of Node's CommonJS loader that every require-time compiler (ts-node,
 * @babel/register) and resolver shim relies on; typed here once.
 */
import Module from "node:module";

export interface CompilableModule {
  _compile(code: string, filename: string): void;
}

export type ResolveFilename = (this: unknown, request: string, parent: unknown, isMain: boolean, options?: unknown) => string;

export const moduleInternals = Module as unknown as {
  _extensions: Record<string, (module: CompilableModule, filename: string) => void>;
  _resolveFilename: ResolveFilename;
};
