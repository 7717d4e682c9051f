/**
 * After the engine ran out of memory: the change that fits, found with the Library's own fit logic (`assessFit` on
 * the same memory models and RAM figures the catalog uses). First a smaller context for the same file; else a
 * smaller file, installed if one fits, otherwise the catalog file to download.
 */
import path from "node:path";
import type { CatalogListing, InstalledModel } from "../../../common/contract/app/library.ts";
import type { MemoryAdvice } from "../../../common/contract/app/models-folder.ts";
import type { CatalogService } from "./catalog-service.ts";
import { assessFit, candidateContextSizes } from "./fit.ts";
import { readGgufSummary } from "./gguf-inspect.ts";
import { memoryModelFromHeader, type MemoryModel } from "./memory-estimate.ts";

export interface MemoryAdviceSources {
  /** The listing, and the fit inputs (RAM with what of the app runs now, repack kernels) it was assessed with. */
  catalog: CatalogService;
  models: { list(): Promise<InstalledModel[]> };
  /** A file outside the catalog: its header, read by the bounded reader in a worker (default: gguf-inspect). */
  readHeader?: (filePath: string) => Promise<MemoryModel | undefined>;
}

export interface MemoryAdviceRequest {
  /** The model that ran out of memory (null: none known). */
  modelPath: string | null;
  /** The context size it was loaded with. */
  contextSize: number;
}

export async function adviseOnMemory(sources: MemoryAdviceSources, request: MemoryAdviceRequest): Promise<MemoryAdvice> {
  const none: MemoryAdvice = { modelId: null, contextSize: null, smallerModelId: null, smallerVariantId: null };
  if (request.modelPath === null) return none;
  const [listing, installed] = await Promise.all([sources.catalog.list({ contextSize: request.contextSize }), sources.models.list()]);
  const current = installed.find((model) => path.resolve(model.path) === path.resolve(request.modelPath ?? ""));
  const currentSize = current?.sizeBytes ?? Number.POSITIVE_INFINITY;
  const advice: MemoryAdvice = { ...none, modelId: current?.id ?? null };

  const fitting = await fittingContextSize(sources, listing, current);
  // Only a smaller context is a change: at the same size it already failed.
  const smallerContext = candidateContextSizes.find((size) => size < request.contextSize && fitting !== null && size <= fitting);
  if (smallerContext !== undefined) return { ...advice, contextSize: smallerContext };

  const fitsHere = new Set(listing.items.filter((item) => item.fit.verdict === "fits").map((item) => item.variant.id));
  const smallerInstalled = installed
    .filter((model) => model.id !== current?.id && model.sizeBytes < currentSize && model.catalogId !== null && fitsHere.has(model.catalogId))
    .sort((a, b) => b.sizeBytes - a.sizeBytes)[0];
  if (smallerInstalled) return { ...advice, smallerModelId: smallerInstalled.id };

  const recommended = listing.items.find((item) => item.recommended && item.variant.sizeBytes < currentSize);
  const smallerVariant =
    recommended ??
    listing.items.filter((item) => fitsHere.has(item.variant.id) && item.variant.sizeBytes < currentSize).sort((a, b) => b.variant.sizeBytes - a.variant.sizeBytes)[0];
  return { ...advice, smallerVariantId: smallerVariant?.variant.id ?? null };
}

/** The largest context at which the current file fits with headroom: the catalog's figure, else from its own header. */
async function fittingContextSize(
  sources: MemoryAdviceSources,
  listing: CatalogListing,
  current: InstalledModel | undefined,
): Promise<number | null> {
  if (!current) return null;
  const item = listing.items.find((candidate) => candidate.variant.id === current.catalogId || candidate.variant.file === current.id);
  if (item) return item.fit.fittingContextSize;
  const [model, { device, ram, repackKernels }] = await Promise.all([(sources.readHeader ?? headerModel)(current.path), sources.catalog.fitInputs()]);
  if (!model || device.totalRamBytes === null) return null;
  // The same inputs and rule as the listing (fit-inputs.ts): the app's running processes are not counted twice.
  return assessFit(model, ram, { repackKernels }).fittingContextSize;
}

async function headerModel(filePath: string): Promise<MemoryModel | undefined> {
  try {
    return memoryModelFromHeader(await readGgufSummary(filePath));
  } catch {
    return undefined;
  }
}
