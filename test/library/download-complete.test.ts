// @vitest-environment node
import { readFile } from "node:fs/promises";
import path from "node:path";
import { getLlama } from "node-llama-cpp";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createModelLibrary } from "../../electron/services/library/installed-models.ts";
import { modelSidecarSchema } from "../../electron/services/library/sidecars.ts";
import { createDownloadFixture, fileName, isSettled, jobId, repo, waitForJob, type DownloadFixture } from "./download-fixture.ts";

describe("a full download from the fake Hugging Face", () => {
  let fixture: DownloadFixture;
  beforeEach(async () => {
    fixture = await createDownloadFixture();
  });
  afterEach(() => fixture.cleanup());

  it("verifies the SHA-256, installs the file with its sidecar, lists it, and llama.cpp loads it", async () => {
    const service = fixture.createService();
    const started = await service.start({ repo, file: fileName, variantId: jobId });
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

    const llama = await getLlama({ gpu: false, build: "never" });
    const model = await llama.loadModel({ modelPath });
    try {
      expect(model.fileInfo.metadata.general.architecture).toBe("gemma2");
    } finally {
      await model.dispose();
    }
  });
});
