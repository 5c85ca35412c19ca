/**
 * Writes a long output piece by piece: to a stream, waiting whenever it asks to (a slow pipe must
 * not make the whole output pile up in memory), or to a file.
 */
import { once } from "node:events";
import { closeSync, openSync, writeSync } from "node:fs";

const BATCH = 1 << 16;

function* batched(chunks: Iterable<string>): Generator<string> {
  let buffer = "";
  for (const chunk of chunks) {
    buffer += chunk;
    if (buffer.length >= BATCH) {
      yield buffer;
      buffer = "";
    }
  }
  if (buffer !== "") yield buffer;
}

export async function writeChunks(chunks: Iterable<string>, stream: NodeJS.WritableStream = process.stdout): Promise<void> {
  for (const piece of batched(chunks)) {
    if (!stream.write(piece)) await once(stream, "drain");
  }
}

export function writeChunksToFile(path: string, chunks: Iterable<string>): void {
  const fd = openSync(path, "w");
  try {
    for (const piece of batched(chunks)) writeSync(fd, piece);
  } finally {
    closeSync(fd);
  }
}
