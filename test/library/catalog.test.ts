// @vitest-environment node
import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { catalogVariantSchema, describeRemoteSource, gemmaTermsUrl } from "../../electron/common/contract/app/library.ts";
import bundledJson from "../../models/catalog.json" with { type: "json" };
import { loadBundledCatalog, parseCatalog } from "../../models/catalog.ts";

type Raw = typeof bundledJson;
const clone = (): Raw => structuredClone(bundledJson);

describe("the bundled model catalog", () => {
  const catalog = loadBundledCatalog();

  it("lists Gemma 2 2B IT in five quantizations and 9B IT in two: Q4_0 from Ollama's registry, the rest from bartowski's un-gated repositories", () => {
    expect(catalog.variants.map((variant) => [variant.file, describeRemoteSource(variant.source)])).toEqual([
      ["gemma-2-2b-it-Q4_0.gguf", "gemma2:2b"],
      ["gemma-2-2b-it-Q4_K_M.gguf", "bartowski/gemma-2-2b-it-GGUF/gemma-2-2b-it-Q4_K_M.gguf"],
      ["gemma-2-2b-it-Q5_K_M.gguf", "bartowski/gemma-2-2b-it-GGUF/gemma-2-2b-it-Q5_K_M.gguf"],
      ["gemma-2-2b-it-Q6_K.gguf", "bartowski/gemma-2-2b-it-GGUF/gemma-2-2b-it-Q6_K.gguf"],
      ["gemma-2-2b-it-Q8_0.gguf", "bartowski/gemma-2-2b-it-GGUF/gemma-2-2b-it-Q8_0.gguf"],
      ["gemma-2-9b-it-Q4_0.gguf", "gemma2:9b"],
      ["gemma-2-9b-it-Q4_K_M.gguf", "bartowski/gemma-2-9b-it-GGUF/gemma-2-9b-it-Q4_K_M.gguf"],
    ]);
    for (const variant of catalog.variants) {
      expect(catalogVariantSchema.parse(variant)).toEqual(variant);
      expect(variant.termsUrl).toBe(gemmaTermsUrl);
      expect(variant.id).toBe(variant.file.replace(/\.gguf$/, ""));
    }
  });

  it("orders sizes like the quantizations and keeps the shapes needed for offline RAM estimates", () => {
    const twoB = catalog.variants.filter((variant) => variant.modelId === "gemma-2-2b-it");
    expect(twoB.map((variant) => variant.sizeBytes)).toEqual([...twoB.map((variant) => variant.sizeBytes)].sort((a, b) => a - b));
    expect(twoB[0]?.sizeBytes).toBeGreaterThan(1.5e9);
    expect(twoB[0]?.shape).toMatchObject({ layers: 26, kvHeads: 4, headSize: 256, slidingWindow: 4096, trainContextSize: 8192 });
    const nineB = catalog.variants.find((variant) => variant.id === "gemma-2-9b-it-Q4_0");
    expect(nineB?.shape).toMatchObject({ layers: 42, kvHeads: 8, headSize: 256, slidingWindow: 4096, trainContextSize: 8192 });
  });

  it.each<[string, (raw: Raw) => void]>([
    ["a negative size", (raw) => void (raw.models[0]!.variants[0]!.sizeBytes = -1)],
    ["an unknown quantization", (raw) => void ((raw.models[0]!.variants[1] as { quantization: string }).quantization = "Q3_K_S")],
    ["an empty note", (raw) => void (raw.models[0]!.variants[2]!.note = "")],
    ["another terms link", (raw) => void ((raw as { termsUrl: string }).termsUrl = "https://example.com/terms")],
    ["a repository that is not owner/name", (raw) => void Object.assign(raw.models[1]!.variants[1]!.source, { repo: "gemma-2-9b-it-GGUF" })],
    ["an Ollama tag with a slash", (raw) => void Object.assign(raw.models[0]!.variants[0]!.source, { tag: "2b/../x" })],
    ["an unknown source kind", (raw) => void Object.assign(raw.models[0]!.variants[0]!.source, { kind: "modelscope" })],
    ["no SHA-256", (raw) => void delete (raw.models[0]!.variants[0] as { sha256?: string }).sha256],
    ["a SHA-256 in upper case", (raw) => void (raw.models[0]!.variants[1]!.sha256 = raw.models[0]!.variants[1]!.sha256.toUpperCase())],
    ["a fractional size", (raw) => void (raw.models[0]!.variants[0]!.sizeBytes = 1.5e9 + 0.5)],
    ["a listing over plain http", (raw) => void (raw.models[0]!.variants[0]!.listingUrl = "http://example.com/listing")],
    ["two variants with the same SHA-256", (raw) => void (raw.models[1]!.variants[1]!.sha256 = raw.models[0]!.variants[1]!.sha256)],
    ["a model without its layer count", (raw) => void delete (raw.models[1]!.shape as Partial<Raw["models"][1]["shape"]>).layers],
    ["an unexpected field", (raw) => void Object.assign(raw.models[0]!.variants[0]!, { url: "https://example.com/x.gguf" })],
    ["a size marked approximate", (raw) => void Object.assign(raw.models[0]!.variants[0]!, { sizeIsApproximate: true })],
    ["a duplicated variant", (raw) => void raw.models[0]!.variants.push({ ...raw.models[0]!.variants[0]! })],
  ])("rejects a catalog with %s", (_what, breakIt) => {
    const raw = clone();
    breakIt(raw);
    expect(() => parseCatalog(raw)).toThrow(ZodError);
  });

  it("accepts the untouched data (the mutations above are the only reason they fail)", () => {
    expect(parseCatalog(clone()).variants).toHaveLength(7);
  });
});
