/** The bundled catalog of Gemma 2 GGUF variants, validated when it is loaded. Runs anywhere (no Node, no Electron). */
import { z } from "zod";
import {
  catalogVariantSchema,
  gemmaTermsUrl,
  modelShapeSchema,
  quantizationSchema,
  remoteSourceSchema,
  sha256Schema,
  variantIdSchema,
  type CatalogVariant,
} from "../electron/common/contract/app/library.ts";
import bundledCatalogJson from "./catalog.json" with { type: "json" };

const catalogVariantEntrySchema = z.strictObject({
  quantization: quantizationSchema,
  source: remoteSourceSchema,
  /** Exact byte count and SHA-256 as published (test/library/catalog-listings.test.ts holds them to models/listings/). */
  sizeBytes: z.number().int().positive(),
  sha256: sha256Schema,
  listingUrl: z.url({ protocol: /^https$/ }),
  note: z.string().min(10).max(300),
});

const catalogModelSchema = z.strictObject({
  id: variantIdSchema,
  name: z.string().min(1).max(100),
  /** Files are saved as `<filePrefix>-<quantization>.gguf` (bartowski's naming), whichever source they come from. */
  filePrefix: z.string().regex(/^[\w.-]+$/),
  shape: modelShapeSchema,
  variants: z.array(catalogVariantEntrySchema).min(1),
});

export const catalogFileSchema = z
  .strictObject({
    version: z.literal(2),
    termsUrl: z.literal(gemmaTermsUrl),
    sourcesNote: z.string().max(1000),
    models: z.array(catalogModelSchema).min(1),
  })
  .superRefine((catalog, context) => {
    const seen = new Set<string>();
    catalog.models.forEach((model, modelIndex) => {
      model.variants.forEach((variant, variantIndex) => {
        const id = `${model.filePrefix}-${variant.quantization}`;
        const source = JSON.stringify(variant.source);
        for (const key of [id, source, variant.sha256]) {
          if (seen.has(key))
            context.addIssue({ code: "custom", message: `duplicate variant ${key}`, path: ["models", modelIndex, "variants", variantIndex] });
          seen.add(key);
        }
      });
    });
  });
export type CatalogFile = z.infer<typeof catalogFileSchema>;

export interface Catalog {
  termsUrl: string;
  variants: CatalogVariant[];
}

/** Validates raw catalog data and flattens it into variants (throws a ZodError naming the bad entry). */
export function parseCatalog(raw: unknown): Catalog {
  const file = catalogFileSchema.parse(raw);
  const variants = file.models.flatMap((model) =>
    model.variants.map((variant) =>
      catalogVariantSchema.parse({
        id: `${model.filePrefix}-${variant.quantization}`,
        modelId: model.id,
        modelName: model.name,
        source: variant.source,
        file: `${model.filePrefix}-${variant.quantization}.gguf`,
        quantization: variant.quantization,
        sizeBytes: variant.sizeBytes,
        sha256: variant.sha256,
        listingUrl: variant.listingUrl,
        note: variant.note,
        termsUrl: file.termsUrl,
        shape: model.shape,
      }),
    ),
  );
  return { termsUrl: file.termsUrl, variants };
}

/** Quality order of the quantizations (higher is closer to the original weights). */
export const quantizationQuality: Readonly<Record<CatalogVariant["quantization"], number>> = {
  Q4_0: 1,
  Q4_K_M: 2,
  Q5_K_M: 3,
  Q6_K: 4,
  Q8_0: 5,
};

let bundled: Catalog | undefined;

/** The catalog shipped with the app (validated on first use). */
export function loadBundledCatalog(): Catalog {
  bundled ??= parseCatalog(bundledCatalogJson);
  return bundled;
}
