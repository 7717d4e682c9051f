// @vitest-environment node
/**
 * Settings → Programs: who may call the API, checked on the real server with the official clients. "Another device"
 * is this machine calling its own network address: the server sees a non-loopback peer, as it would from a laptop.
 */
import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { Ollama } from "ollama";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ollamaDefaultPort } from "../../electron/node/api/api-server.ts";
import { connectOutcome, freePort, networkAddress, startAccessApp, type AccessApp } from "./support/access-app.ts";
import { ollamaName } from "./support/api-app.ts";

const lanAddress = networkAddress();
const noNetwork = lanAddress ? "" : " (skipped: this machine has no network address besides loopback)";

async function get(url: string, headers: Record<string, string> = {}, method = "GET"): Promise<{ status: number; body: string; headers: Headers }> {
  const response = await fetch(url, { method, headers });
  return { status: response.status, body: await response.text(), headers: response.headers };
}

describe("off by default", () => {
  let app: AccessApp;
  let port: number;
  beforeAll(async () => {
    port = await freePort();
    app = await startAccessApp({ port });
  }, 60_000);
  afterAll(() => app?.close());

  it("the settings start with both switches off, and nothing listens for programs", async () => {
    expect(app.backend.settings.current.api).toEqual({ local: false, network: false, allowedOrigins: [], keepChats: false });
    expect(app.access.status()).toMatchObject({ state: "off", localUrl: null, port: null, wantedPort: port });
    expect(await connectOutcome("127.0.0.1", port)).toBe("ECONNREFUSED");
  });

  it("turning programs on then off again opens and closes the port", async () => {
    await app.update({ local: true });
    expect(app.access.status()).toMatchObject({ state: "listening", localUrl: `http://127.0.0.1:${port}`, port, portTaken: false, networkUrls: [] });
    expect(await connectOutcome("127.0.0.1", port)).toBe("connected");
    await app.update({ local: false });
    expect(app.access.status().state).toBe("off");
    expect(await connectOutcome("127.0.0.1", port)).toBe("ECONNREFUSED");
  });
});

describe("programs on this computer (loopback)", () => {
  let app: AccessApp;
  beforeAll(async () => {
    app = await startAccessApp({ port: await freePort() });
    await app.update({ local: true });
  }, 60_000);
  afterAll(() => app?.close());

  it("the official ollama client lists the models with no token", async () => {
    const { localUrl } = app.access.status();
    const { models } = await new Ollama({ host: localUrl! }).list();
    expect(models.map((model) => model.name)).toEqual([ollamaName]);
  });

  it.skipIf(!lanAddress)(`is not reachable from the network at all${noNetwork}`, async () => {
    expect(await connectOutcome(lanAddress!, app.access.status().port!)).toBe("ECONNREFUSED");
  });
});

describe.skipIf(!lanAddress)(`devices on my network (bearer token)${noNetwork}`, () => {
  let app: AccessApp;
  let token: string;
  let lanUrl: string;
  beforeAll(async () => {
    app = await startAccessApp({ port: await freePort() });
    await app.update({ local: true, network: true });
    token = (await app.access.newToken()).token;
    lanUrl = `http://${lanAddress}:${app.access.status().port}`;
  }, 60_000);
  afterAll(() => app?.close());

  it("shows the network address to use", () => {
    expect(app.access.status()).toMatchObject({ state: "listening", hasToken: true });
    expect(app.access.status().networkUrls).toContain(lanUrl);
  });

  it("refuses a device without the token, or with a wrong one, in Ollama's error shape (401)", async () => {
    const missing = await get(`${lanUrl}/api/tags`);
    expect(missing.status).toBe(401);
    expect(JSON.parse(missing.body)).toEqual({ error: expect.stringMatching(/^unauthorized: .*Authorization: Bearer/) });
    const wrong = await new Ollama({ host: lanUrl, headers: { Authorization: "Bearer not-the-token" } }).list().catch((error: unknown) => error);
    expect(wrong).toMatchObject({ name: "ResponseError", status_code: 401, error: "unauthorized: Wrong API token" });
  });

  it("refuses a wrong key in OpenAI's error shape, which the openai client raises as AuthenticationError", async () => {
    const openai = new OpenAI({ baseURL: `${lanUrl}/v1`, apiKey: "not-the-token", maxRetries: 0 });
    const error = await openai.models.list().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(error).toMatchObject({ status: 401, code: "invalid_api_key", type: "invalid_request_error" });
  });

  it("lets a device in with the token (ollama and openai clients), and programs on this computer without one", async () => {
    const { models } = await new Ollama({ host: lanUrl, headers: { Authorization: `Bearer ${token}` } }).list();
    expect(models.map((model) => model.name)).toEqual([ollamaName]);
    const listed = await new OpenAI({ baseURL: `${lanUrl}/v1`, apiKey: token, maxRetries: 0 }).models.list();
    expect(listed.data.map((model) => model.id)).toContain(ollamaName);
    expect((await get(`${app.access.status().localUrl}/api/version`)).status).toBe(200);
  });

  it("keeps only the token's SHA-256 on disk (mode 0600), never the token", async () => {
    const tokenFile = path.join(app.dataDir, "api-token.json");
    const stored = await readFile(tokenFile, "utf8");
    expect(stored).not.toContain(token);
    expect(JSON.parse(stored)).toEqual({ sha256: createHash("sha256").update(token).digest("hex") });
    expect((await stat(tokenFile)).mode & 0o777).toBe(0o600);
    expect(await readFile(path.join(app.dataDir, "settings.json"), "utf8")).not.toContain(token);
  });

  it("a new token revokes the old one at once, without a restart", async () => {
    const port = app.access.status().port;
    const renewed = (await app.access.newToken()).token;
    expect(renewed).not.toBe(token);
    expect((await get(`${lanUrl}/api/version`, { Authorization: `Bearer ${token}` })).status).toBe(401);
    expect((await get(`${lanUrl}/api/version`, { Authorization: `Bearer ${renewed}` })).status).toBe(200);
    expect(app.access.status().port).toBe(port);
    token = renewed;
  });

  it("answers a foreign Host name with 403 before the token is looked at (DNS rebinding)", async () => {
    const refused = await rawGet(lanAddress!, app.access.status().port!, "/api/version", { Host: "attacker.example", Authorization: `Bearer ${token}` });
    expect(refused.status).toBe(403);
    expect(refused.body).toContain("attacker.example");
  });

  it("locks a device out after 10 wrong tokens: even the right one gets 429 then", async () => {
    // A fresh listener (network access off and on), so the wrong tokens of the tests above do not count.
    await app.update({ network: false });
    await app.update({ network: true });
    lanUrl = `http://${lanAddress}:${app.access.status().port}`;
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 10; attempt++) statuses.push((await get(`${lanUrl}/api/version`, { Authorization: `Bearer wrong-${attempt}` })).status);
    expect(statuses).toEqual(Array(10).fill(401));
    const locked = await get(`${lanUrl}/v1/models`, { Authorization: `Bearer ${token}` });
    expect(locked.status).toBe(429);
    expect(JSON.parse(locked.body)).toMatchObject({ error: { message: expect.stringContaining("Too many wrong tokens") } });
    expect(locked.headers.get("retry-after")).toBe("60");
    // This computer is not locked out with it.
    expect((await get(`${app.access.status().localUrl}/api/version`)).status).toBe(200);
  });
});

