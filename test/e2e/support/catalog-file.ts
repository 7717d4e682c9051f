import bundledCatalogJson from "../../../models/catalog.json" with { type: "json" };
import type { RegistryModel } from "../../support/ollama-registry-server.ts";

/** The bundled catalog with one variant pinned to a generated file (size and SHA-256), for the host's `--catalog`. */
export function repinnedCatalogJson(variantId: string, file: RegistryModel): unknown {
  const catalog = structuredClone(bundledCatalogJson);
  const variant = catalog.models.flatMap((model) => model.variants.map((entry) => ({ model, entry }))).find(
    ({ model, entry }) => `${model.filePrefix}-${entry.quantization}` === variantId,
  );
  if (!variant) throw new Error(`${variantId} is not in the catalog`);
  Object.assign(variant.entry, { sha256: file.sha256, sizeBytes: file.data.length });
  return catalog;
}
