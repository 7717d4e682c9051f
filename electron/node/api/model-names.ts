import type { Catalog } from "../../../models/catalog.ts";
import type { InstalledModel } from "../../common/contract/app/library.ts";
import type { ApiModel } from "./api-engine.ts";

/**
 * The name a client asks for. A catalog file from Ollama's registry gets Ollama's own name (`gemma2:2b` is the file
 * `ollama pull gemma2:2b` gets: models/catalog.json records its manifest), so Ollama clients work unchanged; any other
 * file is called by its Library id (its file name).
 */
export function apiModelFor(model: InstalledModel, catalog: Catalog, modifiedAt: Date): ApiModel {
  const variant = catalog.variants.find((entry) => entry.id === model.catalogId);
  const name = variant?.source.kind === "ollama" ? `${variant.source.model}:${variant.source.tag}` : model.id;
  return {
    name,
    id: model.id,
    path: model.path,
    sizeBytes: model.sizeBytes,
    sha256: model.sha256,
    quantization: model.quantization,
    architecture: model.architecture,
    parameterCount: variant?.shape.parameters ?? null,
    modifiedAt,
  };
}

/**
 * A model by its API name or its Library id. As in Ollama's types/model/name.go (ollama/ollama@fb30760): names compare
 * ignoring case, and the default host and namespace (`registry.ollama.ai/library/`) may be written out.
 */
export function findModel(models: readonly ApiModel[], requested: string): ApiModel | undefined {
  const wanted = normalizedName(requested);
  return models.find((model) => model.name.toLowerCase() === wanted || model.id.toLowerCase() === wanted);
}

export function normalizedName(requested: string): string {
  return requested.trim().toLowerCase().replace(/^registry\.ollama\.ai\//, "").replace(/^library\//, "");
}
