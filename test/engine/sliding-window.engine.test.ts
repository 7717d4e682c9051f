// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getLlama, LlamaChatSession, LlamaLogLevel, type Llama, type LlamaModel } from "node-llama-cpp";
import { afterAnswerCheckpointsKept } from "../../electron/common/sliding-window-checkpoints.ts";
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

const shortChat = ["Tell me about the Raspberry Pi 5 and its memory.", "And then?", "Go on."];

/**
 * The turns of one chat on a context made as the engine makes it (electron/engine/engine.ts: the cache choice and the
 * sequence's checkpoint limit, unless `checkpoints` is given); what the sequence holds after each turn.
 */
async function chatOn(contextSize: number, turns = shortChat, checkpoints: { max?: number } = { max: afterAnswerCheckpointsKept }) {
  const context = await model.createContext({ contextSize, threads: 1, swaFullCache: fullSlidingWindowCache(model.fileInsights.swaSize, contextSize) });
  try {
    const session = new LlamaChatSession({ contextSequence: context.getSequence({ checkpoints }) });
    const meter = session.sequence.tokenMeter;
    const evaluated: number[] = [];
    const checkpointsAfterTurn: number[] = [];
    for (const text of turns) {
      const before = meter.usedInputTokens;
      await session.prompt(text, { maxTokens: 8, temperature: 0 });
      evaluated.push(meter.usedInputTokens - before);
      checkpointsAfterTurn.push(session.sequence.checkpointsMemoryUsage);
    }
    const heldTokens = session.sequence.nextTokenIndex;
    const checkpointsBytes = session.sequence.checkpointsMemoryUsage;
    // Regenerate, as the engine does it: the history without the last exchange, then the same message again.
    const before = meter.usedInputTokens;
    session.setChatHistory(session.getChatHistory().slice(0, -2));
    await session.prompt(turns.at(-1) ?? "", { maxTokens: 8, temperature: 0 });
    const regenerateEvaluated = meter.usedInputTokens - before;
    return { checkpointsBytes, heldTokens, evaluated, checkpointsAfterTurn, regenerateEvaluated };
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

  it("beyond the window, holds a bounded number of copies however long the chat gets (node-llama-cpp's default keeps 32)", async () => {
    // Each turn is long enough that the chat passes the 512-token window after a few turns, and each copy then holds
    // the whole window.
    const turns = Array.from({ length: 8 }, (_, turn) => `Turn ${turn}: ${"the Pi reads every weight once per token and ".repeat(4)}`);
    const bounded = await chatOn(GEMMA2_SHAPES.tiny.contextLength, turns);
    const unbounded = await chatOn(GEMMA2_SHAPES.tiny.contextLength, turns, {});
    expect(bounded.heldTokens).toBeGreaterThan(window * 2);
    // node-llama-cpp's default: one more copy every turn.
    expect(unbounded.checkpointsAfterTurn.at(-1)).toBeGreaterThan(unbounded.checkpointsAfterTurn.at(-3) ?? 0);
    // Ours: the same copies over the last turns (the two latest after-answer ones and the latest answer's start).
    const [third, second, last] = bounded.checkpointsAfterTurn.slice(-3);
    expect(Math.abs((last ?? 0) - (third ?? 0))).toBeLessThan((third ?? 0) * 0.1);
    expect(second).toBeGreaterThan(0);
    expect(bounded.checkpointsBytes * 2).toBeLessThan(unbounded.checkpointsBytes);
    // Regenerate still starts from the copy at the answer's start: only the last message is evaluated again.
    expect(bounded.regenerateEvaluated).toBeLessThan(bounded.heldTokens / 4);
  });
});
