// @vitest-environment node
import { mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createModelLibrary, freeDiskBytes } from "../../electron/node/services/library/installed-models.ts";
import { writeModelSidecar } from "../../electron/node/services/library/sidecars.ts";
import { loadBundledCatalog } from "../../models/catalog.ts";
import { testModel } from "../support/hf/test-model.ts";

describe("installed models", () => {
  let modelsDir: string;
  beforeEach(async () => {
    modelsDir = await mkdtemp(path.join(os.tmpdir(), "edge-gemma-installed-"));
  });
  afterEach(() => rm(modelsDir, { recursive: true, force: true }));

  it("lists downloaded and hand-copied models with size, quantization, source and date; ignores partial files", async () => {
    const data = (await testModel("q4_0")).data;
    await writeFile(path.join(modelsDir, "gemma-2-2b-it-Q4_0.gguf"), data);
    await writeModelSidecar(path.join(modelsDir, "gemma-2-2b-it-Q4_0.gguf.json"), {
      version: 1, source: "huggingface", endpoint: "https://huggingface.co", repo: "bartowski/gemma-2-2b-it-GGUF", file: "gemma-2-2b-it-Q4_0.gguf",
      commit: null, variantId: "gemma-2-2b-it-Q4_0", sha256: "c".repeat(64), sizeBytes: data.length, downloadedAt: 1_700_000_000_000,
      quantization: "Q4_0", architecture: "gemma2",
    });
    await writeFile(path.join(modelsDir, "dropped-in.gguf"), data);
    await writeFile(path.join(modelsDir, "gemma-2-2b-it-Q8_0.gguf.part"), data.subarray(0, 1000));
    await writeFile(path.join(modelsDir, "gemma-2-2b-it-Q8_0.gguf.part.json"), "{}");

    const library = createModelLibrary({ modelsDir, catalog: loadBundledCatalog() });
    expect(await library.list()).toEqual([
      expect.objectContaining({
        id: "gemma-2-2b-it-Q4_0.gguf", sizeBytes: data.length, quantization: "Q4_0", catalogId: "gemma-2-2b-it-Q4_0",
        source: { kind: "huggingface", endpoint: "https://huggingface.co", repo: "bartowski/gemma-2-2b-it-GGUF", file: "gemma-2-2b-it-Q4_0.gguf" },
        addedAt: 1_700_000_000_000, inPlace: false,
      }),
      expect.objectContaining({ id: "dropped-in.gguf", quantization: "Q4_0", architecture: "gemma2", source: { kind: "unknown" }, sha256: null, addedAt: null }),
    ]);
    const sizes = await Promise.all((await readdir(modelsDir)).map(async (name) => (await stat(path.join(modelsDir, name))).size));
    expect(await library.folderBytes()).toBe(sizes.reduce((sum, size) => sum + size, 0));
  });

  it("deletes a model and its sidecar, returning the bytes freed; an unknown one is NOT_FOUND", async () => {
    await writeFile(path.join(modelsDir, "a.gguf"), Buffer.alloc(12_345));
    await writeFile(path.join(modelsDir, "a.gguf.json"), "{}");
    const library = createModelLibrary({ modelsDir });
    expect(await library.delete("a.gguf")).toEqual({ freedBytes: 12_345 });
    expect(await library.folderBytes()).toBe(0);
    await expect(library.delete("a.gguf")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("reads free disk space with statfs", async () => {
    const free = await freeDiskBytes(modelsDir);
    expect(free).toBeGreaterThan(0);
    expect(await createModelLibrary({ modelsDir }).freeBytes()).toBeGreaterThan(0);
    expect(await createModelLibrary({ modelsDir, freeDiskBytes: async () => Promise.reject(new Error("x")) }).freeBytes()).toBeNull();
  });
});
