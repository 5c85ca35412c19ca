/**
 * Colour for people at a terminal, plain text everywhere else: on only when the stream is a TTY, the
 * terminal is not "dumb" and NO_COLOR (https://no-color.org) is unset or empty; FORCE_COLOR turns it on
 * for CI logs that render ANSI.
 */
import { createColors } from "picocolors";

export type Colours = ReturnType<typeof createColors>;

export function colourEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "" && env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false") return true;
  return stream.isTTY === true && env.TERM !== "dumb";
}

export function coloursFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): Colours {
  return createColors(colourEnabled(stream, env));
}

/** No escape codes at all: for files and machine formats. */
export const plain: Colours = createColors(false);
