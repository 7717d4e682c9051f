// @vitest-environment node
import { mkdir, mkdtemp, readdir, rm, stat, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { importModel } from "../../electron/node/services/library/import-model.ts";
import { createModelLibrary } from "../../electron/node/services/library/installed-models.ts";
import { createFoundModels } from "../../electron/node/services/library/local-stores/found-models.ts";
import { huggingFaceCacheRoot, ollamaModelRoots } from "../../electron/node/services/library/local-stores/store-paths.ts";
import { testModel } from "../support/hf/test-model.ts";
import { writeHfCachedFile, writeOllamaModel } from "../support/local-stores.ts";
import { loadBundledCatalog, type Catalog } from "../../models/catalog.ts";

/** The generated Gemma 2 with its architecture renamed in the header (same length): a model that is not Gemma 2. */
async function notGemma2(): Promise<Buffer> {
  const data = Buffer.from((await testModel("q4_0")).data);
  const at = data.indexOf(Buffer.from("gemma2", "latin1"), data.indexOf(Buffer.from("general.architecture", "latin1")));
  data.write("gemma3", at, "latin1");
  return data;
}

describe("models already on this Pi (Ollama's folder, Hugging Face's cache)", () => {
  let work: string;
  let home: string;
  let ollamaRoot: string;
  let hfRoot: string;
  let modelsDir: string;

  beforeEach(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), "edge-gemma-stores-"));
    home = path.join(work, "home");
    ollamaRoot = path.join(home, ".ollama", "models");
    hfRoot = path.join(home, ".cache", "huggingface", "hub");
    modelsDir = path.join(work, "app", "models");
    await mkdir(modelsDir, { recursive: true });
  });
  afterEach(() => rm(work, { recursive: true, force: true }));

  function services(env: Record<string, string> = {}, catalog?: Catalog) {
    const library = createModelLibrary({ modelsDir, ...(catalog ? { catalog } : {}) });
    const found = createFoundModels({
      stores: { env, home },
      installed: () => library.list(),
      importModel: (request) => importModel(request, { modelsDir, library, now: Date.now, freeDiskBytes: async () => 1e12 }),
    });
    return { library, found };
  }

  it("looks where Ollama and huggingface_hub keep their models", () => {
    const stores = { env: {}, home: "/home/pi" };
    expect(ollamaModelRoots(stores)).toEqual(["/home/pi/.ollama/models", "/usr/share/ollama/.ollama/models"]);
    expect(ollamaModelRoots({ ...stores, env: { OLLAMA_MODELS: "/mnt/ssd/ollama" } })[0]).toBe("/mnt/ssd/ollama");
    expect(huggingFaceCacheRoot(stores)).toBe("/home/pi/.cache/huggingface/hub");
    expect(huggingFaceCacheRoot({ ...stores, env: { HF_HOME: "/data/hf" } })).toBe("/data/hf/hub");
    expect(huggingFaceCacheRoot({ ...stores, env: { HF_HOME: "/data/hf", HF_HUB_CACHE: "/cache/hub" } })).toBe("/cache/hub");
  });

  it("finds Ollama's gemma2:2b and a cached Hugging Face GGUF, with where they are", async () => {
    const gemma = (await testModel("q4_0")).data;
    const pulled = await writeOllamaModel(ollamaRoot, { model: "gemma2", tag: "2b", gguf: gemma });
    await writeOllamaModel(ollamaRoot, { model: "gemma2", tag: "latest", gguf: gemma });
    const cached = await writeHfCachedFile(hfRoot, "bartowski/gemma-2-2b-it-GGUF", "gemma-2-2b-it-Q4_K_M.gguf", gemma);
    const models = await services().found.list();
    expect(models).toEqual([
      expect.objectContaining({
        store: "ollama", name: "gemma2:2b", otherNames: ["gemma2:latest"], storeRoot: ollamaRoot, path: pulled.blobPath,
        sizeBytes: gemma.length, quantization: "Q4_0", sha256: pulled.digest,
      }),
      expect.objectContaining({
        store: "huggingface-cache", name: "bartowski/gemma-2-2b-it-GGUF · gemma-2-2b-it-Q4_K_M.gguf", storeRoot: hfRoot, path: cached.blobPath, sha256: cached.sha256,
      }),
    ]);
  });

  it("skips what is not a usable Gemma 2 model: other models, bad manifests, missing or short blobs, links out", async () => {
    const gemma = (await testModel("q4_0")).data;
    // Another architecture, and a "model" layer that is no GGUF at all.
    await writeOllamaModel(ollamaRoot, { model: "gemma3", tag: "1b", gguf: await notGemma2() });
    await writeOllamaModel(ollamaRoot, { model: "safetensors", tag: "latest", gguf: Buffer.from("not a gguf at all") });
    // Manifests that are not JSON, are huge, name a digest that escapes the folder, or have no model layer.
    const manifests = path.join(ollamaRoot, "manifests", "registry.ollama.ai", "library");
    await mkdir(path.join(manifests, "broken"), { recursive: true });
    await writeFile(path.join(manifests, "broken", "json"), "{ not json");
    await writeFile(path.join(manifests, "broken", "huge"), `{"layers": [${'{"mediaType":"x","digest":"y","size":1},'.repeat(20_000)}{}]}`);
    await writeFile(path.join(manifests, "broken", "escape"), JSON.stringify({ schemaVersion: 2, layers: [{ mediaType: "application/vnd.ollama.image.model", digest: "sha256:../../../../etc/passwd", size: 1 }] }));
    await writeFile(path.join(manifests, "broken", "nolayer"), JSON.stringify({ schemaVersion: 2, layers: [] }));
    // A manifest whose blob is gone, and one whose blob is shorter than the manifest says.
    const gone = await writeOllamaModel(ollamaRoot, { model: "gemma2", tag: "gone", gguf: Buffer.concat([gemma, Buffer.from([1])]) });
    await rm(gone.blobPath);
    const short = await writeOllamaModel(ollamaRoot, { model: "gemma2", tag: "short", gguf: Buffer.concat([gemma, Buffer.from([2])]) });
    await writeFile(short.blobPath, gemma.subarray(0, 1000));
    // A blob that is a link to a real Gemma 2 outside the store, and a cached snapshot file linking out of the cache.
    const outside = path.join(work, "outside.gguf");
    await writeFile(outside, Buffer.concat([gemma, Buffer.from([3])]));
    const linked = await writeOllamaModel(ollamaRoot, { model: "gemma2", tag: "linked", gguf: Buffer.concat([gemma, Buffer.from([3])]) });
    await rm(linked.blobPath);
    await symlink(outside, linked.blobPath);
    const cached = await writeHfCachedFile(hfRoot, "someone/gemma-2-GGUF", "gemma-2-2b.gguf", gemma);
    await rm(cached.link);
    await symlink(outside, cached.link);
    // A manifests folder that is itself a link elsewhere.
    await symlink(path.join(ollamaRoot, "manifests", "registry.ollama.ai"), path.join(ollamaRoot, "manifests", "elsewhere"));

    expect(await services().found.list()).toEqual([]);
  });

  it("uses a found model in place after checking it: never copied, and Delete only forgets it", async () => {
    const gemma = (await testModel("q4_0")).data;
    const pulled = await writeOllamaModel(ollamaRoot, { model: "gemma2", tag: "2b", gguf: gemma });
    const { found, library } = services({ OLLAMA_MODELS: ollamaRoot });
    const [candidate] = await found.list();
    const { model } = await found.adopt(candidate!.path);
    expect(model).toMatchObject({
      id: "ollama-gemma2-2b.gguf", path: pulled.blobPath, inPlace: true, sha256: pulled.digest, quantization: "Q4_0",
      source: { kind: "import", originalPath: pulled.blobPath, foundIn: { store: "ollama", name: "gemma2:2b", storeRoot: ollamaRoot } },
    });
    // Only the sidecar is ours: no second copy of the weights.
    expect(await readdir(modelsDir)).toEqual(["ollama-gemma2-2b.gguf.json"]);
    expect(await found.list()).toEqual([]);

    expect(await library.delete(model.id)).toEqual({ freedBytes: 0 });
    expect((await stat(pulled.blobPath)).size).toBe(gemma.length);
    expect(await library.list()).toEqual([]);
    expect((await found.list()).map((entry) => entry.name)).toEqual(["gemma2:2b"]);
  });

  it("a found file whose SHA-256 the catalog pins is that catalog entry: the Library shows it installed", async () => {
    const gemma = (await testModel("q4_0")).data;
    const pulled = await writeOllamaModel(ollamaRoot, { model: "gemma2", tag: "2b", gguf: gemma });
    const bundled = loadBundledCatalog();
    // The generated model stands in for the published file: the catalog's Q4_0 entry pinned to its hash.
    const catalog: Catalog = {
      ...bundled,
      variants: bundled.variants.map((variant) => (variant.id === "gemma-2-2b-it-Q4_0" ? { ...variant, sha256: pulled.digest } : variant)),
    };
    const { found } = services({}, catalog);
    const [candidate] = await found.list();
    expect((await found.adopt(candidate!.path)).model.catalogId).toBe("gemma-2-2b-it-Q4_0");
  });

  it("refuses a blob whose bytes do not match Ollama's digest, and paths it did not find", async () => {
    const gemma = Buffer.from((await testModel("q4_0")).data);
    const pulled = await writeOllamaModel(ollamaRoot, { model: "gemma2", tag: "2b", gguf: gemma });
    const damaged = Buffer.from(gemma);
    damaged[damaged.length - 10] = (damaged[damaged.length - 10] ?? 0) ^ 0xff;
    await writeFile(pulled.blobPath, damaged);
    const { found } = services();
    const [candidate] = await found.list();
    await expect(found.adopt(candidate!.path)).rejects.toMatchObject({ code: "MODEL_INVALID", details: { reason: "sha256-mismatch", expectedSha256: pulled.digest } });
    await expect(found.adopt("/etc/passwd")).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await readdir(modelsDir)).toEqual([]);
  });
});
