// @vitest-environment node
import { describe, expect, it } from "vitest";
import { loadBundledCatalog } from "../../models/catalog.ts";
import { assessFit, recommendVariant, type DeviceRam } from "../../electron/node/services/library/fit.ts";
import { memoryModelFromCatalog, type MemoryModel } from "../../electron/node/services/library/memory-estimate.ts";

/**
 * Pi-sized devices running the desktop and this app: MemTotal, and a typical MemAvailable (Raspberry Pi 5s). No CPU
 * kernels are passed here, so the tied embedding is counted once, as on x86-64 or a Pi 4; a Pi 5 CPU adds its second
 * copy: repacked-embedding.test.ts. No resident app is passed either, so these verdicts compare the whole app with
 * MemAvailable (as before the running processes were counted once); with them counted: fit-resident.test.ts.
 */
const devices: Record<string, DeviceRam> = {
  "2 GB": { totalBytes: 2_009_000_000, availableBytes: 1_350_000_000 },
  "4 GB": { totalBytes: 4_129_000_000, availableBytes: 3_300_000_000 },
  "8 GB": { totalBytes: 8_443_609_088, availableBytes: 7_180_000_000 },
  "16 GB": { totalBytes: 16_871_000_000, availableBytes: 15_600_000_000 },
};

const catalog = loadBundledCatalog();
function assessCatalog(ram: DeviceRam) {
  return catalog.variants.map((variant) => ({
    id: variant.id,
    parameters: variant.shape.parameters,
    quantization: variant.quantization,
    fit: assessFit(memoryModelFromCatalog(variant), ram),
  }));
}
const verdicts = (ram: DeviceRam) => Object.fromEntries(assessCatalog(ram).map(({ id, fit }) => [id, `${fit.verdict} (fits up to ${fit.fittingContextSize ?? "—"})`]));

describe("fit before download and the recommended variant, on Pi-sized devices", () => {
  it("2 GB: nothing fits, nothing is recommended", () => {
    expect(Object.values(verdicts(devices["2 GB"]!))).toEqual(Array(7).fill("wont-fit (fits up to —)"));
    expect(recommendVariant(assessCatalog(devices["2 GB"]!), { preferQ4_0: true })).toBeNull();
  });

  // The app overhead is what `npm run bench` measured on a model laid out like the published files (fit.ts).
  it("4 GB: 2B Q4_0 and Q4_K_M fit with 4096 tokens, Q5_K_M with 2048, Q6_K only with 1024; Q4_0 on the Pi, Q5_K_M elsewhere", () => {
    expect(verdicts(devices["4 GB"]!)).toMatchObject({
      "gemma-2-2b-it-Q4_0": "fits (fits up to 4096)",
      "gemma-2-2b-it-Q4_K_M": "fits (fits up to 4096)",
      "gemma-2-2b-it-Q5_K_M": "tight (fits up to 2048)",
      "gemma-2-2b-it-Q6_K": "tight (fits up to 1024)",
      "gemma-2-2b-it-Q8_0": "wont-fit (fits up to —)",
      "gemma-2-9b-it-Q4_0": "wont-fit (fits up to —)",
    });
    // A recommendation needs 2048 tokens with headroom: off the Pi the best quality that has them is Q5_K_M.
    expect(recommendVariant(assessCatalog(devices["4 GB"]!), { preferQ4_0: true })).toBe("gemma-2-2b-it-Q4_0");
    expect(recommendVariant(assessCatalog(devices["4 GB"]!), { preferQ4_0: false })).toBe("gemma-2-2b-it-Q5_K_M");
  });

  it("8 GB: every 2B file fits with the full 8192 context, 9B Q4_0 only with 512 tokens; Q4_0 on the Pi, Q8_0 elsewhere", () => {
    const table = verdicts(devices["8 GB"]!);
    for (const quant of ["Q4_0", "Q4_K_M", "Q5_K_M", "Q6_K", "Q8_0"]) expect(table[`gemma-2-2b-it-${quant}`]).toBe("fits (fits up to 8192)");
    expect(table["gemma-2-9b-it-Q4_0"]).toBe("tight (fits up to 512)");
    expect(table["gemma-2-9b-it-Q4_K_M"]).toBe("wont-fit (fits up to —)");
    expect(recommendVariant(assessCatalog(devices["8 GB"]!), { preferQ4_0: true })).toBe("gemma-2-2b-it-Q4_0");
    expect(recommendVariant(assessCatalog(devices["8 GB"]!), { preferQ4_0: false })).toBe("gemma-2-2b-it-Q8_0");
  });

  it("16 GB: 9B fits; the Pi gets 9B Q4_0", () => {
    expect(verdicts(devices["16 GB"]!)).toMatchObject({
      "gemma-2-9b-it-Q4_0": "fits (fits up to 8192)",
      "gemma-2-9b-it-Q4_K_M": "fits (fits up to 8192)",
    });
    expect(recommendVariant(assessCatalog(devices["16 GB"]!), { preferQ4_0: true })).toBe("gemma-2-9b-it-Q4_0");
    expect(recommendVariant(assessCatalog(devices["16 GB"]!), { preferQ4_0: false })).toBe("gemma-2-9b-it-Q4_K_M");
  });

  it("gives the numbers behind a verdict: weights + context + app overhead against total and available", () => {
    const q4 = catalog.variants.find((variant) => variant.id === "gemma-2-2b-it-Q4_0")!;
    const fit = assessFit(memoryModelFromCatalog(q4), devices["8 GB"]!, { contextSize: 4096, appOverheadBytes: 350_000_000 });
    expect(fit).toMatchObject({ verdict: "fits", contextSize: 4096, weightsBytes: q4.sizeBytes, appOverheadBytes: 350_000_000, estimateSource: "catalog" });
    expect(fit.needBytes).toBe(fit.weightsBytes + fit.contextBytes + fit.appOverheadBytes);
    expect(fit.totalRamBytes).toBe(devices["8 GB"]!.totalBytes);
    expect(fit.availableRamBytes).toBe(devices["8 GB"]!.availableBytes);
  });
});

