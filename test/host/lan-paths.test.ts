// @vitest-environment node
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHost, type RunningHost } from "../e2e/support/host.ts";
import { ensureTestModel } from "../../tools/make-model/test-models.ts";
import { writeOllamaModel } from "../support/local-stores.ts";
import { RawClient } from "./support/ws-client.ts";

/** This machine's first LAN address: a client connecting to it is, for the host, a client on the LAN. */
const lanAddress = Object.values(os.networkInterfaces())
  .flatMap((addresses) => addresses ?? [])
  .find((address) => address.family === "IPv4" && !address.internal)?.address;

let host: RunningHost;
let storeDir: string;
beforeAll(async () => {
  // An Ollama folder with gemma2:2b, so "found on this Pi" has something to list to the host's own browser.
  storeDir = await mkdtemp(path.join(os.tmpdir(), "edge-gemma-lan-ollama-"));
  await writeOllamaModel(storeDir, { model: "gemma2", tag: "2b", gguf: await readFile(await ensureTestModel("q4_0")) });
  host = await startHost({ lan: true, env: { OLLAMA_MODELS: storeDir, HF_HUB_CACHE: path.join(storeDir, "no-hf-cache") } });
});
afterAll(async () => {
  await host?.stop();
  await rm(storeDir, { recursive: true, force: true });
});

const pathRequests: [string, Record<string, unknown>][] = [
  ["engine.loadModel", { path: "/etc/shadow" }],
  ["library.import", { path: "/etc", mode: "in-place" }],
  ["library.import", { path: "relative/model.gguf", mode: "copy" }],
  ["dialog.openModelFile", {}],
  ["library.useFound", { path: "/usr/share/ollama/.ollama/models/blobs/sha256-0000" }],
  ["settings.update", { patch: { model: { activeModelPath: "/etc/passwd" } } }],
];

describe.skipIf(lanAddress === undefined)("a browser on the LAN cannot name files on the host", () => {
  it.each(pathRequests)("refuses %s %j with the same answer, whatever the path", async (method, params) => {
    const client = await RawClient.open(`http://${lanAddress}:${host.port}`, host.token);
    const response = await client.request(method, params);
    client.close();
    expect(response).toMatchObject({
      ok: false,
      error: {
        code: "UNAVAILABLE",
        message: "A browser on another device cannot name files on this Edge Gemma: choose an installed model, or download one from the Library",
      },
    });
  });

  it("lists no models found in other programs' folders (their paths are this machine's); the host's own browser sees them", async () => {
    const lan = await RawClient.open(`http://${lanAddress}:${host.port}`, host.token);
    const fromLan = await lan.request("library.found", {});
    lan.close();
    expect(fromLan).toMatchObject({ ok: true, result: { models: [] } });
    const local = await RawClient.open(host.origin, host.token);
    const fromHost = await local.request("library.found", {});
    local.close();
    expect(fromHost).toMatchObject({ ok: true, result: { models: [{ store: "ollama", name: "gemma2:2b" }] } });
  });

  it("still lets it change the other settings", async () => {
    const client = await RawClient.open(`http://${lanAddress}:${host.port}`, host.token);
    const response = await client.request("settings.update", { patch: { chat: { defaultSystemPrompt: "Be brief." } } });
    client.close();
    expect(response).toMatchObject({ ok: true, result: { chat: { defaultSystemPrompt: "Be brief." } } });
  });

  it("leaves paths to a browser on the host itself", async () => {
    const client = await RawClient.open(host.origin, host.token);
    const response = await client.request("library.import", { path: "/etc", mode: "in-place" });
    client.close();
    expect(response).toMatchObject({ ok: false });
    expect((response["error"] as { code: string }).code).not.toBe("UNAVAILABLE");
  });
});
