/**
 * GGUF model blobs in an Ollama models folder, read the way Ollama itself lays them out
 * (github.com/ollama/ollama @ fb30760, read 2026-12-06):
 * - manifest/manifest.go `Manifests()`: manifests are the files at `manifests/<host>/<namespace>/<model>/<tag>`
 *   (types/model/name.go `Filepath()`; the defaults are host `registry.ollama.ai`, namespace `library`);
 * - manifest/manifest.go `Manifest` / manifest/layer.go `Layer`: JSON `{schemaVersion, mediaType, config, layers:
 *   [{mediaType, digest, size}]}`; the weights are the layer of type `application/vnd.ollama.image.model`
 *   (server/create.go);
 * - manifest/paths.go `BlobsPath()`: a digest must match `^sha256[:-][0-9a-fA-F]{64}$` and its blob is
 *   `blobs/sha256-<hex>` (the ":" written as "-").
 * Everything here is untrusted: bad manifests, blobs that are missing, of the wrong size or linked out of the
 * folder are skipped, never followed.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { containedFile, lstatOrNull } from "./contained-file.ts";

export const ollamaModelMediaType = "application/vnd.ollama.image.model";
const defaultHost = "registry.ollama.ai";
const defaultNamespace = "library";
/** Ollama's manifests are a few hundred bytes; anything this big is not one. */
const maxManifestBytes = 256 * 1024;
/** Per folder level, so a hostile tree can't make the scan endless. */
const maxEntriesPerLevel = 2000;

const layerSchema = z.object({
  mediaType: z.string().max(200),
  digest: z.string().regex(/^sha256[:-][0-9a-fA-F]{64}$/),
  size: z.number().int().nonnegative(),
});
const manifestSchema = z.object({ schemaVersion: z.number().optional(), layers: z.array(z.unknown()).max(10_000) });

export interface OllamaModelBlob {
  /** As `ollama list` shows it: `gemma2:2b`, or with namespace / host when they are not the defaults. */
  names: string[];
  root: string;
  /** `<root>/blobs/sha256-<hex>`, its real path. */
  blobPath: string;
  sizeBytes: number;
  mtimeMs: number;
  /** The digest the manifest gives: the blob's SHA-256. */
  sha256: string;
}

async function realDirectories(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isDirectory()).slice(0, maxEntriesPerLevel).map((entry) => entry.name);
}

function displayName(host: string, namespace: string, model: string, tag: string): string {
  if (host.toLowerCase() !== defaultHost) return `${host}/${namespace}/${model}:${tag}`;
  if (namespace.toLowerCase() !== defaultNamespace) return `${namespace}/${model}:${tag}`;
  return `${model}:${tag}`;
}

/** The model layer's digest and size, or null for anything that is not a well-formed Ollama manifest. */
export async function readModelLayer(manifestPath: string): Promise<{ sha256: string; size: number } | null> {
  const info = await lstatOrNull(manifestPath);
  if (!info?.isFile() || info.size > maxManifestBytes) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(manifestPath, "utf8"));
  } catch {
    return null;
  }
  const manifest = manifestSchema.safeParse(parsed);
  if (!manifest.success) return null;
  const models = manifest.data.layers.flatMap((layer) => {
    const checked = layerSchema.safeParse(layer);
    return checked.success && checked.data.mediaType === ollamaModelMediaType ? [checked.data] : [];
  });
  const [model] = models;
  // One set of weights per model; two model layers is no manifest we know how to run.
  if (!model || models.length > 1) return null;
  return { sha256: model.digest.slice("sha256:".length).toLowerCase(), size: model.size };
}

/** Every model blob the manifests under `root` point to that is really there, in the folder, of the stated size. */
export async function findOllamaModelBlobs(root: string): Promise<OllamaModelBlob[]> {
  const manifests = path.join(root, "manifests");
  const found = new Map<string, OllamaModelBlob>();
  for (const host of await realDirectories(manifests))
    for (const namespace of await realDirectories(path.join(manifests, host)))
      for (const model of await realDirectories(path.join(manifests, host, namespace))) {
        const tagsDir = path.join(manifests, host, namespace, model);
        const tags = (await readdir(tagsDir, { withFileTypes: true }).catch(() => [])).filter((entry) => entry.isFile()).slice(0, maxEntriesPerLevel);
        for (const { name: tag } of tags) {
          const layer = await readModelLayer(path.join(tagsDir, tag));
          if (!layer) continue;
          const blob = await containedFile(path.join(root, "blobs", `sha256-${layer.sha256}`), root);
          if (!blob.ok || blob.sizeBytes !== layer.size) continue;
          const name = displayName(host, namespace, model, tag);
          const existing = found.get(blob.realPath);
          if (existing) existing.names.push(name);
          else found.set(blob.realPath, { names: [name], root, blobPath: blob.realPath, sizeBytes: blob.sizeBytes, mtimeMs: blob.mtimeMs, sha256: layer.sha256 });
        }
      }
  return [...found.values()];
}
