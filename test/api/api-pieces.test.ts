// @vitest-environment node
import { describe, expect, it } from "vitest";
import { ConversationError, toGenerationRequest } from "../../electron/node/api/conversation.ts";
import { GenerationQueue } from "../../electron/node/api/generation-queue.ts";
import { keepAliveMs } from "../../electron/node/api/ollama-requests.ts";
import { humanNumber } from "../../electron/node/api/ollama-responses.ts";
import { fromOllamaOptions, OptionError } from "../../electron/node/api/sampling-options.ts";
import { StopScanner } from "../../electron/node/api/stop-sequences.ts";

describe("stop sequences", () => {
  it("hold back a possible start of a stop sequence and cut the answer before it, across deltas", () => {
    const scanner = new StopScanner(["\nUser:"]);
    expect(["Hello", " there\n", "Us", "er: next"].map((delta) => scanner.push(delta))).toEqual(["Hello", " there", "", ""]);
    expect(scanner.stopped).toBe(true);
    expect(scanner.flush()).toBe("");
  });

  it("release held-back text that turned out not to be a stop sequence", () => {
    const scanner = new StopScanner(["END"]);
    expect(scanner.push("the EN")).toBe("the ");
    expect(scanner.push("D")).toBe("");
    const other = new StopScanner(["END"]);
    expect(other.push("the EN") + other.push("ergy") + other.flush()).toBe("the ENergy");
  });
});

describe("keep_alive as Ollama's api.Duration reads it", () => {
  it("takes seconds as numbers and Go durations as strings; negative is forever", () => {
    expect(keepAliveMs(0)).toBe(0);
    expect(keepAliveMs(30)).toBe(30_000);
    expect(keepAliveMs("5m")).toBe(300_000);
    expect(keepAliveMs("1h30m")).toBe(5_400_000);
    expect(keepAliveMs("0")).toBe(0);
    expect(keepAliveMs(-1)).toBe(Infinity);
    expect(keepAliveMs("-1m")).toBe(Infinity);
    expect(() => keepAliveMs("soon")).toThrow('time: invalid duration "soon"');
  });
});

describe("options", () => {
  it("map Ollama's options onto the engine's sampling, ignoring the ones the app's settings own", () => {
    expect(fromOllamaOptions({ temperature: 0.2, top_k: 20.9, top_p: 0.9, min_p: 0.05, repeat_penalty: 1.1, repeat_last_n: 64, seed: 42, num_predict: 10, num_ctx: 4096, stop: ["\n\n"] })).toEqual({
      sampling: { temperature: 0.2, topK: 20, topP: 0.9, minP: 0.05, repeatPenalty: 1.1, repeatLastTokens: 64, seed: 42, maxTokens: 10 },
      stops: ["\n\n"],
    });
    expect(fromOllamaOptions({ seed: -1, num_predict: -1 })).toEqual({ sampling: undefined, stops: [] });
  });

  it("refuse wrong types and out-of-range values with the option's name", () => {
    expect(() => fromOllamaOptions({ top_k: "many" })).toThrow(new OptionError('option "top_k" must be of type integer'));
    expect(() => fromOllamaOptions({ stop: "x" })).toThrow('option "stop" must be of type array');
    expect(() => fromOllamaOptions({ temperature: 9 })).toThrow(/^temperature: /);
  });
});

describe("a client's chat in the engine's terms", () => {
  it("folds system messages into one prompt, joins turns of one role and continues a prefilled answer", () => {
    expect(
      toGenerationRequest([
        { role: "system", content: "Be brief." },
        { role: "user", content: "Hi" },
        { role: "assistant", content: "Hello!" },
        { role: "user", content: "Name" },
        { role: "user", content: "a colour" },
        { role: "assistant", content: "Blue" },
      ]),
    ).toEqual({
      systemPrompt: "Be brief.",
      history: [
        { role: "user", text: "Hi" },
        { role: "model", text: "Hello!" },
      ],
      text: "Name\n\na colour",
      responsePrefix: "Blue",
    });
  });

  it("refuses tool messages and chats without a user message", () => {
    expect(() => toGenerationRequest([{ role: "tool", content: "42" }])).toThrow(ConversationError);
    expect(() => toGenerationRequest([{ role: "system", content: "x" }])).toThrow("the messages need a user message to answer");
  });
});

describe("the generation queue", () => {
  it("serves in arrival order, lets the desktop chat go first, and refuses when full", async () => {
    let desktopBusy = true;
    let changed = () => {};
    const queue = new GenerationQueue({ maxWaiting: 2, desktopBusy: () => desktopBusy, onDesktopChange: (listener) => ((changed = listener), () => {}) });
    const order: string[] = [];
    const first = queue.acquire(new AbortController().signal).then((release) => (order.push("first"), release));
    const second = queue.acquire(new AbortController().signal).then((release) => (order.push("second"), release));
    await expect(queue.acquire(new AbortController().signal)).rejects.toMatchObject({ code: "RATE_LIMITED" });
    await Promise.resolve();
    expect(order).toEqual([]);
    desktopBusy = false;
    changed();
    (await first)();
    (await second)();
    expect(order).toEqual(["first", "second"]);
  });

  it("gives up the place of a client that leaves while waiting", async () => {
    const queue = new GenerationQueue({ maxWaiting: 1, desktopBusy: () => false, onDesktopChange: () => () => {} });
    const release = await queue.acquire(new AbortController().signal);
    const leaving = new AbortController();
    const waiting = queue.acquire(leaving.signal);
    leaving.abort();
    await expect(waiting).rejects.toMatchObject({ code: "CANCELLED" });
    expect(queue.waitingCount).toBe(0);
    release();
  });
});

describe("parameter sizes as Ollama's format.HumanNumber writes them", () => {
  it("rounds to one decimal for billions", () => {
    expect([humanNumber(2_614_341_888), humanNumber(9_241_705_984), humanNumber(7_000_000_000), humanNumber(1_500_000)]).toEqual(["2.6B", "9.2B", "7B", "1.50M"]);
  });
});
