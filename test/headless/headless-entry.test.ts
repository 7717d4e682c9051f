import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import WebSocket from "ws";
import { parseHeadlessOptions } from "../../electron/node/headless/headless-options.ts";
import { onCleanup, repoRoot, startEntry, type Started } from "./spawned-entry.ts";

const entry = path.join(repoRoot, "electron", "node", "headless", "main.ts");

describe("edge-gemma --headless flags", () => {
  it("listens on loopback in the desktop app's data folder, the API as the settings say on Ollama's port, unless told otherwise", () => {
    const options = parseHeadlessOptions(["--headless"]);
    expect(options).toMatchObject({ host: "127.0.0.1", port: 5417, api: "settings", apiPort: 11434 });
    expect(path.basename(options.dataDir)).toBe("Edge Gemma");
    expect(parseHeadlessOptions(["--api-port", "0"])).toMatchObject({ api: "on", apiPort: 0 });
    expect(parseHeadlessOptions(["--no-api", "--host", "0.0.0.0", "--port", "0"])).toMatchObject({ host: "0.0.0.0", port: 0, api: "off" });
  });

  it("refuses a bad port or an unknown flag with a message naming it", () => {
    expect(() => parseHeadlessOptions(["--port", "70000"])).toThrow(/--port must be a number from 0 to 65535, not "70000"/);
    expect(() => parseHeadlessOptions(["--api-port", "x"])).toThrow(/--api-port/);
    expect(() => parseHeadlessOptions(["--window"])).toThrow(/--window/);
  });
});

async function startHeadless(args: string[], env: NodeJS.ProcessEnv): Promise<Started> {
  const started = startEntry([entry, "--headless", ...args], /^Data folder: /m, env);
  await started.serving;
  return started;
}

function settingsOverWebSocket(pageUrl: string): Promise<{ ok: boolean }> {
  const url = new URL(pageUrl);
  const socket = new WebSocket(`ws://${url.host}/rpc`, { origin: `http://${url.host}` });
  return new Promise((resolve, reject) => {
    socket.on("error", reject);
    socket.on("open", () => socket.send(JSON.stringify({ kind: "request", id: 1, method: "settings.get", params: {} })));
    socket.on("message", (data) => {
      const message = JSON.parse(String(data)) as { kind: string; id: number; ok: boolean };
      if (message.kind === "response" && message.id === 1) {
        socket.close();
        resolve(message);
      }
    });
  });
}

describe("edge-gemma --headless (the entry, from the checkout)", () => {
  it("serves the app and the API from the desktop app's data folder, and stops cleanly on SIGTERM", async () => {
    const configHome = await mkdtemp(path.join(os.tmpdir(), "edge-gemma-headless-"));
    onCleanup(() => rm(configHome, { recursive: true, force: true }));
    const app = await startHeadless(["--port", "0", "--api-port", "0"], { XDG_CONFIG_HOME: configHome });

    const pageUrl = /serving on (http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(app.output())?.[1];
    const apiUrl = /API is serving on (http:\/\/127\.0\.0\.1:\d+) \(this computer only\)$/m.exec(app.output())?.[1];
    expect(pageUrl, app.output()).toBeDefined();
    expect(apiUrl, app.output()).toBeDefined();
    const dataFolder = path.join(configHome, "Edge Gemma");
    await app.waitForOutput(/^Data folder: .*\n/m);
    expect(app.output()).toContain(`Data folder: ${dataFolder}\n`);
    expect(existsSync(path.join(dataFolder, "models"))).toBe(true);

    expect(await settingsOverWebSocket(pageUrl!)).toMatchObject({ ok: true });
    const version = (await (await fetch(`${apiUrl}/api/version`)).json()) as { version: string };
    expect(version.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(await (await fetch(`${apiUrl}/api/tags`)).json()).toEqual({ models: [] });

    expect(await app.stop()).toBe(0);
  });

  it("on the network it asks for the access token it printed, and starts no API there", async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "edge-gemma-headless-"));
    onCleanup(() => rm(dataDir, { recursive: true, force: true }));
    const app = await startHeadless(["--host", "0.0.0.0", "--port", "0", "--no-api", "--data-dir", dataDir], {});

    const printed = /serving on (http:\/\/\S+)$/m.exec(app.output())?.[1];
    const token = printed ? new URL(printed).searchParams.get("token") : null;
    expect(token, app.output()).toBeTruthy();
    expect(app.output()).not.toMatch(/API is serving/);
    const port = new URL(printed!).port;
    expect((await fetch(`http://127.0.0.1:${port}/rpc`)).status).toBe(401);
    expect(await app.stop()).toBe(0);
  });

  it("says which flag is wrong and exits with status 2", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", entry, "--headless", "--port", "nope"], { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).toBe(2);
    expect(stderr).toContain('--port must be a number from 0 to 65535, not "nope"');
    expect(stderr).toContain("Usage: edge-gemma --headless");
  });
});
