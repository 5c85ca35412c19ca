/**
 * What stops `preflight` before any policy result exists: a program that cannot run, a policy pack
 * that cannot start or answer, bad flags. The CLI prints the message and exits 2, like bad input.
 */
export class PreflightError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PreflightError";
  }
}

/** The last lines a child process wrote, indented under an error message; empty when it wrote nothing. */
export function outputTail(text: string, lines = 40): string {
  // Colour codes a child wrote for a terminal only garble an error message.
  const kept = text.replace(/\x1b\[[0-9;]*m/g, "").trimEnd().split("\n").slice(-lines);
  return kept.length === 1 && kept[0] === "" ? "" : `\n${kept.map((l) => `  ${l}`).join("\n")}`;
}
