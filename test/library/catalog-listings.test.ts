// @vitest-environment node
/**
 * Holds every catalog entry against the recorded copies of the listings it was taken from (models/listings/: each
 * names its source and the date it was read). A changed size, hash, file or listing in models/catalog.json fails
 * here until the recorded listing changes with it: a catalog change is always deliberate.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { CatalogVariant } from "../../electron/common/contract/app/library.ts";
import { loadBundledCatalog } from "../../models/catalog.ts";

const provenance = {
  listing: z.url({ protocol: /^https$/ }),
  retrieved: z.iso.date(),
  recordedFrom: z.array(z.string().min(40)).min(1),
};
const ollamaListingSchema = z.strictObject({
  ...provenance,
  kind: z.literal("ollama-manifest"),
  model: z.string(),
  tag: z.string(),
  manifest: z.looseObject({ layers: z.array(z.strictObject({ mediaType: z.string(), digest: z.string(), size: z.number().int() })) }),
});
const hfListingSchema = z.strictObject({
  ...provenance,
  kind: z.literal("huggingface-tree"),
  repo: z.string(),
  revision: z.string().regex(/^[0-9a-f]{40}$/),
  entries: z.array(
    z.strictObject({
      type: z.literal("file"),
      path: z.string(),
      size: z.number().int(),
      lfs: z.strictObject({ oid: z.string(), size: z.number().int(), pointerSize: z.number().int() }),
      page: z.url({ protocol: /^https$/ }),
      sizeFrom: z.string().min(10),
    }),
  ),
});
const listingSchema = z.discriminatedUnion("kind", [ollamaListingSchema, hfListingSchema]);
type Listing = z.infer<typeof listingSchema>;

const listingsDir = fileURLToPath(new URL("../../models/listings/", import.meta.url));
const listings: { name: string; listing: Listing }[] = await Promise.all(
  (await readdir(listingsDir))
    .filter((name) => name.endsWith(".json"))
    .map(async (name) => ({ name, listing: listingSchema.parse(JSON.parse(await readFile(path.join(listingsDir, name), "utf8"))) })),
);

/** What the recorded listing says about the variant's file, and the URL that names it. */
function published(variant: CatalogVariant): { sha256: string; sizeBytes: number; url: string } | undefined {
  const { source } = variant;
  for (const { listing } of listings) {
    if (source.kind === "ollama" && listing.kind === "ollama-manifest" && listing.model === source.model && listing.tag === source.tag) {
      const models = listing.manifest.layers.filter((layer) => layer.mediaType === "application/vnd.ollama.image.model");
      expect(models, `${listing.listing}: one model layer`).toHaveLength(1);
      return { sha256: models[0]!.digest.replace(/^sha256:/, ""), sizeBytes: models[0]!.size, url: listing.listing };
    }
    if (source.kind === "huggingface" && listing.kind === "huggingface-tree" && listing.repo === source.repo) {
      const entry = listing.entries.find((candidate) => candidate.path === source.path);
      if (!entry) return undefined;
      expect(entry.lfs.size, `${entry.path}: LFS size and listed size`).toBe(entry.size);
      return { sha256: entry.lfs.oid, sizeBytes: entry.size, url: entry.page };
    }
  }
  return undefined;
}

describe("the catalog against the published listings it was taken from", () => {
  const catalog = loadBundledCatalog();

  it("has a recorded listing for each source, naming where and when it was read", () => {
    expect(listings.map(({ name }) => name).sort()).toEqual([
      "hf-bartowski-gemma-2-2b-it-GGUF.json",
      "hf-bartowski-gemma-2-9b-it-GGUF.json",
      "ollama-gemma2-2b.json",
      "ollama-gemma2-9b.json",
    ]);
  });

  it.each(catalog.variants.map((variant) => [variant.id, variant] as const))("%s is a published file, with its exact size and SHA-256", (_id, variant) => {
    const facts = published(variant);
    expect(facts, `no recorded listing holds ${variant.id}`).toBeDefined();
    expect({ sha256: variant.sha256, sizeBytes: variant.sizeBytes, listingUrl: variant.listingUrl }).toEqual({
      sha256: facts!.sha256,
      sizeBytes: facts!.sizeBytes,
      listingUrl: facts!.url,
    });
  });

  it("takes Q4_0, the file recommended on a Pi, from Ollama's gemma2:2b and gemma2:9b (bartowski publishes no plain Q4_0)", () => {
    const q4_0 = catalog.variants.filter((variant) => variant.quantization === "Q4_0");
    expect(q4_0.map((variant) => variant.source)).toEqual([
      { kind: "ollama", model: "gemma2", tag: "2b" },
      { kind: "ollama", model: "gemma2", tag: "9b" },
    ]);
    const hfPaths = listings.flatMap(({ listing }) => (listing.kind === "huggingface-tree" ? listing.entries.map((entry) => entry.path) : []));
    expect(hfPaths.filter((entry) => entry.endsWith("-Q4_0.gguf"))).toEqual([]);
  });
});
