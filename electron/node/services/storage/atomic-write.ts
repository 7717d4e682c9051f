import { randomBytes } from "node:crypto";
import * as fsPromises from "node:fs/promises";
import path from "node:path";

/** The file operations an atomic write needs; tests pass wrappers that fail at a chosen step. */
export type AtomicWriteFs = Pick<typeof fsPromises, "open" | "rename" | "unlink">;

const tempMarker = ".tmp-";

/** True for the temp files `writeFileAtomic` leaves behind when it is killed mid-write. */
export function isAtomicTempFile(fileName: string): boolean {
  return fileName.startsWith(".") && fileName.includes(tempMarker);
}

/**
 * Replaces `filePath` so that a crash or power loss at any moment leaves either the previous version or
 * the new one, never a mix: write a temp file in the same folder, fsync it, rename it over the target
 * (atomic on POSIX), then fsync the folder so the rename itself is on disk.
 */
export async function writeFileAtomic(filePath: string, data: string | Uint8Array, fs: AtomicWriteFs = fsPromises): Promise<void> {
  const dir = path.dirname(filePath);
  const temp = path.join(dir, `.${path.basename(filePath)}${tempMarker}${process.pid}-${randomBytes(4).toString("hex")}`);
  try {
    const handle = await fs.open(temp, "wx", 0o600);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, filePath);
  } catch (error) {
    await fs.unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncFolder(dir, fs);
}

async function syncFolder(dir: string, fs: AtomicWriteFs): Promise<void> {
  let handle: fsPromises.FileHandle | undefined;
  try {
    handle = await fs.open(dir, "r");
    await handle.sync();
  } catch (error) {
    // Some file systems cannot fsync a folder; the rename has happened, so the write still counts.
    if (!isUnsupported(error)) throw error;
  } finally {
    await handle?.close();
  }
}

function isUnsupported(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === "EISDIR" || code === "EINVAL" || code === "ENOTSUP" || code === "EPERM";
}

/** Runs writes to the same file one after another, so an older snapshot never lands after a newer one. */
export class WriteQueue {
  private readonly tails = new Map<string, Promise<void>>();

  run(key: string, write: () => Promise<void>): Promise<void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(write);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }

  /** Resolves when every queued write has finished (or failed). */
  async idle(): Promise<void> {
    while (this.tails.size > 0) await Promise.all(this.tails.values());
  }
}
