// @vitest-environment node
import { describe, expect, it } from "vitest";
import type { DeviceInfo } from "../../electron/common/contract/app/library.ts";
import { assessFit, prefersQ4_0, type DeviceRam } from "../../electron/node/services/library/fit.ts";
import { memoryModelFromCatalog } from "../../electron/node/services/library/memory-estimate.ts";
import { explainRecommendation } from "../../electron/node/services/library/recommendation.ts";
import { loadBundledCatalog } from "../../models/catalog.ts";

const catalog = loadBundledCatalog();
/** The same Pi-sized figures as fit-and-recommendation.test.ts. */
const ram: Record<string, DeviceRam> = {
  "2 GB": { totalBytes: 2_009_000_000, availableBytes: 1_350_000_000 },
  "4 GB": { totalBytes: 4_129_000_000, availableBytes: 3_300_000_000 },
  "8 GB": { totalBytes: 8_443_609_088, availableBytes: 7_180_000_000 },
  "16 GB": { totalBytes: 16_871_000_000, availableBytes: 15_600_000_000 },
};

function explain(size: keyof typeof ram, arch = "arm64") {
  const device: DeviceInfo = {
    totalRamBytes: ram[size]!.totalBytes, availableRamBytes: ram[size]!.availableBytes, cpuModel: arch === "arm64" ? "Cortex-A76" : "AMD EPYC", cpuCores: 4,
    arch, boardModel: null, temperatureCelsius: null, throttling: null,
  };
  const assessed = catalog.variants.map((variant) => ({ variant, fit: assessFit(memoryModelFromCatalog(variant), ram[size]!) }));
  return { assessed, why: explainRecommendation(assessed, device, { preferQ4_0: prefersQ4_0(arch) }) };
}
const needOf = (assessed: ReturnType<typeof explain>["assessed"], id: string) => assessed.find((entry) => entry.variant.id === id)!.fit.needBytes;

describe("why the Library recommends a file, from the fit figures that chose it", () => {
  it("2 GB: nothing to explain", () => {
    expect(explain("2 GB").why).toBeNull();
  });

  // With the app overhead the bench measured on the published layout (engine runtime + main + renderer, 460 MB:
  // fit.ts), a 4 GB Pi has room for 2B Q4_0 at 4,096 tokens and for the 5-bit file too.
  it("4 GB Pi: 2B Q4_0 with 4,096 tokens; the runner-up is the better-quality 5-bit file; 9B won't fit", () => {
    const { assessed, why } = explain("4 GB");
    expect(why).toMatchObject({
      recommendedId: "gemma-2-2b-it-Q4_0", choice: "q4_0-on-arm", fittingContextSize: 4096,
      runnerUp: { variantId: "gemma-2-2b-it-Q5_K_M", trade: "higher-quality-slower-prompts", needBytes: needOf(assessed, "gemma-2-2b-it-Q5_K_M") },
      biggerModel: { variantId: "gemma-2-9b-it-Q4_0", verdict: "wont-fit" },
      cpu: { arch: "arm64", cores: 4, model: "Cortex-A76" },
    });
    expect(why?.needBytes).toBe(needOf(assessed, "gemma-2-2b-it-Q4_0"));
  });

  it("8 GB Pi: Q4_0 for prompt speed on ARM; 9B would be tight; the runner-up is the best-quality 2B file, which reads prompts more slowly", () => {
    const { assessed, why } = explain("8 GB");
    expect(why).toMatchObject({
      recommendedId: "gemma-2-2b-it-Q4_0", choice: "q4_0-on-arm", fittingContextSize: 8192,
      biggerModel: { variantId: "gemma-2-9b-it-Q4_0", verdict: "tight", needBytes: needOf(assessed, "gemma-2-9b-it-Q4_0") },
      runnerUp: { variantId: "gemma-2-2b-it-Q8_0", trade: "higher-quality-slower-prompts", needBytes: needOf(assessed, "gemma-2-2b-it-Q8_0") },
    });
  });

  it("8 GB x86-64: the best-quality file that fits, and the next one down as runner-up", () => {
    expect(explain("8 GB", "x64").why).toMatchObject({
      recommendedId: "gemma-2-2b-it-Q8_0", choice: "best-quality-that-fits", runnerUp: { variantId: "gemma-2-2b-it-Q6_K", trade: "lower-quality" },
    });
  });

  it("16 GB Pi: 9B Q4_0, with no bigger model to rule out", () => {
    const { why } = explain("16 GB");
    expect(why).toMatchObject({ recommendedId: "gemma-2-9b-it-Q4_0", biggerModel: null });
    expect(["higher-quality-slower-prompts", "smaller-model"]).toContain(why?.runnerUp?.trade);
  });
});