describe("web pages (CORS)", () => {
  let app: AccessApp;
  let url: string;
  const listed = "http://localhost:8080";
  beforeAll(async () => {
    app = await startAccessApp({ port: await freePort() });
    await app.update({ local: true, allowedOrigins: [listed] });
    url = app.access.status().localUrl!;
  }, 60_000);
  afterAll(() => app?.close());

  it("a listed origin gets Access-Control-Allow-Origin, on its preflight and its request", async () => {
    const preflight = await get(`${url}/api/chat`, { Origin: listed, "Access-Control-Request-Method": "POST" }, "OPTIONS");
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe(listed);
    expect(preflight.headers.get("access-control-allow-headers")).toContain("Authorization");
    const answer = await get(`${url}/api/version`, { Origin: listed });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("access-control-allow-origin")).toBe(listed);
  });

  it("an unlisted origin gets 403 and no CORS header, preflight included; the list changes without a restart", async () => {
    const unlisted = "http://evil.example";
    for (const method of ["OPTIONS", "GET"]) {
      const answer = await get(`${url}/api/version`, { Origin: unlisted }, method);
      expect(answer.status).toBe(403);
      expect(answer.headers.get("access-control-allow-origin")).toBeNull();
      expect(answer.body).toContain(unlisted);
    }
    await app.update({ allowedOrigins: [listed, unlisted] });
    expect((await get(`${url}/api/version`, { Origin: unlisted })).status).toBe(200);
    expect(app.access.status().localUrl).toBe(url);
  });
});

describe("the port", () => {
  let blocker: net.Server | undefined;
  let app: AccessApp | undefined;
  afterAll(async () => {
    await app?.close();
    await new Promise((resolve) => (blocker ? blocker.close(resolve) : resolve(undefined)));
  });

  it("when another program has 11434 (Ollama's), the API takes the next free port and says so", async () => {
    blocker = net.createServer();
    const occupied = await new Promise<boolean>((resolve) => {
      blocker!.once("error", () => resolve(false)); // Already taken by someone else: as good for this test.
      blocker!.listen(ollamaDefaultPort, "127.0.0.1", () => resolve(true));
    });
    if (!occupied) blocker = undefined;
    app = await startAccessApp({ port: ollamaDefaultPort });
    await app.update({ local: true });
    const status = app.access.status();
    expect(status).toMatchObject({ state: "listening", wantedPort: ollamaDefaultPort, portTaken: true });
    expect(status.port).toBeGreaterThan(ollamaDefaultPort);
    expect((await get(`${status.localUrl}/api/version`)).status).toBe(200);
  }, 60_000);
});

function rawGet(host: string, port: number, requestPath: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port }, () => {
      const lines = [`GET ${requestPath} HTTP/1.1`, ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`), "Connection: close", "", ""];
      socket.write(lines.join("\r\n"));
    });
    let text = "";
    socket.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
    socket.on("end", () => resolve({ status: Number(/^HTTP\/1\.1 (\d+)/.exec(text)?.[1] ?? 0), body: text.split("\r\n\r\n").slice(1).join("\r\n\r\n") }));
    socket.on("error", reject);
  });
}
