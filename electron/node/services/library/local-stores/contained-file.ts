/** A file found in another program's store is used only if it really is a file inside that store. */
import { lstat, realpath, stat } from "node:fs/promises";
import path from "node:path";

export type ContainedFile = { ok: true; realPath: string; sizeBytes: number; mtimeMs: number } | { ok: false; problem: "missing" | "outside" | "not-a-file" };

/**
 * Follows links (Hugging Face's snapshots are links into blobs/), then checks that the target is a regular file
 * whose real path lies under the store's real root: a link pointing out of the store is refused.
 */
export async function containedFile(file: string, root: string): Promise<ContainedFile> {
  const [realRoot, realFile] = await Promise.all([realpath(root).catch(() => null), realpath(file).catch(() => null)]);
  if (realRoot === null || realFile === null) return { ok: false, problem: "missing" };
  const relative = path.relative(realRoot, realFile);
  if (relative === "" || relative.startsWith("..") || path.isAbsolute(relative)) return { ok: false, problem: "outside" };
  const info = await stat(realFile).catch(() => null);
  if (!info?.isFile()) return { ok: false, problem: info ? "not-a-file" : "missing" };
  return { ok: true, realPath: realFile, sizeBytes: info.size, mtimeMs: info.mtimeMs };
}

/** lstat that answers null instead of throwing. */
export const lstatOrNull = (file: string) => lstat(file).catch(() => null);
