/**
 * A malicious or broken OpenAI-compatible server can't hang or flood the app: huge and endless answers, malformed
 * chunks, the wrong content type, a redirect elsewhere — each ends in its own error, with the part of the answer that
 * arrived kept, and the key nowhere in a message. (What a real server sends is tested against llama-server itself:
 * openai-compatible-llama-server.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRemoteBackend } from "../../electron/node/remote/create-remote-backend.ts";
import { defaultRemoteBounds, type RemoteBackend, type RemoteBounds, type RemoteChatRequest } from "../../electron/node/remote/remote-backend.ts";
import type { RemoteError, RemoteFailure } from "../../electron/node/remote/remote-errors.ts";
import { rejection } from "../support/rejection.ts";
import { pause, startScriptedServer, writeForever, type ScriptedServer } from "./scripted-server.ts";

const key = "sk-edge-gemma-secret-71b3";
const request: RemoteChatRequest = { model: "m", messages: [{ role: "user", content: "Hi" }] };
const bounds: RemoteBounds = { ...defaultRemoteBounds, maxLineChars: 4096, maxAnswerBytes: 256 * 1024, maxListBytes: 64 * 1024, maxErrorBytes: 4096, idleMs: 2000, answerFirstByteMs: 2000, firstByteMs: 2000 };
/** A chunk as llama-server writes it (server-task.cpp to_json_oaicompat_chat_stream, server-common.cpp format_oai_sse). */
const chunk = (content: string) => `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content }, finish_reason: null }], object: "chat.completion.chunk" })}\n\n`;
const sse = { "content-type": "text/event-stream" };

