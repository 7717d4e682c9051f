// @vitest-environment node
/**
 * The official `openai` npm client, unchanged, against our API on the real engine (a tiny generated Gemma 2 model):
 * what a script or an editor assistant written for OpenAI's API sees.
 */
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ollamaName, startApiApp, type ApiApp } from "./support/api-app.ts";

let app: ApiApp;
let openai: OpenAI;

beforeAll(async () => {
  app = await startApiApp({ maxWaiting: 1 });
  openai = new OpenAI({ baseURL: `${app.server.url}/v1`, apiKey: "unused", maxRetries: 0 });
});
afterAll(() => app.close());

describe("the openai client", () => {
  it("lists the models", async () => {
    const page = await openai.models.list();
    expect(page.data.map((model) => model.id)).toEqual([ollamaName]);
    expect(page.data[0]).toMatchObject({ object: "model", owned_by: "edge-gemma" });
  });

  it("completes a chat with its usage", async () => {
    const completion = await openai.chat.completions.create({ model: ollamaName, messages: [{ role: "user", content: "Hello" }], max_tokens: 5, seed: 3 });
    expect(completion.object).toBe("chat.completion");
    expect(completion.choices).toHaveLength(1);
    expect(completion.choices[0]).toMatchObject({ index: 0, finish_reason: "length", message: { role: "assistant" } });
    expect(completion.choices[0]?.message.content).toBe(app.results.at(-1)?.text);
    expect(completion.usage?.completion_tokens).toBe(5);
    expect(completion.usage?.total_tokens).toBe((completion.usage?.prompt_tokens ?? 0) + 5);
    expect(await app.backend.chats.list()).toEqual([]);
  });

  it("streams a chat ending with the usage chunk when asked, then [DONE]", async () => {
    const stream = await openai.chat.completions.create({
      model: ollamaName,
      messages: [{ role: "developer", content: "Be brief." }, { role: "user", content: [{ type: "text", text: "Hi" }] }],
      max_completion_tokens: 6,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    const usageChunk = chunks.at(-1);
    expect(usageChunk?.choices).toEqual([]);
    expect(usageChunk?.usage?.completion_tokens).toBe(6);
    const finish = chunks.at(-2);
    expect(finish?.choices[0]).toMatchObject({ finish_reason: "length", delta: {} });
    expect(chunks[0]?.choices[0]?.delta.role).toBe("assistant");
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("");
    expect(text).toBe(app.results.at(-1)?.text);
    expect(chunks.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true);
  });

  it("completes a prompt (legacy completions), streamed and not", async () => {
    const completion = await openai.completions.create({ model: ollamaName, prompt: "Once", max_tokens: 4 });
    expect(completion).toMatchObject({ object: "text_completion", usage: { completion_tokens: 4 } });
    expect(completion.choices[0]?.text).toBe(app.results.at(-1)?.text);
    let text = "";
    for await (const chunk of await openai.completions.create({ model: ollamaName, prompt: "Once", max_tokens: 4, stream: true })) text += chunk.choices[0]?.text ?? "";
    expect(text).toBe(app.results.at(-1)?.text);
  });

  it("stops the engine when the client aborts mid-stream", async () => {
    const before = app.results.length;
    const stream = await openai.chat.completions.create({ model: ollamaName, messages: [{ role: "user", content: "A long story" }], max_tokens: 400, stream: true });
    let chunks = 0;
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content && ++chunks === 2) stream.controller.abort();
    }
    await expect.poll(() => app.results.length, { timeout: 30_000 }).toBe(before + 1);
    expect(app.results.at(-1)?.stopReason).toBe("stopped");
    expect(app.results.at(-1)?.stats.generatedTokens).toBeLessThan(400);
  });

  it("answers errors in OpenAI's shape: unknown model 404, unsupported parameters 400", async () => {
    await expect(openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "x" }] })).rejects.toMatchObject({
      status: 404,
      error: { message: "model 'gpt-4o' not found", type: "not_found_error" },
    });
    await expect(openai.chat.completions.create({ model: ollamaName, messages: [{ role: "user", content: "x" }], n: 2 })).rejects.toMatchObject({
      status: 400,
      error: { type: "invalid_request_error" },
    });
    await expect(openai.chat.completions.create({ model: ollamaName, messages: [{ role: "user", content: "x" }], temperature: 5 })).rejects.toMatchObject({ status: 400 });
    await expect(openai.chat.completions.create({ model: ollamaName, messages: [{ role: "tool", content: "x", tool_call_id: "1" }] })).rejects.toMatchObject({ status: 400 });
  });

  it("answers 503 with Retry-After when the queue is full, and serves the waiting request after the running one", async () => {
    const running = await openai.chat.completions.create({ model: ollamaName, messages: [{ role: "user", content: "A long story" }], max_tokens: 300, stream: true });
    const iterator = running[Symbol.asyncIterator]();
    await iterator.next();
    const waiting = openai.chat.completions.create({ model: ollamaName, messages: [{ role: "user", content: "Short" }], max_tokens: 2 });
    await expect.poll(() => app.server.activity()).toEqual({ generating: true, waiting: 1 });
    await expect.poll(async () => {
      const response = await fetch(`${app.server.url}/v1/chat/completions`, { method: "POST", body: JSON.stringify({ model: ollamaName, messages: [{ role: "user", content: "x" }] }) });
      return { status: response.status, retryAfter: response.headers.get("retry-after"), type: ((await response.json()) as { error?: { type?: string } }).error?.type };
    }).toEqual({ status: 503, retryAfter: "5", type: "api_error" });
    running.controller.abort();
    expect((await waiting).usage?.completion_tokens).toBe(2);
  });
});
