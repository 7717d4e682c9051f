// @vitest-environment node
/**
 * The status bar's "a program is using the model": the app's backend tells its windows (the `api.activity` event and
 * `api.getActivity`) while the official ollama client streams an answer on the real engine, and when it ends.
 */
import { Ollama } from "ollama";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiActivity, type RpcClient, type AppContract } from "../../electron/common/contract/index.ts";
import { connectWindow, ollamaJsUserAgent, ollamaName, startApiApp, type ApiApp } from "./support/api-app.ts";

let app: ApiApp;
let ollama: Ollama;
let window: RpcClient<AppContract>;
const seen: ApiActivity[] = [];

beforeAll(async () => {
  app = await startApiApp();
  ollama = new Ollama({ host: app.server.url });
  window = connectWindow(app);
  window.on("api.activity", (activity) => seen.push(activity));
});
afterAll(() => app.close());

const ollamaJs = ollamaJsUserAgent;

describe("a program using the model", () => {
  it("is announced while the ollama client streams a chat, named by its User-Agent, and cleared when the answer ends", async () => {
    const stream = await ollama.chat({ model: ollamaName, messages: [{ role: "user", content: "Tell me a story" }], stream: true, options: { num_predict: 12 } });
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    const using = { program: { client: ollamaJs, endpoint: "/api/chat", model: ollamaName } };
    expect(await window.call("api.getActivity", {})).toEqual(using);
    expect(seen).toEqual([using]);

    for (let part = await iterator.next(); !part.done; part = await iterator.next());
    expect(await window.call("api.getActivity", {})).toEqual({ program: null });
    expect(seen).toEqual([using, { program: null }]);
  });

  it("names a program without a User-Agent by its endpoint only, and one with a hostile User-Agent by what is printable", async () => {
    seen.length = 0;
    const post = (userAgent: string | undefined) =>
      fetch(`${app.server.url}/v1/completions`, {
        method: "POST",
        headers: { "Content-Type": "application/json", ...(userAgent !== undefined && { "User-Agent": userAgent }) },
        body: JSON.stringify({ model: ollamaName, prompt: "Hi", max_tokens: 2 }),
      });
    expect((await post("")).status).toBe(200);
    expect((await post(`\u00c9vil\t<script>"/1.0 ${"x".repeat(100)} (os)`)).status).toBe(200);
    await window.call("api.getActivity", {});
    expect(seen.map((activity) => activity.program?.client)).toEqual([null, undefined, `\u00c9vilscript/1.0 ${"x".repeat(32)}…`, undefined]);
    expect(seen[0]?.program?.endpoint).toBe("/v1/completions");
  });
});
