/** The catalog as the library screen needs it: every variant with its RAM fit on this device, and the one to recommend. */
import type { CatalogListing, CatalogVariant, InstalledModel } from "../../../common/contract/app/library.ts";
import type { Catalog } from "../../../../models/catalog.ts";
import { assessFit, defaultAppOverheadBytes, prefersQ4_0 } from "./fit.ts";
import { readFitInputs, type FitInputSources, type FitInputs } from "./fit-inputs.ts";
import type { HeaderEstimates } from "./header-estimates.ts";
import { memoryModelFromCatalog } from "./memory-estimate.ts";
import { explainRecommendation } from "./recommendation.ts";

/** `device` and `resident`: where the fit verdicts' figures come from (fit-inputs.ts). */
export interface CatalogServiceOptions extends FitInputSources {
  catalog: Catalog;
  library: { list(): Promise<InstalledModel[]> };
  /** Estimates from the real headers when they could be read; the catalog's figures otherwise. */
  headerEstimates?: HeaderEstimates;
  appOverheadBytes?: number;
}

export interface CatalogService {
  list(options?: { contextSize?: number }): Promise<CatalogListing>;
  variant(id: string): CatalogVariant | undefined;
  /** The device, RAM (with what of the app runs now) and repack kernels `list` assesses with: for other fit verdicts (memory-advice.ts). */
  fitInputs(): Promise<FitInputs>;
  /** Reads the remote headers (network) so later listings use node-llama-cpp's estimates. */
  refreshEstimates(signal?: AbortSignal): Promise<number>;
}

export function createCatalogService(options: CatalogServiceOptions): CatalogService {
  const { catalog } = options;
  const fitInputs = () => readFitInputs(options);
  return {
    async list({ contextSize } = {}) {
      const [{ device, ram, repackKernels }, installed] = await Promise.all([fitInputs(), options.library.list()]);
      const fitOptions = {
        appOverheadBytes: options.appOverheadBytes ?? defaultAppOverheadBytes,
        repackKernels,
        ...(contextSize === undefined ? {} : { contextSize }),
      };
      const assessed = catalog.variants.map((variant) => ({
        variant,
        fit: assessFit(options.headerEstimates?.get(variant.id) ?? memoryModelFromCatalog(variant), ram, fitOptions),
      }));
      const explanation = explainRecommendation(assessed, device, { preferQ4_0: prefersQ4_0(device.arch) });
      const recommendedId = explanation?.recommendedId ?? null;
      const installedIds = new Set(installed.flatMap((model) => [model.id, model.catalogId]));
      return {
        termsUrl: catalog.termsUrl,
        items: assessed.map(({ variant, fit }) => ({
          variant,
          fit,
          recommended: variant.id === recommendedId,
          installed: installedIds.has(variant.file) || installedIds.has(variant.id),
        })),
        recommendedId,
        explanation,
        totalRamBytes: ram.totalBytes,
        availableRamBytes: ram.availableBytes,
      };
    },
    fitInputs,
    variant: (id) => catalog.variants.find((variant) => variant.id === id),
    refreshEstimates: (signal) => options.headerEstimates?.refresh(catalog.variants, signal) ?? Promise.resolve(0),
  };
}
