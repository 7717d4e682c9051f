// @vitest-environment node
import { describe, expect, it } from "vitest";
import { ceilingSection, type CeilingSample } from "../../bench/ceiling-section.ts";
import { answerResult } from "../../bench/measure.ts";
import type { NativeCallTimes } from "../../bench/raw-native-times.ts";

/** An answer of `tokens` tokens whose generation (first → last token) took `generationMs`. */
function answer(tokens: number, generationMs: number) {
  return answerResult({
    startedAt: 0,
    firstTokenAt: 500,
    lastTokenAt: 500 + generationMs,
    endedAt: 500 + generationMs,
    promptTokens: 512,
    generatedTokens: tokens,
    pieces: tokens,
    stopReason: "maxTokens",
  });
}

function sample(native: NativeCallTimes, benchTokensPerSecond: number): CeilingSample {
  // 11 tokens in 1 s: 10 timed tokens, 100 ms each.
  return {
    raw: { ...answer(11, 1000), textSha1: "", native },
    ours: answer(11, 1100),
    llamaBench: { promptTokensPerSecond: 100, tokensPerSecond: benchTokensPerSecond },
  };
}

describe("ceiling section", () => {
  it("splits raw's generated token into decode, sampling and the rest, and rates the decode alone against llama-bench", () => {
    const section = ceilingSection(
      [
        sample({ decodeMs: 900, decodes: 10, sampleMs: 50, samples: 10 }, 10),
        sample({ decodeMs: 800, decodes: 10, sampleMs: 30, samples: 10 }, 12.5),
      ],
      1e9,
    );
    expect(section.rawPerToken?.decodeMs).toMatchObject({ min: 80, max: 90, n: 2 });
    expect(section.rawPerToken?.sampleMs).toMatchObject({ min: 3, max: 5 });
    // 100 ms per token − decode − sampling.
    expect(section.rawPerToken?.otherMs).toMatchObject({ min: 5, max: 17 });
    // 1000/90 = 11.1 tok/s vs 10; 1000/80 = 12.5 vs 12.5.
    expect(section.rawDecodeOnlyRatio).toMatchObject({ min: 1, max: 1.1111 });
    expect(section.rawGenerationRatio).toMatchObject({ min: 0.8, max: 1 });
  });

  it("leaves the split out when no native call was timed", () => {
    const section = ceilingSection([sample({ decodeMs: 0, decodes: 0, sampleMs: 0, samples: 0 }, 10)], 1e9);
    expect(section.rawPerToken).toBeNull();
    expect(section.rawDecodeOnlyRatio?.median).toBeNull();
  });
});
