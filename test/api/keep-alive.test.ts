// @vitest-environment node
/**
 * keep_alive through the official ollama client on the real engine: what /api/ps says and when the model goes, with
 * the app's own keep-alive setting (5 minutes here) in play — the later expiry wins.
 */
import { copyFile } from "node:fs/promises";
import path from "node:path";
import { Ollama } from "ollama";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ollamaName, startApiApp, type ApiApp } from "./support/api-app.ts";

let app: ApiApp;
let ollama: Ollama;

beforeAll(async () => {
  app = await startApiApp();
  await app.backend.settings.update({ patch: { model: { keepAlive: 5 } } });
  ollama = new Ollama({ host: app.server.url });
});
afterAll(() => app.close());

const minute = 60_000;

/** The loaded model's expires_at, and the clock around the request that set it. */
async function expiryAfter(request: () => Promise<unknown>): Promise<{ before: number; expires: number; after: number }> {
  const before = Date.now();
  await request();
  const { models } = await ollama.ps();
  const after = Date.now();
  expect(models).toHaveLength(1);
  return { before, expires: new Date(models[0]?.expires_at ?? 0).getTime(), after };
}

describe("keep_alive", () => {
  it("keeps the model as long as a program asked when that is later than the app's setting, and no shorter", async () => {
    const long = await expiryAfter(() => ollama.generate({ model: ollamaName, prompt: "Hi", keep_alive: "30m", options: { num_predict: 2 } }));
    expect(long.expires).toBeGreaterThanOrEqual(long.before + 30 * minute - 1_000);
    expect(long.expires).toBeLessThanOrEqual(long.after + 30 * minute + 1_000);

    // Seconds as a number. As in Ollama, the latest request's duration replaces the earlier one; the app's 5 minutes,
    // counted from this answer's end, are later than its 10 seconds, so they win.
    const short = await expiryAfter(() => ollama.generate({ model: ollamaName, prompt: "Hi", keep_alive: 10, options: { num_predict: 2 } }));
    expect(short.expires).toBeGreaterThanOrEqual(short.before + 5 * minute - 1_000);
    expect(short.expires).toBeLessThanOrEqual(short.after + 5 * minute + 1_000);

    const forever = await expiryAfter(() => ollama.chat({ model: ollamaName, messages: [{ role: "user", content: "Stay" }], keep_alive: -1, options: { num_predict: 2 } }));
    expect(new Date(forever.expires).getUTCFullYear()).toBeGreaterThan(2300);
  });

  it("refuses a malformed duration with Go's words, before the engine runs", async () => {
    const before = app.results.length;
    await expect(ollama.generate({ model: ollamaName, prompt: "x", keep_alive: "soon" })).rejects.toMatchObject({ status_code: 400, error: 'time: invalid duration "soon"' });
    expect(app.results.length).toBe(before);
  });

  it("answers 503 for another model while the person at the screen gets an answer, and loads it once they are done", { timeout: 120_000 }, async () => {
    const [loaded] = await app.backend.library.models.list();
    await copyFile(loaded?.path ?? "", path.join(path.dirname(loaded?.path ?? ""), "other.gguf"));
    const stop = new AbortController();
    const desktop = app.backend.supervisor.generate({ history: [], text: "A long story", sampling: { maxTokens: 400 } }, { signal: stop.signal });
    await expect(ollama.generate({ model: "other.gguf", prompt: "x", options: { num_predict: 2 } })).rejects.toMatchObject({
      status_code: 503,
      error: "The person at Edge Gemma's screen is getting an answer from another model; other.gguf can be loaded when it is done. Try again in a moment.",
    });
    stop.abort();
    await desktop;
    const answer = await ollama.generate({ model: "other.gguf", prompt: "x", keep_alive: 0, options: { num_predict: 2 } });
    expect(answer.eval_count).toBe(2);
    expect((await ollama.ps()).models).toEqual([]);
  });
});
