/**
 * The Ollama registry as a download source, as Ollama's own client speaks to it (ollama/ollama server/images.go
 * `pullModelManifest`, server/download.go `downloadBlob`, types/model/name.go):
 * - `GET <registry>/v2/library/<model>/manifests/<tag>` with `Accept: application/vnd.docker.distribution.manifest.v2+json`
 *   → `{schemaVersion, mediaType, config, layers: [{mediaType, digest, size}]}`; the GGUF is the layer of media type
 *   `application/vnd.ollama.image.model` and its digest is the SHA-256 of the file (`verifyBlob`);
 * - `GET <registry>/v2/library/<model>/blobs/<digest>` → a redirect to a blob host that honours `Range`;
 * - unknown names answer 404 with `{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown",…}]}`
 *   (ollama/ollama#180).
 */
import { z } from "zod";
import type { RemoteSource } from "../../../common/contract/app/library.ts";
import { AppError } from "../../../common/contract/errors.ts";
import { requestFollowingRedirects, type FetchFunction } from "./hf-http.ts";
import { withNetworkErrors } from "./hf-resolve.ts";
import { agreeOnIdentity, type FileIdentity, type PinnedFile } from "./remote-identity.ts";

type OllamaSource = Extract<RemoteSource, { kind: "ollama" }>;

/** types/model/name.go: defaultHost "registry.ollama.ai", scheme "https". */
export const defaultRegistryEndpoint = "https://registry.ollama.ai";
export const ollamaModelMediaType = "application/vnd.ollama.image.model";
const manifestMediaType = "application/vnd.docker.distribution.manifest.v2+json";
/** Manifests are a few hundred bytes; anything this big is not one. */
const maxManifestBytes = 1024 * 1024;

export function normalizeRegistryEndpoint(endpoint: string | undefined): string {
  const trimmed = (endpoint ?? "").trim().replace(/\/+$/, "");
  return trimmed === "" ? defaultRegistryEndpoint : trimmed;
}

const libraryPath = (endpoint: string, model: string) => `${normalizeRegistryEndpoint(endpoint)}/v2/library/${encodeURIComponent(model)}`;
export const manifestUrl = (endpoint: string, source: OllamaSource) => `${libraryPath(endpoint, source.model)}/manifests/${encodeURIComponent(source.tag)}`;
export const blobUrl = (endpoint: string, model: string, sha256: string) => `${libraryPath(endpoint, model)}/blobs/sha256:${sha256}`;

const layerSchema = z.looseObject({ mediaType: z.string().max(200), digest: z.string().max(100), size: z.number() });
const manifestSchema = z.looseObject({ layers: z.array(layerSchema).max(1000) });
const registryErrorsSchema = z.looseObject({ errors: z.array(z.looseObject({ code: z.string().max(100), message: z.string().max(500) })).min(1) });

export interface RegistryFile extends FileIdentity {
  /** The blob URL on the registry (it redirects to the blob host; signed URLs expire, so every transfer starts here). */
  url: string;
}

export interface RegistryOptions {
  fetch: FetchFunction;
  endpoint: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

const nameOf = (source: OllamaSource) => `${source.model}:${source.tag}`;

/** Reads the manifest, takes its one GGUF layer and holds its digest and size against the pinned file. */
export async function resolveRegistryModel(source: OllamaSource, options: RegistryOptions, pinned?: PinnedFile): Promise<RegistryFile> {
  const endpoint = normalizeRegistryEndpoint(options.endpoint);
  const access = { endpoint, token: undefined };
  const host = new URL(endpoint).host;
  return withNetworkErrors({ ...options, access }, async (signal) => {
    const { response } = await requestFollowingRedirects(manifestUrl(endpoint, source), {
      fetch: options.fetch,
      method: "GET",
      access,
      signal,
      headers: { accept: manifestMediaType },
    });
    const text = await readLimited(response);
    if (!response.ok) throw registryError(response.status, text, nameOf(source), host);
    const layer = modelLayer(text, nameOf(source), host);
    const identity = agreeOnIdentity(nameOf(source), pinned, [
      { who: `the manifest of ${nameOf(source)} on ${host}`, sha256: layer.sha256, sizeBytes: layer.sizeBytes },
    ]);
    return { ...identity, url: blobUrl(endpoint, source.model, identity.sha256) };
  });
}

async function readLimited(response: Response): Promise<string> {
  const length = Number(response.headers.get("content-length") ?? 0);
  if (length > maxManifestBytes) {
    await response.body?.cancel().catch(() => undefined);
    return "";
  }
  return (await response.text()).slice(0, maxManifestBytes);
}

function modelLayer(text: string, name: string, host: string): FileIdentity {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const manifest = manifestSchema.safeParse(json);
  const invalid = (what: string) =>
    new AppError("UNAVAILABLE", `${host} answered for ${name} with ${what}: download refused.`, { reason: "bad-manifest" });
  if (!manifest.success) throw invalid("something that is not a model manifest");
  const models = manifest.data.layers.filter((layer) => layer.mediaType === ollamaModelMediaType);
  if (models.length !== 1) throw invalid(models.length === 0 ? "a manifest without a GGUF model layer" : "a manifest with several model layers");
  const [layer] = models as [z.infer<typeof layerSchema>];
  const digest = layer.digest.match(/^sha256:([0-9a-f]{64})$/);
  if (!digest?.[1]) throw invalid(`a model layer whose digest is not a SHA-256 ("${layer.digest.slice(0, 80)}")`);
  if (!Number.isSafeInteger(layer.size) || layer.size <= 0) throw invalid("a model layer without a valid size");
  return { sha256: digest[1], sizeBytes: layer.size };
}

/** A registry error answer as a clear AppError (the `{errors: [{code, message}]}` body named when present). */
export function registryError(status: number, body: string, name: string, host: string): AppError {
  let parsed: z.infer<typeof registryErrorsSchema> | undefined;
  try {
    parsed = registryErrorsSchema.safeParse(JSON.parse(body)).data;
  } catch {
    parsed = undefined;
  }
  const first = parsed?.errors[0];
  const said = first ? ` (${first.code}: ${first.message})` : "";
  const details = { httpStatus: status, registryErrorCode: first?.code ?? null, serverMessage: first?.message ?? null };
  if (status === 404) return new AppError("NOT_FOUND", `${name} was not found on the Ollama registry at ${host}${said}.`, details);
  if (status === 429) return new AppError("UNAVAILABLE", `${host} is rate-limiting downloads (429). Try again in a few minutes.`, { ...details, retryable: true });
  if (status >= 500) return new AppError("UNAVAILABLE", `${host} had a server error (${status})${said}. Try again later.`, { ...details, retryable: true });
  return new AppError("UNAVAILABLE", `${host} answered ${status} for ${name}${said}.`, details);
}
