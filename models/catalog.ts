/** The bundled catalog of Gemma 2 GGUF variants, validated when it is loaded. Runs anywhere (no Node, no Electron). */
import { z } from "zod";
import {
  catalogVariantSchema,
  gemmaTermsUrl,
  hfRepoSchema,
  modelShapeSchema,
  quantizationSchema,
  variantIdSchema,
  type CatalogVariant,
} from "../electron/contract/app/library.ts";
import bundledCatalogJson from "./catalog.json" with { type: "json" };

const catalogVariantEntrySchema = z.strictObject({
  quantization: quantizationSchema,
  sizeBytes: z.number().int().positive(),
  sizeIsApproximate: z.boolean(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  note: z.string().min(10).max(300),
});

const catalogModelSchema = z.strictObject({
  id: variantIdSchema,
  name: z.string().min(1).max(100),
  repo: hfRepoSchema,
  /** Files are named `<filePrefix>-<quantization>.gguf`, as in bartowski's repositories. */
  filePrefix: z.string().regex(/^[\w.-]+$/),
  shape: modelShapeSchema,
  variants: z.array(catalogVariantEntrySchema).min(1),
});

export const catalogFileSchema = z
  .strictObject({
    version: z.literal(1),
    termsUrl: z.literal(gemmaTermsUrl),
    sizesNote: z.string().max(1000),
    models: z.array(catalogModelSchema).min(1),
  })
  .superRefine((catalog, context) => {
    const seen = new Set<string>();
    catalog.models.forEach((model, modelIndex) => {
      model.variants.forEach((variant, variantIndex) => {
        const id = `${model.filePrefix}-${variant.quantization}`;
        if (seen.has(id))
          context.addIssue({ code: "custom", message: `duplicate variant ${id}`, path: ["models", modelIndex, "variants", variantIndex] });
        seen.add(id);
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
        repo: model.repo,
        file: `${model.filePrefix}-${variant.quantization}.gguf`,
        quantization: variant.quantization,
        sizeBytes: variant.sizeBytes,
        sizeIsApproximate: variant.sizeIsApproximate,
        ...(variant.sha256 === undefined ? {} : { sha256: variant.sha256 }),
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