describe("the fit rule itself", () => {
  const flat = (weightsBytes: number, contextBytesPerToken = 0): MemoryModel => ({
    source: "catalog",
    weightsBytes,
    trainContextSize: 8192,
    contextBytes: (contextSize) => contextSize * contextBytesPerToken,
  });
  const ram = { totalBytes: 4_000_000_000, availableBytes: 3_000_000_000 };
  const overhead = { appOverheadBytes: 0 };

  it("draws the lines at available − headroom and total − headroom (headroom: 10 % of total, at least 256 MiB)", () => {
    expect(assessFit(flat(3_000_000_000 - 400_000_000), ram, overhead).verdict).toBe("fits");
    expect(assessFit(flat(3_000_000_000 - 400_000_000 + 1), ram, overhead).verdict).toBe("tight");
    expect(assessFit(flat(4_000_000_000 - 400_000_000), ram, overhead).verdict).toBe("tight");
    expect(assessFit(flat(4_000_000_000 - 400_000_000 + 1), ram, overhead).verdict).toBe("wont-fit");
    expect(assessFit(flat(1), { totalBytes: 1_000_000_000, availableBytes: null }, overhead).headroomBytes).toBe(256 * 1024 * 1024);
  });

  it("assumes 75 % of the total is available when that figure is unknown, and clamps the context to the training one", () => {
    expect(assessFit(flat(2_600_000_000), { totalBytes: 4_000_000_000, availableBytes: null }, overhead).verdict).toBe("fits");
    expect(assessFit(flat(2_700_000_000), { totalBytes: 4_000_000_000, availableBytes: null }, overhead).verdict).toBe("tight");
    expect(assessFit(flat(1), ram, { contextSize: 32_768 }).contextSize).toBe(8192);
  });

  it("finds the largest context that fits with headroom", () => {
    const fit = assessFit(flat(2_000_000_000, 100_000), ram, { ...overhead, contextSize: 8192 });
    // 2.0 GB + 4096 × 100 kB = 2.41 GB ≤ 2.6 GB (available − headroom); with 8192 tokens, 2.82 GB only fits in the total.
    expect(fit).toMatchObject({ verdict: "tight", fittingContextSize: 4096 });
  });
});
