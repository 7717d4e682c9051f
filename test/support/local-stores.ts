/**
 * Model folders laid out exactly as their programs lay them out, for the "Found on this Pi" tests.
 *
 * Ollama (github.com/ollama/ollama @ fb30760): manifest/manifest.go `WriteManifest` writes
 * `manifests/<host>/<namespace>/<model>/<tag>` with json.Encoder (one line + "\n") as
 * `{schemaVersion: 2, mediaType: "application/vnd.docker.distribution.manifest.v2+json", config, layers}`, each layer
 * `{mediaType, digest: "sha256:<hex>", size}` (manifest/layer.go); blobs are `blobs/sha256-<hex>` (manifest/paths.go);
 * the layer types are server/create.go's: image.model, image.template, image.license, image.params, and the config
 * `application/vnd.docker.container.image.v1+json`.
 * Hugging Face (huggingface_hub docs/source/en/guides/manage-cache.md): `models--<org>--<repo>/blobs/<sha256>`,
 * `refs/main` holding the commit, `snapshots/<commit>/<file>` a relative link `../../blobs/<sha256>`.
 */
import { createHash } from "node:crypto";
import { mkdir, symlink, writeFile } from "node:fs/promises";
import path from "node:path";

const sha256 = (data: Buffer | string) => createHash("sha256").update(data).digest("hex");

interface Layer {
  mediaType: string;
  digest: string;
  size: number;
}

async function writeBlob(root: string, data: Buffer | string, mediaType: string): Promise<Layer> {
  const hex = sha256(data);
  await mkdir(path.join(root, "blobs"), { recursive: true });
  await writeFile(path.join(root, "blobs", `sha256-${hex}`), data);
  return { mediaType, digest: `sha256:${hex}`, size: Buffer.byteLength(data) };
}

export interface OllamaModelSpec {
  model: string;
  tag: string;
  gguf: Buffer;
  host?: string;
  namespace?: string;
}

/** What `ollama pull gemma2:2b` leaves: blobs for the weights, template, license, params and config, and a manifest. */
export async function writeOllamaModel(root: string, spec: OllamaModelSpec): Promise<{ manifestPath: string; blobPath: string; digest: string }> {
  const model = await writeBlob(root, spec.gguf, "application/vnd.ollama.image.model");
  const template = await writeBlob(root, "{{ .Prompt }} (test stand-in template)", "application/vnd.ollama.image.template");
  const license = await writeBlob(root, "Gemma Terms of Use (test stand-in)", "application/vnd.ollama.image.license");
  const params = await writeBlob(root, JSON.stringify({ temperature: 0.8 }), "application/vnd.ollama.image.params");
  const config = await writeBlob(root, JSON.stringify({ model_format: "gguf", model_family: "gemma2", file_type: "Q4_0" }), "application/vnd.docker.container.image.v1+json");
  const manifestPath = path.join(root, "manifests", spec.host ?? "registry.ollama.ai", spec.namespace ?? "library", spec.model, spec.tag);
  await mkdir(path.dirname(manifestPath), { recursive: true });
  const manifest = {
    schemaVersion: 2,
    mediaType: "application/vnd.docker.distribution.manifest.v2+json",
    config,
    layers: [model, template, license, params],
  };
  await writeFile(manifestPath, `${JSON.stringify(manifest)}\n`);
  const hex = model.digest.slice("sha256:".length);
  return { manifestPath, blobPath: path.join(root, "blobs", `sha256-${hex}`), digest: hex };
}

/** What `hf_hub_download(repo, file)` leaves in the hub cache. */
export async function writeHfCachedFile(cacheRoot: string, repo: string, file: string, data: Buffer, commit = "a5b4c3d2e1f0a5b4c3d2e1f0a5b4c3d2e1f0a5b4") {
  const repoDir = path.join(cacheRoot, `models--${repo.replace("/", "--")}`);
  const hex = sha256(data);
  await mkdir(path.join(repoDir, "blobs"), { recursive: true });
  await writeFile(path.join(repoDir, "blobs", hex), data);
  await mkdir(path.join(repoDir, "refs"), { recursive: true });
  await writeFile(path.join(repoDir, "refs", "main"), commit);
  const link = path.join(repoDir, "snapshots", commit, ...file.split("/"));
  await mkdir(path.dirname(link), { recursive: true });
  await symlink(path.relative(path.dirname(link), path.join(repoDir, "blobs", hex)), link);
  return { link, blobPath: path.join(repoDir, "blobs", hex), sha256: hex };
}
