// @vitest-environment node
/**
 * The official `ollama` npm client, unchanged, against our API on the real engine (a tiny generated Gemma 2 model).
 * What it sees is what Home Assistant, Open WebUI or a script written for Ollama would see.
 */
import { Ollama } from "ollama";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectWindow, ollamaName, startApiApp, type ApiApp } from "./support/api-app.ts";

let app: ApiApp;
let ollama: Ollama;

beforeAll(async () => {
  app = await startApiApp();
  ollama = new Ollama({ host: app.server.url });
});
afterAll(() => app.close());

describe("the ollama client", () => {
  it("lists the installed catalog file under Ollama's name, with its details", async () => {
    const { models } = await ollama.list();
    expect(models.map((model) => model.name)).toEqual([ollamaName]);
    expect(models[0]).toMatchObject({ model: ollamaName, details: { format: "gguf", family: "gemma2", quantization_level: "Q4_0", parameter_size: "2.6B" } });
    expect(models[0]?.size).toBeGreaterThan(0);
  });

  it("shows a model and says it cannot find an unknown one (404, Ollama's words)", async () => {
    const shown = await ollama.show({ model: ollamaName });
    expect(shown.details.family).toBe("gemma2");
    expect(shown.capabilities).toEqual(["completion"]);
    await expect(ollama.show({ model: "llama3:8b" })).rejects.toMatchObject({ status_code: 404, error: "model 'llama3:8b' not found" });
  });

  it("chats without streaming, with the durations of the stats line in nanoseconds, and keeps the chat out of the chat list", async () => {
    const response = await ollama.chat({ model: ollamaName, messages: [{ role: "user", content: "Hello" }], options: { num_predict: 6, seed: 1, temperature: 0 } });
    expect(response.done).toBe(true);
    expect(response.message.role).toBe("assistant");
    expect(response.message.content.length).toBeGreaterThan(0);
    expect(response.done_reason).toBe("length");
    expect(response.eval_count).toBe(6);
    expect(response.eval_duration).toBeGreaterThan(0);
    expect(response.total_duration).toBeGreaterThanOrEqual(response.eval_duration);
    expect(Number.isInteger(response.total_duration)).toBe(true);
    expect(app.results.at(-1)?.stats.generatedTokens).toBe(6);
    expect(await app.backend.chats.list()).toEqual([]);
  });

  it("streams a chat: the chunks add up to the answer and the last one carries the metrics", async () => {
    const stream = await ollama.chat({ model: ollamaName, messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "Hi" }], stream: true, options: { num_predict: 8 } });
    const parts: string[] = [];
    let last: Awaited<ReturnType<typeof ollama.chat>> | undefined;
    for await (const part of stream) {
      if (part.done) last = part;
      else parts.push(part.message.content);
    }
    expect(parts.length).toBeGreaterThan(1);
    expect(last).toMatchObject({ done: true, done_reason: "length", eval_count: 8, message: { role: "assistant", content: "" } });
    expect(parts.join("")).toBe(app.results.at(-1)?.text);
  });

  it("generates from a prompt, streamed and not", async () => {
    const whole = await ollama.generate({ model: ollamaName, prompt: "Once", options: { num_predict: 4 } });
    expect(whole).toMatchObject({ done: true, eval_count: 4 });
    expect(whole.response).toBe(app.results.at(-1)?.text);
    let text = "";
    for await (const part of await ollama.generate({ model: ollamaName, prompt: "Once", stream: true, options: { num_predict: 4 } })) text += part.response;
    expect(text).toBe(app.results.at(-1)?.text);
  });

  it("ends the answer before a stop sequence and never sends it", async () => {
    const free = (await ollama.generate({ model: ollamaName, prompt: "Count", options: { num_predict: 12, seed: 7, temperature: 0 } })).response ?? "";
    const stop = free.slice(3, 5);
    expect(stop).toHaveLength(2);
    const stopped = await ollama.generate({ model: ollamaName, prompt: "Count", options: { num_predict: 12, seed: 7, temperature: 0, stop: [stop] } });
    expect(stopped.response).toBe(free.slice(0, free.indexOf(stop)));
    expect(stopped.done_reason).toBe("stop");
  });

  it("stops the engine when the client aborts mid-stream, and answers the next request", async () => {
    const stream = await ollama.chat({ model: ollamaName, messages: [{ role: "user", content: "Tell a long story" }], stream: true, options: { num_predict: 400 } });
    const before = app.results.length;
    let chunks = 0;
    await expect(
      (async () => {
        for await (const part of stream) {
          if (!part.done && ++chunks === 2) stream.abort();
        }
      })(),
    ).rejects.toThrow(/abort/i);
    await expect.poll(() => app.results.length, { timeout: 30_000 }).toBe(before + 1);
    const aborted = app.results.at(-1);
    expect(aborted?.stopReason).toBe("stopped");
    expect(aborted?.stats.generatedTokens).toBeLessThan(400);
    expect(app.backend.supervisor.status.state).toBe("ready");
    const next = await ollama.generate({ model: ollamaName, prompt: "Again", options: { num_predict: 2 } });
    expect(next.eval_count).toBe(2);
  });

  it("stops a program's answer when the person at the screen asks something, and tells the program why", async () => {
    const stream = await ollama.chat({ model: ollamaName, messages: [{ role: "user", content: "A long story" }], stream: true, options: { num_predict: 400 } });
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    const window = connectWindow(app);
    const chat = await window.call("chat.create", {});
    const desktop = window.call("chat.send", { conversationId: chat.id, text: "Hello from the screen" });
    await expect(
      (async () => {
        for (let part = await iterator.next(); !part.done; part = await iterator.next());
      })(),
    ).rejects.toThrow("Stopped: the person at Edge Gemma's screen asked the model something. Try again in a moment.");
    const answer = (await desktop).messages.at(-1);
    expect(answer?.status).toBe("complete");
    expect(answer?.text.length).toBeGreaterThan(0);
    await window.call("chat.delete", { conversationId: chat.id });
    expect((await ollama.generate({ model: ollamaName, prompt: "Now me", options: { num_predict: 2 } })).eval_count).toBe(2);
  });

  it("refuses what it cannot do with Ollama's error shape", async () => {
    await expect(ollama.chat({ model: ollamaName, messages: [{ role: "user", content: "x" }], format: "xml" })).rejects.toMatchObject({
      status_code: 400,
      error: 'invalid format: "xml"; expected "json" or a valid JSON Schema object',
    });
    await expect(ollama.chat({ model: ollamaName, messages: [{ role: "user", content: "x" }], options: { temperature: "hot" as unknown as number } })).rejects.toMatchObject({
      status_code: 400,
      error: 'option "temperature" must be of type float32',
    });
    await expect(ollama.generate({ model: "nope", prompt: "x" })).rejects.toMatchObject({ status_code: 404, error: "model 'nope' not found" });
  });

  it("unloads the model for keep_alive 0, and loads it again for the next request", { timeout: 120_000 }, async () => {
    const unloaded = await ollama.generate({ model: ollamaName, prompt: "", keep_alive: 0 });
    expect(unloaded).toMatchObject({ done: true, done_reason: "unload" });
    expect((await ollama.ps()).models).toEqual([]);
    const answer = await ollama.chat({ model: ollamaName, messages: [{ role: "user", content: "Back?" }], options: { num_predict: 2 } });
    expect(answer.eval_count).toBe(2);
    expect(answer.load_duration).toBeGreaterThan(0);
    expect((await ollama.ps()).models.map((model) => model.name)).toEqual([ollamaName]);
  });

  it("reports its version and the loaded model", async () => {
    expect((await ollama.version()).version).toBe("0.1.0");
    const { models } = await ollama.ps();
    expect(models).toHaveLength(1);
    expect(models[0]).toMatchObject({ name: ollamaName, size_vram: 0, context_length: 512 });
  });
});
