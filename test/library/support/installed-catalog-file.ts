import type { InstalledModel } from "../../../electron/common/contract/app/library.ts";
import { loadBundledCatalog } from "../../../models/catalog.ts";

const catalog = loadBundledCatalog();

/** A catalog file as the Library lists it once downloaded into the models folder. */
export function installedCatalogFile(variantId: string): InstalledModel {
  const variant = catalog.variants.find((candidate) => candidate.id === variantId);
  if (!variant) throw new Error(`No catalog variant ${variantId}`);
  return {
    id: variant.file,
    path: `/home/pi/.config/Edge Gemma/models/${variant.file}`,
    sizeBytes: variant.sizeBytes,
    quantization: variant.quantization,
    architecture: "gemma2",
    source: { kind: "unknown" },
    sha256: null,
    addedAt: null,
    inPlace: false,
    catalogId: variant.id,
  };
}
