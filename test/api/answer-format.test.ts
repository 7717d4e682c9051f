// @vitest-environment node
/**
 * `format` (Ollama) and `response_format` (OpenAI) through the official clients on the real engine. The tiny model's
 * weights are random, so what it writes is gibberish; sampled under the grammar it is still JSON of the asked shape.
 */
import { Ollama } from "ollama";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ollamaName, startApiApp, type ApiApp } from "./support/api-app.ts";

let app: ApiApp;
let ollama: Ollama;
let openai: OpenAI;

beforeAll(async () => {
  app = await startApiApp();
  ollama = new Ollama({ host: app.server.url });
  openai = new OpenAI({ baseURL: `${app.server.url}/v1`, apiKey: "unused" });
});
afterAll(() => app.close());

/** Closed shapes: the grammar leaves the model no way to write on forever, so the answer always ends. */
const verdict = {
  type: "object",
  title: "Verdict",
  properties: { ok: { type: "boolean", title: "Ok" }, colour: { enum: ["red", "green", "blue"] }, count: { type: "integer" } },
  required: ["ok", "colour", "count"],
} as const;

describe("JSON answers", () => {
  it('format "json": the answer the ollama client gets parses as a JSON object', { timeout: 120_000 }, async () => {
    const answer = await ollama.chat({ model: ollamaName, messages: [{ role: "user", content: "Describe a cat as JSON" }], format: "json", options: { seed: 3, num_predict: 2000 } });
    expect(answer.done_reason).toBe("stop");
    const parsed: unknown = JSON.parse(answer.message.content);
    expect(parsed).toBeTypeOf("object");
    expect(Array.isArray(parsed)).toBe(false);
  });

  it("format with a JSON Schema: streamed pieces add up to JSON of that shape", async () => {
    let text = "";
    for await (const part of await ollama.generate({ model: ollamaName, prompt: "Is it ok?", format: verdict, stream: true, options: { seed: 5, num_predict: 400 } })) text += part.response;
    const parsed = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(parsed).sort()).toEqual(["colour", "count", "ok"]);
    expect(parsed.ok).toBeTypeOf("boolean");
    expect(["red", "green", "blue"]).toContain(parsed.colour);
    expect(Number.isInteger(parsed.count)).toBe(true);
  });

  it("OpenAI's response_format json_schema and json_object", { timeout: 120_000 }, async () => {
    const schema = await openai.chat.completions.create({
      model: ollamaName,
      messages: [{ role: "user", content: "Verdict?" }],
      response_format: { type: "json_schema", json_schema: { name: "verdict", schema: verdict, strict: true } },
      seed: 2,
      max_tokens: 400,
    });
    expect(Object.keys(JSON.parse(schema.choices[0]?.message.content ?? "") as object).sort()).toEqual(["colour", "count", "ok"]);
    const object = await openai.chat.completions.create({ model: ollamaName, messages: [{ role: "user", content: "JSON please" }], response_format: { type: "json_object" }, seed: 4, max_tokens: 2000 });
    expect(object.choices[0]?.finish_reason).toBe("stop");
    expect(JSON.parse(object.choices[0]?.message.content ?? "")).toBeTypeOf("object");
  });

  it("refuses a schema keyword the grammar cannot honour, naming it and where it is, before the engine runs", async () => {
    const before = app.results.length;
    await expect(ollama.chat({ model: ollamaName, messages: [{ role: "user", content: "x" }], format: { type: "object", properties: { name: { type: "string", pattern: "^[a-z]+$" } } } })).rejects.toMatchObject({
      status_code: 400,
      error: expect.stringMatching(/^format: this server cannot use the schema at properties\.name: .*"pattern"/),
    });
    const deep = JSON.parse(`${'{"items":'.repeat(60)}{}${"}".repeat(60)}`) as object;
    await expect(ollama.chat({ model: ollamaName, messages: [{ role: "user", content: "x" }], format: deep })).rejects.toMatchObject({ status_code: 400, error: expect.stringContaining("nested deeper than") });
    await expect(
      openai.chat.completions.create({ model: ollamaName, messages: [{ role: "user", content: "x" }], response_format: { type: "json_schema", json_schema: { name: "x", schema: { type: "strung" } } } }),
    ).rejects.toMatchObject({ status: 400, error: { type: "invalid_request_error", message: expect.stringContaining("response_format.json_schema.schema") } });
    expect(app.results.length).toBe(before);
  });
});
