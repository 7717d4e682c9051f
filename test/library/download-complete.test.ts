// @vitest-environment node
import { readFile } from "node:fs/promises";
import path from "node:path";
import { getLlama } from "node-llama-cpp";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createModelLibrary } from "../../electron/node/services/library/installed-models.ts";
import { modelSidecarSchema } from "../../electron/node/services/library/sidecars.ts";
import { startRegistryServer } from "../support/ollama-registry-server.ts";
import { createDownloadFixture, hfSource, fileName, isSettled, jobId, repo, waitForJob, type DownloadFixture } from "./download-fixture.ts";

async function expectLlamaLoads(modelPath: string): Promise<void> {
  const llama = await getLlama({ gpu: false, build: "never" });
  const model = await llama.loadModel({ modelPath });
  try {
    expect(model.fileInfo.metadata.general.architecture).toBe("gemma2");
  } finally {
    await model.dispose();
  }
}

describe("a full download from the fake Hugging Face and from the Ollama registry stand-in", () => {
  let fixture: DownloadFixture;
  beforeEach(async () => {
    fixture = await createDownloadFixture();
  });
  afterEach(() => fixture.cleanup());

  it("verifies the SHA-256, installs the file with its sidecar, lists it, and llama.cpp loads it", async () => {
    const service = fixture.createService();
    const pinned = { sha256: fixture.file.sha256, sizeBytes: fixture.file.data.length };
    const started = await service.start({ source: hfSource(repo, fileName), file: fileName, variantId: jobId, pinned });
    expect(started.totalBytes).toBe(fixture.file.data.length);
    const done = await waitForJob(service, jobId, isSettled);
    expect(done).toMatchObject({ state: "completed", receivedBytes: fixture.file.data.length, error: null });

    const modelPath = path.join(fixture.modelsDir, fileName);
    expect((await readFile(modelPath)).equals(fixture.file.data)).toBe(true);
    const sidecar = modelSidecarSchema.parse(JSON.parse(await readFile(`${modelPath}.json`, "utf8")));
    expect(sidecar).toMatchObject({ source: "huggingface", repo, file: fileName, sha256: fixture.file.sha256, sizeBytes: fixture.file.data.length });

    const installed = await createModelLibrary({ modelsDir: fixture.modelsDir }).list();
    expect(installed).toEqual([
      expect.objectContaining({ id: fileName, sizeBytes: fixture.file.data.length, quantization: "Q4_0", architecture: "gemma2", sha256: fixture.file.sha256 }),
    ]);

    await expectLlamaLoads(modelPath);
  });

  it("takes gemma2:2b's model layer from the registry, checks it against the pinned digest, and llama.cpp loads it", async () => {
    const registry = await startRegistryServer();
    try {
      const served = registry.addModel("gemma2", "2b", fixture.file.data);
      const service = fixture.createService({ getRegistryEndpoint: () => registry.endpoint });
      const pinned = { sha256: served.sha256, sizeBytes: served.data.length };
      await service.start({ source: { kind: "ollama", model: "gemma2", tag: "2b" }, file: fileName, variantId: jobId, pinned });
      expect(await waitForJob(service, jobId, isSettled)).toMatchObject({ state: "completed", error: null });
      const modelPath = path.join(fixture.modelsDir, fileName);
      const installed = await createModelLibrary({ modelsDir: fixture.modelsDir }).list();
      expect(installed).toEqual([
        expect.objectContaining({ id: fileName, quantization: "Q4_0", sha256: served.sha256, source: { kind: "ollama", endpoint: registry.endpoint, model: "gemma2", tag: "2b" } }),
      ]);
      await expectLlamaLoads(modelPath);
    } finally {
      await registry.close();
    }
  });
});
