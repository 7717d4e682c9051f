// @vitest-environment node
import { createHash } from "node:crypto";
import { access, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { importModel, type ImportDependencies } from "../../electron/node/services/library/import-model.ts";
import { createModelLibrary } from "../../electron/node/services/library/installed-models.ts";
import { modelSidecarSchema } from "../../electron/node/services/library/sidecars.ts";
import { testModel, type TestModel } from "../support/hf/test-model.ts";

const exists = (file: string) => access(file).then(() => true, () => false);

describe("importing a local GGUF", () => {
  let workDir: string;
  let modelsDir: string;
  let model: TestModel;
  let deps: ImportDependencies;

  beforeEach(async () => {
    workDir = await mkdtemp(path.join(os.tmpdir(), "edge-gemma-import-"));
    modelsDir = path.join(workDir, "models");
    await mkdir(modelsDir);
    model = await testModel("q4_0");
    deps = { modelsDir, library: createModelLibrary({ modelsDir }), now: () => 1_700_000_000_000, freeDiskBytes: async () => 1e12 };
  });
  afterEach(() => rm(workDir, { recursive: true, force: true }));

  const place = async (name: string, data: Buffer | string) => {
    const file = path.join(workDir, name);
    await writeFile(file, data);
    return file;
  };

  it("rejects a file that is not a GGUF with MODEL_INVALID", async () => {
    const notes = await place("notes.gguf", "These are my shopping notes, not a model.\n".repeat(20));
    await expect(importModel({ sourcePath: notes, mode: "copy" }, deps)).rejects.toMatchObject({
      code: "MODEL_INVALID",
      message: "notes.gguf: This is not a GGUF model file: it does not start with the GGUF signature.",
      details: { reason: "not-gguf" },
    });
    expect(await deps.library.list()).toEqual([]);
  });

  it("rejects a GGUF truncated in its tensor data, and one cut inside its header", async () => {
    const cutData = await place("cut-data.gguf", model.data.subarray(0, Math.floor(model.data.length * 0.6)));
    await expect(importModel({ sourcePath: cutData, mode: "copy" }, deps)).rejects.toMatchObject({
      code: "MODEL_INVALID",
      message: expect.stringMatching(/^cut-data\.gguf: The file ends early, in the tensor data: it has \d+ bytes, the tensor data needs at least \d+\.$/),
      details: { reason: "truncated", section: "tensor-data", fileSize: Math.floor(model.data.length * 0.6) },
    });
    const cutHeader = await place("cut-header.gguf", model.data.subarray(0, 200));
    await expect(importModel({ sourcePath: cutHeader, mode: "in-place" }, deps)).rejects.toMatchObject({
      code: "MODEL_INVALID",
      message: expect.stringMatching(/^cut-header\.gguf: The file ends early, in the metadata: it has 200 bytes, the metadata needs at least \d+\.$/),
      details: { reason: "truncated", section: "metadata", fileSize: 200 },
    });
    expect(await exists(path.join(modelsDir, "cut-data.gguf"))).toBe(false);
  });

  it("says a missing file is not found", async () => {
    await expect(importModel({ sourcePath: path.join(workDir, "gone.gguf"), mode: "copy" }, deps)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("copies a valid model with progress, hashing it on the way, and lists it", async () => {
    const source = await place("My Gemma (tiny).gguf", model.data);
    const progress: number[] = [];
    const result = await importModel({ sourcePath: source, mode: "copy", onProgress: (done) => progress.push(done) }, deps);

    expect(result.warnings).toEqual([]);
    expect(result.model).toMatchObject({
      id: "My_Gemma__tiny_.gguf",
      path: path.join(modelsDir, "My_Gemma__tiny_.gguf"),
      sizeBytes: model.data.length,
      quantization: "Q4_0",
      architecture: "gemma2",
      source: { kind: "import", originalPath: source },
      inPlace: false,
      addedAt: 1_700_000_000_000,
    });
    expect((await readFile(result.model.path)).equals(model.data)).toBe(true);
    expect(result.model.sha256).toBe(createHash("sha256").update(model.data).digest("hex"));
    expect(progress.at(-1)).toBe(model.data.length);
    expect(await exists(`${result.model.path}.part`)).toBe(false);
    expect(modelSidecarSchema.parse(JSON.parse(await readFile(`${result.model.path}.json`, "utf8")))).toMatchObject({ source: "import", inPlace: false });
    await expect(importModel({ sourcePath: source, mode: "copy" }, deps)).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("registers a model in place without copying it; deleting it only unregisters", async () => {
    const source = await place("gemma-in-place.gguf", model.data);
    const result = await importModel({ sourcePath: source, mode: "in-place" }, deps);
    expect(result.model).toMatchObject({ id: "gemma-in-place.gguf", path: source, inPlace: true });
    expect(await exists(path.join(modelsDir, "gemma-in-place.gguf"))).toBe(false);
    expect(await deps.library.list()).toEqual([expect.objectContaining({ id: "gemma-in-place.gguf", path: source })]);

    expect(await deps.library.delete("gemma-in-place.gguf")).toEqual({ freedBytes: 0 });
    expect(await exists(source)).toBe(true);
    expect(await deps.library.list()).toEqual([]);
  });

  it("refuses a model that is not Gemma 2, naming the architecture it found", async () => {
    const data = Buffer.from(model.data);
    const headerBytes = data.subarray(0, 1 << 20);
    for (let at = headerBytes.indexOf("gemma2"); at !== -1; at = headerBytes.indexOf("gemma2", at + 6)) headerBytes.write("llama2", at, "latin1");
    const source = await place("other-model.gguf", data);
    await expect(importModel({ sourcePath: source, mode: "copy" }, deps)).rejects.toMatchObject({
      code: "MODEL_INVALID",
      message: 'other-model.gguf: This is a "llama2" model, not Gemma 2: Edge Gemma runs Gemma 2 models only.',
      details: { reason: "unsupported-architecture", architecture: "llama2" },
    });
    expect(await deps.library.list()).toEqual([]);
  });

  it("stops reading when the import is cancelled", async () => {
    const source = await place("cancelled.gguf", model.data);
    const controller = new AbortController();
    controller.abort();
    await expect(importModel({ sourcePath: source, mode: "copy", signal: controller.signal }, deps)).rejects.toMatchObject({ code: "CANCELLED" });
    expect(await deps.library.list()).toEqual([]);
  });
});
