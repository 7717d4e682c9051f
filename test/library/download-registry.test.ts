// @vitest-environment node
/**
 * Downloads from the Ollama registry stand-in (test/support/ollama-registry-server.ts) on the same job, queue,
 * resume and verification machinery as Hugging Face: manifest → the `application/vnd.ollama.image.model` layer →
 * the blob by its digest, redirected to a blob host, resumed with Range, checked against the digest.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createModelLibrary } from "../../electron/node/services/library/installed-models.ts";
import { modelSidecarSchema } from "../../electron/node/services/library/sidecars.ts";
import { startRegistryServer, type RegistryModel, type RegistryTestServer } from "../support/ollama-registry-server.ts";
import { createDownloadFixture, isSettled, waitForJob, type DownloadFixture } from "./download-fixture.ts";
import { rejection } from "../support/rejection.ts";

const file = "gemma-2-2b-it-Q4_0.gguf";
const id = "gemma-2-2b-it-Q4_0";
const source = { kind: "ollama" as const, model: "gemma2", tag: "2b" };


describe("downloading from the Ollama registry", () => {
  let fixture: DownloadFixture;
  let registry: RegistryTestServer;
  let model: RegistryModel;
  beforeEach(async () => {
    [fixture, registry] = await Promise.all([createDownloadFixture(), startRegistryServer()]);
    model = registry.addModel("gemma2", "2b", fixture.file.data);
  });
  afterEach(async () => {
    await fixture.cleanup();
    await registry.close();
  });

  const service = (overrides: Parameters<DownloadFixture["createService"]>[0] = {}) =>
    fixture.createService({ getRegistryEndpoint: () => registry.endpoint, ...overrides });
  const pinned = () => ({ sha256: model.sha256, sizeBytes: model.data.length });
  const request = () => ({ source, file, variantId: id, pinned: pinned() });
  const blobPath = () => `/ollama/docker/registry/v2/blobs/sha256/${model.sha256.slice(0, 2)}/${model.sha256}/data`;
  const blobRanges = () => registry.stats.requests.filter((r) => r.method === "GET" && r.path === blobPath()).map((r) => r.range);
  const installedBytes = () => readFile(path.join(fixture.modelsDir, file));

  it("reads the manifest, fetches the model layer's blob through the blob host, verifies it against the digest and installs it", async () => {
    fixture.token.value = "hf_secret"; // a Hugging Face token must never reach the registry or its blob host
    const downloads = service();
    const started = await downloads.start(request());
    expect(started).toMatchObject({ id, source, file, totalBytes: model.data.length });
    expect(await waitForJob(downloads, id, isSettled)).toMatchObject({ state: "completed", receivedBytes: model.data.length, error: null });
    expect((await installedBytes()).equals(model.data)).toBe(true);

    const sidecar = modelSidecarSchema.parse(JSON.parse(await readFile(path.join(fixture.modelsDir, `${file}.json`), "utf8")));
    expect(sidecar).toMatchObject({ source: "ollama", endpoint: registry.endpoint, model: "gemma2", tag: "2b", variantId: id, sha256: model.sha256 });
    const [installed] = await createModelLibrary({ modelsDir: fixture.modelsDir }).list();
    expect(installed).toMatchObject({ id: file, source: { kind: "ollama", model: "gemma2", tag: "2b" }, sha256: model.sha256, catalogId: id });

    expect(registry.stats.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "GET /v2/library/gemma2/manifests/2b",
      `GET /v2/library/gemma2/blobs/sha256:${model.sha256}`,
      `GET ${blobPath()}`,
    ]);
    expect(registry.stats.requests.every((r) => r.authorization === null)).toBe(true);
  });

  it("resumes a dropped connection with Range from the blob host, and reports wrong bytes as a SHA-256 mismatch that a retry fixes", async () => {
    const third = Math.floor(model.data.length / 3);
    registry.faults.dropAtOffsets = [third];
    registry.faults.corrupt = { offset: Math.floor(third / 2), times: 1 }; // in the part before the drop
    const downloads = service();
    await downloads.start(request());
    const failed = await waitForJob(downloads, id, isSettled);
    expect(failed).toMatchObject({ state: "failed", error: { code: "MODEL_INVALID", details: { reason: "sha256-mismatch", expectedSha256: model.sha256 } } });
    expect(blobRanges()).toEqual([null, `bytes=${third}-`]);
    expect(await readdir(fixture.modelsDir)).not.toContain(file);

    await downloads.resume(id);
    expect((await waitForJob(downloads, id, isSettled)).state).toBe("completed");
    expect((await installedBytes()).equals(model.data)).toBe(true);
  });

  it("says an unknown name or tag is not found, naming the registry's error code", async () => {
    const refused = await rejection(service().start({ ...request(), source: { ...source, tag: "3b" } }));
    expect(refused).toMatchObject({ code: "NOT_FOUND", details: { httpStatus: 404, registryErrorCode: "MANIFEST_UNKNOWN" } });
    expect(refused.message).toMatch(/^gemma2:3b was not found on the Ollama registry at 127\.0\.0\.1:\d+ \(MANIFEST_UNKNOWN: manifest unknown\)\.$/);
  });

  it("refuses a manifest whose model layer is not the pinned file, or that has no model layer, before any byte", async () => {
    registry.faults.rewriteManifest = (manifest) => ({
      ...manifest,
      layers: manifest.layers.map((layer) => (layer.mediaType.endsWith(".model") ? { ...layer, digest: `sha256:${"e".repeat(64)}` } : layer)),
    });
    const changed = await rejection(service().start(request()));
    expect(changed.details).toMatchObject({ reason: "upstream-changed", field: "sha256" });
    expect(changed.message).toMatch(/^Download refused: gemma2:2b changed upstream — the manifest of gemma2:2b on 127\.0\.0\.1:\d+ announces SHA-256 eeeeeeeeeeee…, but the catalog pins /);

    registry.faults.rewriteManifest = (manifest) => ({ ...manifest, layers: manifest.layers.filter((layer) => !layer.mediaType.endsWith(".model")) });
    const noModel = await rejection(service().start(request()));
    expect(noModel.message).toMatch(/answered for gemma2:2b with a manifest without a GGUF model layer: download refused\.$/);
    expect(blobRanges()).toEqual([]);
    expect(await readdir(fixture.modelsDir)).toEqual([]);
  });

  it("ignores a blob host's claim to another identity: only the digest counts", async () => {
    registry.faults.cdnHeaders = { "x-linked-etag": `"${"f".repeat(64)}"`, "x-linked-size": "1" };
    const downloads = service();
    await downloads.start(request());
    expect((await waitForJob(downloads, id, isSettled)).state).toBe("completed");
  });
});
