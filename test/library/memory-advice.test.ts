// @vitest-environment node
import { describe, expect, it } from "vitest";
import type { DeviceInfo, InstalledModel } from "../../electron/common/contract/app/library.ts";
import { createCatalogService } from "../../electron/node/services/library/catalog-service.ts";
import { adviseOnMemory } from "../../electron/node/services/library/memory-advice.ts";
import { loadBundledCatalog } from "../../models/catalog.ts";
import { installedCatalogFile } from "./support/installed-catalog-file.ts";

/** A Raspberry Pi 5 4 GB with the desktop running (the figures fit-and-recommendation.test.ts uses). */
const pi4gb: DeviceInfo = {
  totalRamBytes: 4_129_000_000,
  availableRamBytes: 3_300_000_000,
  cpuModel: "Cortex-A76",
  cpuCores: 4,
  arch: "arm64",
  boardModel: "Raspberry Pi 5 Model B Rev 1.0",
  temperatureCelsius: 55,
  throttling: null,
};
const catalog = loadBundledCatalog();


function sources(models: InstalledModel[]) {
  const device = { read: async () => structuredClone(pi4gb) };
  const library = { list: async () => structuredClone(models) };
  return { catalog: createCatalogService({ catalog, device, library }), device, models: library };
}

describe("what to change after running out of memory, from the Library's fit logic", () => {
  it("a 4 GB Pi that ran 2B Q4_0 at 4096 tokens: the 2048 the Library says fits", async () => {
    const model = installedCatalogFile("gemma-2-2b-it-Q4_0");
    const advice = await adviseOnMemory(sources([model]), { modelPath: model.path, contextSize: 4096 });
    expect(advice).toEqual({ modelId: model.id, contextSize: 2048, smallerModelId: null, smallerVariantId: null });
  });

  it("already at the context that fits: a smaller installed file, else the catalog's recommendation to download", async () => {
    const big = installedCatalogFile("gemma-2-2b-it-Q8_0");
    const small = installedCatalogFile("gemma-2-2b-it-Q4_0");
    // Q8_0 fits at no context on 4 GB: the smaller installed Q4_0 (which fits at 2048) is the suggestion.
    expect(await adviseOnMemory(sources([big, small]), { modelPath: big.path, contextSize: 2048 })).toEqual({
      modelId: big.id,
      contextSize: null,
      smallerModelId: small.id,
      smallerVariantId: null,
    });
    expect(await adviseOnMemory(sources([big]), { modelPath: big.path, contextSize: 2048 })).toEqual({
      modelId: big.id,
      contextSize: null,
      smallerModelId: null,
      smallerVariantId: "gemma-2-2b-it-Q4_0",
    });
  });

  it("no model known: no advice", async () => {
    expect(await adviseOnMemory(sources([]), { modelPath: null, contextSize: 4096 })).toEqual({
      modelId: null,
      contextSize: null,
      smallerModelId: null,
      smallerVariantId: null,
    });
  });
});