describe("a hostile OpenAI-compatible server", () => {
  let server: ScriptedServer;
  let backend: RemoteBackend;
  beforeAll(async () => {
    server = await startScriptedServer();
    backend = createRemoteBackend({ kind: "openai-compatible", address: server.url, apiKey: key }, bounds);
  });
  afterAll(() => server.close());

  async function failure(promise: Promise<unknown>, expected: RemoteFailure): Promise<RemoteError> {
    const error = (await rejection(promise)) as RemoteError;
    expect(error.failure).toBe(expected);
    expect(JSON.stringify(error.toWire())).not.toContain(key);
    expect(error.message).not.toContain(key);
    return error;
  }

  it("reads events split anywhere, with CRLF line ends, comments and multi-byte characters", async () => {
    const text = "Grüße, 世界! 🙂";
    const body = `: keep-alive\r\n\r\n${[...text].map((char) => chunk(char).replaceAll("\n", "\r\n")).join("")}data: [DONE]\r\n\r\n`;
    server.script("/v1/chat/completions", async (_request, response) => {
      response.writeHead(200, sse);
      const bytes = Buffer.from(body);
      for (let index = 0; index < bytes.length; index += 5) {
        response.write(bytes.subarray(index, index + 5));
        await pause(0);
      }
      response.end();
    });
    const answer = await backend.chat(request);
    expect(answer.text).toBe(text);
    expect(answer.stopReason).toBe("end");
  });

  it("a line longer than the bound is cut off", async () => {
    server.script("/v1/chat/completions", (_request, response) => {
      response.writeHead(200, sse);
      response.end(`data: ${"x".repeat(10_000)}`);
    });
    await failure(backend.chat(request), "too-large");
  });

  it("an endless line without an end is cut off", async () => {
    server.script("/v1/chat/completions", async (_request, response) => {
      response.writeHead(200, sse);
      await writeForever(response, () => "data: " + "y".repeat(1000));
    });
    await failure(backend.chat(request), "too-large");
  });

  it("an endless answer of well-formed chunks stops at the byte bound, keeping what arrived", async () => {
    server.script("/v1/chat/completions", async (_request, response) => {
      response.writeHead(200, sse);
      await writeForever(response, () => chunk("more "));
    });
    const deltas: string[] = [];
    const error = await failure(backend.chat(request, { onDelta: (text) => deltas.push(text) }), "too-large");
    expect(error.partialText.length).toBeGreaterThan(1000);
    expect(error.partialText).toBe(deltas.join(""));
  });

  it("a chunk that is not JSON, or not a chat chunk, is a malformed answer; the part before it is kept", async () => {
    for (const bad of ["data: {not json\n\n", `data: ${JSON.stringify({ choices: "none" })}\n\n`]) {
      server.script("/v1/chat/completions", (_request, response) => {
        response.writeHead(200, sse);
        response.end(chunk("Hello") + bad + "data: [DONE]\n\n");
      });
      const error = await failure(backend.chat(request), "malformed-response");
      expect(error.partialText).toBe("Hello");
    }
  });

  it("an answer that ends without [DONE] is a dropped connection, not a finished answer", async () => {
    server.script("/v1/chat/completions", (_request, response) => {
      response.writeHead(200, sse);
      response.end(chunk("Half an ans"));
    });
    const error = await failure(backend.chat(request), "disconnected");
    expect(error.partialText).toBe("Half an ans");
  });

  it("an error event mid-answer is quoted without the key it echoes", async () => {
    server.script("/v1/chat/completions", (_request, response) => {
      response.writeHead(200, sse);
      response.end(chunk("Partial") + `data: ${JSON.stringify({ error: { code: 500, message: `key ${key} exhausted\n\u001b[31m`, type: "server_error" } })}\n\n`);
    });
    const error = await failure(backend.chat(request), "stream-error");
    expect(error.message).toContain("key ••• exhausted");
    expect(error.partialText).toBe("Partial");
  });

  it("the wrong content type is refused before any of the body is taken for an answer", async () => {
    server.script("/v1/chat/completions", (_request, response) => response.writeHead(200, { "content-type": "text/html" }).end(chunk("no") + "data: [DONE]\n\n"));
    server.script("/v1/models", (_request, response) => response.writeHead(200, { "content-type": "text/html" }).end("<html>router login</html>"));
    expect((await failure(backend.chat(request), "wrong-content-type")).message).toContain("text/html");
    await failure(backend.listModels(), "wrong-content-type");
  });

  it("a model list that is not JSON, not the OpenAI shape, or too big is refused", async () => {
    for (const [body, expected] of [["{", "malformed-response"], ['{"models": []}', "malformed-response"], [JSON.stringify({ data: [{ id: "z".repeat(200_000) }] }), "too-large"]] as const) {
      server.script("/v1/models", (_request, response) => response.writeHead(200, { "content-type": "application/json" }).end(body));
      await failure(backend.listModels(), expected);
    }
  });

  it("a huge error body is not read whole: the status still says what happened", async () => {
    server.script("/v1/models", async (_request, response) => {
      response.writeHead(500, { "content-type": "application/json" });
      await writeForever(response, () => "e".repeat(4096));
    });
    const error = await failure(backend.listModels(), "server-error");
    expect(error.status).toBe(500);
  });

  it("a redirect is not followed: no other host is contacted", async () => {
    const elsewhere = await startScriptedServer();
    try {
      server.script("/v1/models", (_request, response) => response.writeHead(302, { location: `${elsewhere.url}/v1/models` }).end());
      const error = await failure(backend.listModels(), "redirected");
      expect(error.message).toContain(elsewhere.url);
      expect(elsewhere.requests).toEqual([]);
    } finally {
      await elsewhere.close();
    }
  });

  it("a server that never sends a byte after the headers fails with an idle timeout", async () => {
    server.script("/v1/chat/completions", (_request, response) => {
      response.writeHead(200, sse);
      response.write(chunk("Wait"));
    });
    const error = await failure(backend.chat(request), "idle-timeout");
    expect(error.partialText).toBe("Wait");
  });

  it("a closed port is unreachable, named by its origin", async () => {
    const gone = await startScriptedServer();
    await gone.close();
    const error = await failure(createRemoteBackend({ kind: "openai-compatible", address: gone.url }).listModels(), "unreachable");
    expect(error.message).toContain(gone.url);
  });
});
