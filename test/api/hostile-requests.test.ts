/**
 * What a hostile or broken caller gets from the API: a specific refusal, never a hang, a crash or a generation.
 * Raw HTTP (node:http), because fetch can't send a foreign Host header or a chunked body without a length.
 */
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiApp, type ApiApp } from "./support/api-app.ts";

interface RawAnswer { status: number; body: string }

function raw(url: string, options: { method?: string; path: string; headers?: Record<string, string>; body?: Buffer | string; chunks?: number }): Promise<RawAnswer> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const request = http.request({ host: target.hostname, port: target.port, method: options.method ?? "POST", path: options.path, headers: options.headers ?? {} }, (response) => {
      const parts: Buffer[] = [];
      response.on("data", (part: Buffer) => parts.push(part));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(parts).toString("utf8") }));
    });
    // The server may answer and close before a huge body is sent: that answer is what counts.
    request.on("error", (error) => reject(error));
    if (options.chunks) {
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      for (let index = 0; index < options.chunks; index++) request.write(chunk);
    } else if (options.body !== undefined) request.write(options.body);
    request.end();
  });
}

describe("the API refuses hostile requests with a specific answer", () => {
  let app: ApiApp;
  beforeAll(async () => {
    app = await startApiApp();
  }, 120_000);
  afterAll(() => app?.close());

  it("a page on another host name (DNS rebinding) is refused before anything runs", async () => {
    const answer = await raw(app.server.url, { method: "GET", path: "/api/tags", headers: { Host: "attacker.example:11434" } });
    expect(answer.status).toBe(403);
    expect(answer.body).toContain("answers only to localhost");
  });

  it("a web page's request (an Origin not listed) is refused", async () => {
    const answer = await raw(app.server.url, { method: "GET", path: "/api/tags", headers: { Origin: "http://attacker.example" } });
    expect(answer.status).toBe(403);
    expect(answer.body).toContain("http://attacker.example");
  });

  it("a body declared larger than 4 MiB is refused with 413 without being read", async () => {
    const answer = await raw(app.server.url, { path: "/api/chat", headers: { "Content-Type": "application/json", "Content-Length": String(64 * 1024 * 1024) }, body: "{" });
    expect(answer.status).toBe(413);
    expect(answer.body).toContain("too large");
  });

  it("a chunked body that grows past 4 MiB is refused with 413", async () => {
    const answer = await raw(app.server.url, { path: "/v1/chat/completions", headers: { "Content-Type": "application/json", "Transfer-Encoding": "chunked" }, chunks: 5 }).catch(
      (error: NodeJS.ErrnoException) => ({ status: -1, body: error.code ?? String(error) }),
    );
    // Either the 413 arrives, or the server closed the socket on the rest of the upload after answering it.
    if (answer.status !== -1) {
      expect(answer.status).toBe(413);
      expect(answer.body).toContain("too large");
    } else expect(answer.body).toMatch(/EPIPE|ECONNRESET/);
  });

  it("broken JSON, a missing body and a body of the wrong shape each get a 400 that says which", async () => {
    const broken = await raw(app.server.url, { path: "/api/chat", headers: { "Content-Type": "application/json" }, body: '{"model": "gemma2:2b", "messages": [' });
    expect(broken.status).toBe(400);
    expect(broken.body).toContain("invalid JSON");
    const missing = await raw(app.server.url, { path: "/api/generate" });
    expect(missing.status).toBe(400);
    expect(missing.body).toContain("missing request body");
    const wrongShape = await raw(app.server.url, { path: "/api/chat", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ model: "gemma2:2b", messages: "hello" }) });
    expect(wrongShape.status).toBe(400);
    expect(wrongShape.body).toContain("messages");
    const openAiShape = await raw(app.server.url, { path: "/v1/chat/completions", headers: { "Content-Type": "application/json" }, body: "[]" });
    expect(openAiShape.status).toBe(400);
    expect(JSON.parse(openAiShape.body)).toMatchObject({ error: { message: expect.any(String) } });
  });

  it("none of these started a generation, and the API still answers", async () => {
    expect(app.results).toEqual([]);
    const tags = await raw(app.server.url, { method: "GET", path: "/api/tags" });
    expect(tags.status).toBe(200);
  });
});
