/**
 * A local stand-in for the Ollama registry on 127.0.0.1, answering as the real one does (sources in brackets):
 * - `GET /v2/library/<model>/manifests/<tag>` → the manifest JSON: schemaVersion 2, the docker manifest media type,
 *   a config and `layers` with the GGUF as `application/vnd.ollama.image.model` [a recorded gemma2:2b manifest,
 *   models/listings/ollama-gemma2-2b.json], sent as text/plain [ollama/ollama#6470];
 * - unknown names or tags → 404 `{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown","detail":{"Tag":…}}]}`
 *   [ollama/ollama#180];
 * - `GET|HEAD /v2/library/<model>/blobs/sha256:<hex>` → 307 to a signed URL on a second server, the blob host, with
 *   `X-Amz-Expires=1200` [server/download.go expects 307 and stops at the first redirect to another host;
 *   ollama/ollama#4992 shows the signed r2.cloudflarestorage.com URL]; an unknown blob → 404 (its body is not
 *   recorded: Ollama's client ignores it, server/images.go makeRequestWithRetry);
 * - the blob host honours Range (206, Content-Range) and takes the same fault injection as the fake Hugging Face's
 *   CDN (test/support/hf/faults.ts: dropped connections, wrong bytes, stalls, throttling, ignored Range, failures,
 *   extra headers such as a hostile `X-Linked-Etag`).
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { serveCdnFile } from "./hf/cdn.ts";
import { noFaults, takeFailure, type HfFaults, type HfStats } from "./hf/faults.ts";

export const ollamaModelMediaType = "application/vnd.ollama.image.model";

export interface RegistryModel {
  name: string;
  tag: string;
  data: Buffer;
  /** Hex SHA-256 of `data`: the model layer's digest. */
  sha256: string;
}

export interface RegistryFaults extends HfFaults {
  /** Rewrites the manifest the registry sends (a registry announcing another file). */
  rewriteManifest: ((manifest: Manifest) => Manifest) | null;
}

export interface Manifest {
  schemaVersion: number;
  mediaType: string;
  config: { mediaType: string; digest: string; size: number };
  layers: { mediaType: string; digest: string; size: number }[];
}

export interface RegistryTestServer {
  /** `http://127.0.0.1:<port>`: what the registry setting would hold. */
  endpoint: string;
  /** The blob host's origin (where blob requests are redirected). */
  blobHost: string;
  addModel(name: string, tag: string, data: Buffer): RegistryModel;
  faults: RegistryFaults;
  releaseStalls(): void;
  stats: HfStats;
  reset(): void;
  close(): Promise<void>;
}

const sha256 = (data: Buffer | string) => createHash("sha256").update(data).digest("hex");
const registryFaults = (): RegistryFaults => ({ ...noFaults(), rewriteManifest: null });

function manifestFor(model: RegistryModel): Manifest {
  const template = Buffer.from("{{ .Prompt }}");
  return {
    schemaVersion: 2,
    mediaType: "application/vnd.docker.distribution.manifest.v2+json",
    config: { mediaType: "application/vnd.docker.container.image.v1+json", digest: `sha256:${sha256("{}")}`, size: 2 },
    layers: [
      { mediaType: ollamaModelMediaType, digest: `sha256:${model.sha256}`, size: model.data.length },
      { mediaType: "application/vnd.ollama.image.template", digest: `sha256:${sha256(template)}`, size: template.length },
    ],
  };
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export async function startRegistryServer(): Promise<RegistryTestServer> {
  const models = new Map<string, RegistryModel>();
  let faults = registryFaults();
  let releaseStalls = () => {};
  let stallGate = new Promise<void>((resolve) => (releaseStalls = resolve));
  const stats: HfStats = { cdnBodyBytes: 0, requests: [] };
  const log = (request: IncomingMessage, url: URL) =>
    stats.requests.push({
      method: request.method ?? "GET",
      path: url.pathname,
      range: request.headers.range ?? null,
      authorization: request.headers.authorization ?? null,
    });
  const sendErrors = (response: ServerResponse, status: number, errors: unknown[]): void => {
    response.writeHead(status, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify({ errors }));
  };
  let blobHost = "";

  function handleRegistry(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    log(request, url);
    const [v2, namespace, name, kind, reference] = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
    if (v2 !== "v2" || namespace !== "library" || !name || !reference) {
      response.writeHead(404).end();
      return;
    }
    if (kind === "manifests") {
      const model = models.get(`${name}:${reference}`);
      if (!model) return sendErrors(response, 404, [{ code: "MANIFEST_UNKNOWN", message: "manifest unknown", detail: { Tag: reference } }]);
      const failure = takeFailure(faults, "resolve");
      if (failure !== null) return sendErrors(response, failure, [{ code: "UNKNOWN", message: "unknown error", detail: {} }]);
      const manifest = faults.rewriteManifest ? faults.rewriteManifest(manifestFor(model)) : manifestFor(model);
      response.writeHead(200, { "content-type": "text/plain; charset=utf-8" }).end(JSON.stringify(manifest));
      return;
    }
    const digest = reference.match(/^sha256:([0-9a-f]{64})$/)?.[1];
    const known = [...models.values()].some((model) => model.name === name && model.sha256 === digest);
    if (kind !== "blobs" || !digest || !known) {
      response.writeHead(404).end();
      return;
    }
    const location = faults.redirectLoop
      ? `${blobHost}/loop`
      : `${blobHost}/ollama/docker/registry/v2/blobs/sha256/${digest.slice(0, 2)}/${digest}/data?X-Amz-Expires=1200&X-Amz-Signature=test`;
    response.writeHead(307, { location }).end();
  }

  function handleBlobHost(request: IncomingMessage, response: ServerResponse): void | Promise<void> {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    log(request, url);
    if (url.pathname === "/loop") return void response.writeHead(307, { location: `${endpoint}/v2/library/x/blobs/sha256:${"0".repeat(64)}` }).end();
    const digest = url.pathname.match(/^\/ollama\/docker\/registry\/v2\/blobs\/sha256\/[0-9a-f]{2}\/([0-9a-f]{64})\/data$/)?.[1];
    const model = [...models.values()].find((candidate) => candidate.sha256 === digest);
    if (!model || !url.searchParams.has("X-Amz-Signature")) return void response.writeHead(403).end("Bad signature");
    const failure = takeFailure(faults, "cdn");
    if (failure !== null) return void response.writeHead(failure).end("Internal Error");
    for (const [header, value] of Object.entries(faults.cdnHeaders)) response.setHeader(header, value);
    return serveCdnFile(request, response, model.data, faults, stats, stallGate);
  }

  const serve = (handler: (request: IncomingMessage, response: ServerResponse) => void | Promise<void>) =>
    createServer((request, response) => void Promise.resolve(handler(request, response)).catch(() => response.destroy()));
  const registry = serve(handleRegistry);
  const blobs = serve(handleBlobHost);
  const endpoint = await listen(registry);
  blobHost = await listen(blobs);

  return {
    endpoint,
    blobHost,
    addModel(name, tag, data) {
      const model = { name, tag, data, sha256: sha256(data) };
      models.set(`${name}:${tag}`, model);
      return model;
    },
    get faults() {
      return faults;
    },
    set faults(value) {
      faults = value;
    },
    releaseStalls() {
      releaseStalls();
      stallGate = new Promise<void>((resolve) => (releaseStalls = resolve));
    },
    stats,
    reset() {
      faults = registryFaults();
      stats.cdnBodyBytes = 0;
      stats.requests.length = 0;
    },
    async close() {
      releaseStalls();
      for (const server of [registry, blobs]) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
}
