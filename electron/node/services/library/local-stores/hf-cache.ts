/**
 * GGUF files in the Hugging Face hub cache, laid out as huggingface_hub lays it out (huggingface.co/docs/hub/
 * local-cache and huggingface_hub docs/source/en/guides/manage-cache.md, read 2026-12-06):
 * `<cache>/models--<org>--<repo>/snapshots/<commit>/<file>`, where each file is a relative link to
 * `../../blobs/<etag>` (the etag of an LFS file is its SHA-256); with HF_HUB_DISABLE_SYMLINKS the files sit in
 * `snapshots/` themselves; shared Xet blobs are one more link to `<cache>/blobs/<prefix>/<xet hash>`.
 * A file counts only if it ends up inside the cache folder: links out of it are refused.
 */
import { readdir, readlink } from "node:fs/promises";
import path from "node:path";
import { containedFile } from "./contained-file.ts";

const maxEntriesPerLevel = 2000;
/** GGUFs in a repository sit at its top or a folder or two down (bartowski's split quantizations). */
const maxDepth = 3;

export interface HfCachedFile {
  /** `org/repo`. */
  repo: string;
  /** The path inside the repository. */
  file: string;
  commit: string;
  root: string;
  /** The real path of the blob. */
  blobPath: string;
  sizeBytes: number;
  mtimeMs: number;
  /** From the blob's name (the LFS etag) when it is a SHA-256; null when the cache stores plain files. */
  sha256: string | null;
}

async function entries(dir: string) {
  return (await readdir(dir, { withFileTypes: true }).catch(() => [])).slice(0, maxEntriesPerLevel);
}

async function ggufsUnder(dir: string, prefix: string, depth: number): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await entries(dir)) {
    const relative = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory() && depth < maxDepth) files.push(...(await ggufsUnder(path.join(dir, entry.name), relative, depth + 1)));
    else if ((entry.isSymbolicLink() || entry.isFile()) && entry.name.toLowerCase().endsWith(".gguf")) files.push(relative);
  }
  return files;
}

async function etagOf(file: string): Promise<string | null> {
  const target = await readlink(file).catch(() => null);
  const name = target === null ? "" : path.basename(target);
  return /^[0-9a-f]{64}$/.test(name) ? name : null;
}

export async function findHfCachedGgufs(root: string): Promise<HfCachedFile[]> {
  const found = new Map<string, HfCachedFile>();
  for (const repoDir of await entries(root)) {
    const match = /^models--([\w.-]+)--([\w.-]+)$/.exec(repoDir.name);
    if (!repoDir.isDirectory() || !match) continue;
    const snapshots = path.join(root, repoDir.name, "snapshots");
    for (const commitDir of await entries(snapshots)) {
      if (!commitDir.isDirectory()) continue;
      const snapshot = path.join(snapshots, commitDir.name);
      for (const file of await ggufsUnder(snapshot, "", 1)) {
        const link = path.join(snapshot, ...file.split("/"));
        const blob = await containedFile(link, root);
        if (!blob.ok || found.has(blob.realPath)) continue;
        found.set(blob.realPath, {
          repo: `${match[1]}/${match[2]}`,
          file,
          commit: commitDir.name,
          root,
          blobPath: blob.realPath,
          sizeBytes: blob.sizeBytes,
          mtimeMs: blob.mtimeMs,
          sha256: await etagOf(link),
        });
      }
    }
  }
  return [...found.values()];
}
