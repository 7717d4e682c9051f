/**
 * The Ollama client against a stand-in that answers exactly as Ollama does (no Ollama server can run here): each line
 * is written as ollama/ollama at fb30760996871fa9460115c753afd2c60d4ab0f7 writes it — server/routes.go streamResponse
 * (application/x-ndjson, one api.ChatResponse per line, a mid-stream {"error"} line), ChatHandler (404 "model '<name>'
 * not found"), ListHandler (api.ListResponse), docs/api.md's /api/chat and /api/tags examples.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRemoteBackend } from "../../electron/node/remote/create-remote-backend.ts";
import { defaultRemoteBounds, type RemoteBackend, type RemoteChatRequest } from "../../electron/node/remote/remote-backend.ts";
import type { RemoteError } from "../../electron/node/remote/remote-errors.ts";
import { rejection } from "../support/rejection.ts";
import { startScriptedServer, writeForever, type ScriptedServer } from "./scripted-server.ts";

const ndjson = { "content-type": "application/x-ndjson" };
const request: RemoteChatRequest = { model: "gemma2:27b", messages: [{ role: "user", content: "why is the sky blue?" }], sampling: { temperature: 0.2, maxTokens: 64, seed: 9 } };
const line = (content: string) => `${JSON.stringify({ model: "gemma2:27b", created_at: "2026-12-06T23:00:00.000000Z", message: { role: "assistant", content }, done: false })}\n`;
/** docs/api.md's final /api/chat response, its metrics in nanoseconds. */
const finalLine = `${JSON.stringify({
  model: "gemma2:27b", created_at: "2026-12-06T23:00:01.000000Z", message: { role: "assistant", content: "" }, done: true, done_reason: "stop",
  total_duration: 4883583458, load_duration: 1334875, prompt_eval_count: 26, prompt_eval_duration: 342546000, eval_count: 282, eval_duration: 4535599000,
})}\n`;

describe("a chat with an Ollama server", () => {
  let server: ScriptedServer;
  let backend: RemoteBackend;
  beforeAll(async () => {
    server = await startScriptedServer();
    backend = createRemoteBackend({ kind: "ollama", address: server.url }, { ...defaultRemoteBounds, idleMs: 2000 });
  });
  afterAll(() => server.close());

  it("lists the models from /api/tags with their size and quantization", async () => {
    server.script("/api/tags", (_request, response) => response.writeHead(200, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify({
      models: [{ name: "gemma2:27b", model: "gemma2:27b", modified_at: "2026-05-04T17:37:44.706015396-07:00", size: 15628387458, digest: "53261bc9c192c1cb5fcc898dd3aa15da093f5ab6f08e17e48cf838bb1c58abb1", details: { parent_model: "", format: "gguf", family: "gemma2", families: ["gemma2"], parameter_size: "27.2B", quantization_level: "Q4_0" } }],
    })));
    expect(await backend.listModels()).toEqual([{ id: "gemma2:27b", sizeBytes: 15628387458, parameterSize: "27.2B", quantization: "Q4_0" }]);
  });

  it("streams an answer and takes the stats line from the final chunk's metrics", async () => {
    let sent: unknown;
    server.script("/api/chat", (_request, response, body) => {
      sent = JSON.parse(body);
      response.writeHead(200, ndjson).end(line("The") + line(" sky") + finalLine);
    });
    const deltas: string[] = [];
    const answer = await backend.chat(request, { onDelta: (text) => deltas.push(text) });
    expect(sent).toEqual({ model: "gemma2:27b", messages: request.messages, stream: true, options: { temperature: 0.2, num_predict: 64, seed: 9 } });
    expect(deltas).toEqual(["The", " sky"]);
    expect(answer.text).toBe("The sky");
    expect(answer.stopReason).toBe("end");
    expect(answer.stats).toMatchObject({ loadMs: 1.334875, promptTokens: 26, promptMs: 342.546, generatedTokens: 282, generationMs: 4535.599 });
    expect(answer.stats.tokensPerSecond).toBeCloseTo(282 / 4.535599, 6);
    expect(answer.stats.promptTokensPerSecond).toBeCloseTo(26 / 0.342546, 6);
  });

  it("names a model the server doesn't have", async () => {
    server.script("/api/chat", (_request, response) => response.writeHead(404, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify({ error: "model 'gemma2:27b' not found" })));
    const error = (await rejection(backend.chat(request))) as RemoteError;
    expect(error.failure).toBe("model-not-found");
    expect(error.message).toContain("gemma2:27b");
  });

  it("an error line mid-answer keeps the partial answer and quotes the server", async () => {
    server.script("/api/chat", (_request, response) => response.writeHead(200, ndjson).end(line("Yes") + line(".") + `${JSON.stringify({ error: "an error was encountered while running the model" })}\n`));
    const error = (await rejection(backend.chat(request))) as RemoteError;
    expect(error.failure).toBe("stream-error");
    expect(error.message).toContain("an error was encountered while running the model");
    expect(error.partialText).toBe("Yes.");
  });

  it("an answer cut off before done: true is a dropped connection", async () => {
    server.script("/api/chat", (_request, response) => response.writeHead(200, ndjson).end(line("Half")));
    const error = (await rejection(backend.chat(request))) as RemoteError;
    expect(error.failure).toBe("disconnected");
    expect(error.partialText).toBe("Half");
  });

  it("Stop closes the request (the server sees its client go) and keeps what arrived", async () => {
    server.script("/api/chat", async (_request, response) => {
      response.writeHead(200, ndjson);
      await writeForever(response, () => line("word "));
    });
    const stop = new AbortController();
    let received = 0;
    const answer = await backend.chat(request, { signal: stop.signal, onDelta: () => ++received === 3 && stop.abort() });
    expect(answer.stopReason).toBe("stopped");
    expect(answer.text).toBe("word word word ");
    await server.clientGone;
  });

  it("a JSON body where NDJSON was asked for is the wrong content type", async () => {
    server.script("/api/chat", (_request, response) => response.writeHead(200, { "content-type": "application/json" }).end(finalLine));
    const error = (await rejection(backend.chat(request))) as RemoteError;
    expect(error.failure).toBe("wrong-content-type");
  });
});
