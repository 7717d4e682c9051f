import { constants } from "node:fs";
import { lstat, mkdir, open, readlink } from "node:fs/promises";

/**
 * Reading the data folder without being led out of it: a link planted in `chats/` or `models/`, or a `chats` folder
 * that is itself a link, would otherwise make the app read (and show) or write files anywhere the user can.
 */

export type FolderCheck = { ok: true } | { ok: false; reason: string };

/** A folder of the data folder: created when missing; a link (to anywhere) or a non-folder is refused, not used. */
export async function checkDataSubfolder(dir: string): Promise<FolderCheck> {
  const info = await lstat(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (!info) {
    await mkdir(dir, { recursive: true });
    return { ok: true };
  }
  if (info.isSymbolicLink()) {
    const target = await readlink(dir).catch(() => "somewhere else");
    return { ok: false, reason: `It is a link to ${target}: Edge Gemma keeps its files inside its own data folder and does not follow links out of it` };
  }
  if (!info.isDirectory()) return { ok: false, reason: "It is not a folder" };
  return { ok: true };
}

export type ContainedRead = { ok: true; bytes: Buffer } | { ok: false; reason: string };

// O_NOFOLLOW: a link is refused by the kernel (ELOOP) instead of followed, with no window between a check and the
// open. O_NONBLOCK: a FIFO planted under a chat's name cannot block the read forever.
const readFlags = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/** Reads a regular file that is not a link, up to `maxBytes`; anything else is a reason, never an exception. */
export async function readContainedFile(file: string, maxBytes: number): Promise<ContainedRead> {
  let handle;
  try {
    handle = await open(file, readFlags);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ELOOP") return { ok: false, reason: "It is a link: Edge Gemma does not follow links out of its data folder" };
    return { ok: false, reason: `Could not read the file: ${(error as Error).message}` };
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return { ok: false, reason: "It is not a regular file" };
    if (info.size > maxBytes) return { ok: false, reason: `It is ${info.size} bytes, more than the ${maxBytes} allowed` };
    const bytes = Buffer.alloc(info.size);
    const { bytesRead } = await handle.read(bytes, 0, info.size, 0);
    return { ok: true, bytes: bytes.subarray(0, bytesRead) };
  } catch (error) {
    return { ok: false, reason: `Could not read the file: ${(error as Error).message}` };
  } finally {
    await handle.close();
  }
}
