/** Small file helpers for the library services: atomic JSON, optional reads, hashing. */
import { createHash, type Hash } from "node:crypto";
import { createReadStream } from "node:fs";
import { open, rename, rm, stat } from "node:fs/promises";
import type { z } from "zod";
import { readContainedFile } from "../storage/contained-files.ts";

/** Sidecars and job files are a few hundred bytes; anything far bigger is not ours. */
const maxJsonFileBytes = 1024 * 1024;

/** Writes JSON through a temp file + fsync + rename, so a crash leaves the old or the new file, never half of one. */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  const handle = await open(temp, "w");
  try {
    await handle.writeFile(`${JSON.stringify(value, null, 2)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, path);
}

/** Parsed contents, or undefined when the file is missing, a link, too big or does not match the schema. */
export async function readJsonFile<S extends z.ZodType>(path: string, schema: S): Promise<z.output<S> | undefined> {
  const read = await readContainedFile(path, maxJsonFileBytes);
  if (!read.ok) return undefined;
  const text = read.bytes.toString("utf8");
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export async function fileSize(path: string): Promise<number | undefined> {
  try {
    const info = await stat(path);
    return info.isFile() ? info.size : undefined;
  } catch {
    return undefined;
  }
}

export async function removeIfExists(path: string): Promise<void> {
  await rm(path, { force: true });
}

/** Hashes a whole file (SHA-256), reporting bytes read. Returns the live Hash so more data can be appended. */
export async function hashFile(
  path: string,
  options: { signal?: AbortSignal; onBytes?: (bytes: number) => void } = {},
): Promise<{ hash: Hash; bytes: number }> {
  const hash = createHash("sha256");
  let bytes = 0;
  const stream = createReadStream(path, { highWaterMark: 1 << 20, ...(options.signal ? { signal: options.signal } : {}) });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
    options.onBytes?.(bytes);
  }
  return { hash, bytes };
}

export function isErrnoException(error: unknown, code?: string): error is NodeJS.ErrnoException {
  return error instanceof Error && "code" in error && (code === undefined || (error as NodeJS.ErrnoException).code === code);
}
