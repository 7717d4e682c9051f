// @vitest-environment node
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DeviceInfo } from "../../electron/common/contract/app/library.ts";
import { catalogListingSchema } from "../../electron/common/contract/app/library.ts";
import { createCatalogService } from "../../electron/node/services/library/catalog-service.ts";
import { createHeaderEstimates } from "../../electron/node/services/library/header-estimates.ts";
import { createModelLibrary } from "../../electron/node/services/library/installed-models.ts";
import { loadBundledCatalog } from "../../models/catalog.ts";
import { startHfServer, type HfTestServer } from "../support/hf-server.ts";
import { testModel } from "../support/hf/test-model.ts";

const pi8gb: DeviceInfo = {
  totalRamBytes: 8_443_609_088,
  availableRamBytes: 7_180_000_000,
  cpuModel: "Cortex-A76",
  cpuCores: 4,
  arch: "arm64",
  boardModel: "Raspberry Pi 5 Model B Rev 1.0",
  temperatureCelsius: 55,
  throttling: null,
};

describe("the catalog listing with fit and recommendation", () => {
  let server: HfTestServer;
  let modelsDir: string;
  beforeEach(async () => {
    server = await startHfServer();
    server.addFile("bartowski/gemma-2-2b-it-GGUF", "gemma-2-2b-it-Q4_K_M.gguf", (await testModel("q4_0")).data);
    modelsDir = await mkdtemp(path.join(os.tmpdir(), "edge-gemma-catalog-"));
  });
  afterEach(async () => {
    await server.close();
    await rm(modelsDir, { recursive: true, force: true });
  });

  const service = (endpoint: string) => {
    const headerEstimates = createHeaderEstimates({ getEndpoint: () => endpoint, getToken: async () => undefined, timeoutMs: 5000 });
    return createCatalogService({
      catalog: loadBundledCatalog(),
      device: { read: async () => pi8gb },
      library: createModelLibrary({ modelsDir }),
      headerEstimates,
    });
  };

  it("works offline from the bundled figures and marks one variant recommended", async () => {
    const stopped = await startHfServer();
    await stopped.close();
    const catalogService = service(stopped.endpoint);
    expect(await catalogService.refreshEstimates()).toBe(0);
    const listing = catalogListingSchema.parse(await catalogService.list());
    expect(listing.items).toHaveLength(7);
    expect(listing.items.every((item) => item.fit.estimateSource === "catalog")).toBe(true);
    expect(listing.recommendedId).toBe("gemma-2-2b-it-Q4_0");
    expect(listing.items.filter((item) => item.recommended).map((item) => item.variant.id)).toEqual(["gemma-2-2b-it-Q4_0"]);
    expect(listing.items.some((item) => item.installed)).toBe(false);
    expect(listing).toMatchObject({ totalRamBytes: pi8gb.totalRamBytes, availableRamBytes: pi8gb.availableRamBytes });
  });

  it("uses the estimate from the remote GGUF header (read in ranges, in a worker) where it can be read", async () => {
    const catalogService = service(server.endpoint);
    expect(await catalogService.refreshEstimates()).toBe(1);
    const listing = await catalogService.list({ contextSize: 2048 });
    const served = listing.items.find((item) => item.variant.id === "gemma-2-2b-it-Q4_K_M")!;
    expect(served.fit).toMatchObject({ estimateSource: "gguf-header", contextSize: 2048, verdict: "fits" });
    // The served file is the tiny generated model: its weights are what its header describes.
    expect(served.fit.weightsBytes).toBeGreaterThan(1_000_000);
    expect(served.fit.weightsBytes).toBeLessThan(2_000_000);
    expect(listing.items.filter((item) => item.fit.estimateSource === "gguf-header")).toHaveLength(1);
    const headerBytes = server.stats.requests.filter((request) => request.range !== null);
    expect(headerBytes.length).toBeGreaterThan(0);
  });
});
