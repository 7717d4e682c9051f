/** Sample library data as main would send it: a Pi 5 with 8 GB, the bundled catalog with fixed verdicts, installed models. */
import type { CatalogItem, CatalogListing, DeviceInfo, FitAssessment, InstalledModel } from "../../electron/common/contract/app/library.ts";
import { explainRecommendation } from "../../electron/node/services/library/recommendation.ts";
import { loadBundledCatalog } from "../../models/catalog.ts";

export const GB = 1_000_000_000;

/** A Raspberry Pi 5 with 8 GB, 5.9 GB free, 62 °C, not throttled. */
/** A device that reports nothing (another board, a container): every figure unknown. */
export const unknownDevice: DeviceInfo = {
  totalRamBytes: null,
  availableRamBytes: null,
  cpuModel: null,
  cpuCores: null,
  arch: "x64",
  boardModel: null,
  temperatureCelsius: null,
  throttling: null,
};

export function piDevice(overrides: Partial<DeviceInfo> = {}): DeviceInfo {
  const flags = { underVoltage: false, armFrequencyCapped: false, throttled: false, softTemperatureLimit: false };
  return {
    totalRamBytes: 8 * GB,
    availableRamBytes: 5.9 * GB,
    cpuModel: "Cortex-A76",
    cpuCores: 4,
    arch: "arm64",
    boardModel: "Raspberry Pi 5 Model B Rev 1.0",
    temperatureCelsius: 62,
    throttling: { raw: "0x0", now: flags, sinceBoot: flags },
    ...overrides,
  };
}

/** Fit figures as main computes them, for an 8 GB device with 5.9 GB available. */
export function fitOf(verdict: FitAssessment["verdict"], needBytes: number, fittingContextSize: number | null, contextSize = 4096): FitAssessment {
  return {
    verdict,
    contextSize,
    fittingContextSize,
    needBytes,
    weightsBytes: Math.round(needBytes * 0.7),
    contextBytes: Math.round(needBytes * 0.15),
    appOverheadBytes: 350_000_000,
    headroomBytes: 800_000_000,
    totalRamBytes: 8 * GB,
    availableRamBytes: 5.9 * GB,
    estimateSource: "catalog",
  };
}

/** The bundled catalog with fixed verdicts: the 2B files fit (Q4_0 recommended), 9B Q4_0 is tight, 9B Q4_K_M won't fit. */
export function sampleCatalog(contextSize = 4096): CatalogListing {
  const verdicts: Record<string, FitAssessment> = {
    "gemma-2-9b-it-Q4_0": fitOf("tight", 6.4 * GB, null, contextSize),
    "gemma-2-9b-it-Q4_K_M": fitOf("wont-fit", 8.6 * GB, null, contextSize),
  };
  const items: CatalogItem[] = loadBundledCatalog().variants.map((variant) => ({
    variant,
    fit: verdicts[variant.id] ?? fitOf("fits", variant.sizeBytes + 0.8 * GB, 8192, contextSize),
    recommended: variant.id === "gemma-2-2b-it-Q4_0",
    installed: false,
  }));
  // Worded by the banner from main's own reasoning over these figures (recommendation.ts).
  const explanation = explainRecommendation(items, piDevice(), { preferQ4_0: true });
  return { termsUrl: "https://ai.google.dev/gemma/terms", items, recommendedId: "gemma-2-2b-it-Q4_0", explanation, totalRamBytes: 8 * GB, availableRamBytes: 5.9 * GB };
}

export function installedModel(id: string, overrides: Partial<InstalledModel> = {}): InstalledModel {
  return {
    id,
    path: `/home/pi/.config/Edge Gemma/models/${id}`,
    sizeBytes: 1_630_000_000,
    quantization: "Q4_0",
    architecture: "gemma2",
    source: { kind: "huggingface", endpoint: "https://huggingface.co", repo: "bartowski/gemma-2-2b-it-GGUF", file: id },
    sha256: "a".repeat(64),
    addedAt: Date.UTC(2025, 0, 15),
    inPlace: false,
    catalogId: null,
    ...overrides,
  };
}
