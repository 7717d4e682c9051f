// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getLlama, LlamaChatSession, LlamaLogLevel, type Llama, type LlamaModel } from "node-llama-cpp";
import { fullSlidingWindowCache } from "../../electron/engine/sliding-window.ts";
import { GEMMA2_SHAPES } from "../../tools/make-model/index.ts";
import { tinyModel } from "../support/models.ts";

/**
 * What the engine's context choice holds beside llama.cpp's buffers over a chat (issue #18 item 4): node-llama-cpp's
 * checkpoints of the sliding-window KV cache. The tiny test model has Gemma 2's layout with a 512-token window.
 */
let llama: Llama;
let model: LlamaModel;
const window = GEMMA2_SHAPES.tiny.slidingWindow;

beforeAll(async () => {
  llama = await getLlama({ gpu: false, build: "never", logLevel: LlamaLogLevel.error });
  model = await llama.loadModel({ modelPath: await tinyModel("q4_0"), gpuLayers: 0, useMmap: false });
});
afterAll(async () => {
  await model?.dispose();
  await llama?.dispose();
});

/** Three turns of one chat on a context made as the engine makes it; what the sequence holds afterwards. */
async function chatOn(contextSize: number) {
  const context = await model.createContext({ contextSize, threads: 1, swaFullCache: fullSlidingWindowCache(model.fileInsights.swaSize, contextSize) });
  try {
    const session = new LlamaChatSession({ contextSequence: context.getSequence() });
    const meter = session.sequence.tokenMeter;
    const evaluated: number[] = [];
    for (const text of ["Tell me about the Raspberry Pi 5 and its memory.", "And then?", "Go on."]) {
      const before = meter.usedInputTokens;
      await session.prompt(text, { maxTokens: 8, temperature: 0 });
      evaluated.push(meter.usedInputTokens - before);
    }
    return { checkpointsBytes: session.sequence.checkpointsMemoryUsage, heldTokens: session.sequence.nextTokenIndex, evaluated };
  } finally {
    await context.dispose();
  }
}

describe("the engine's sliding-window cache choice", () => {
  it("asks for the full-size cache exactly when the context fits in the model's window", () => {
    expect(model.fileInsights.swaSize).toBe(window);
    expect(fullSlidingWindowCache(window, window)).toBe(true);
    expect(fullSlidingWindowCache(window, { max: window })).toBe(true);
    expect(fullSlidingWindowCache(window, window + 1)).toBe(false);
    expect(fullSlidingWindowCache(window, { max: window * 2 })).toBe(false);
    // A model without a sliding window has nothing to choose (node-llama-cpp ignores the option then).
    expect(fullSlidingWindowCache(undefined, 512)).toBe(false);
  });

  it("holds no checkpoint copies over a chat in a context within the window, and still evaluates only each new message", async () => {
    const within = await chatOn(window);
    expect(within.heldTokens).toBeGreaterThan(0);
    expect(within.checkpointsBytes).toBe(0);
    // Follow-ups reuse the KV cache: each evaluates fewer tokens than the chat holds by then.
    expect(within.evaluated[1]).toBeLessThan(within.evaluated[0] ?? 0);
    expect(within.evaluated[2]).toBeLessThan(within.heldTokens / 2);
  });

  it("keeps node-llama-cpp's checkpoints in a context longer than the window, where an evicted cell can be needed again", async () => {
    const beyond = await chatOn(window * 2);
    expect(beyond.checkpointsBytes).toBeGreaterThan(0);
  });
});
