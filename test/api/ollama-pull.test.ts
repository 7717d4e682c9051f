// @vitest-environment node
/**
 * `ollama pull gemma2:9b` pointed at the Pi: the official client's pull runs the Library's own verified download from
 * the Ollama registry stand-in (test/support/ollama-registry-server.ts), streaming Ollama's progress lines.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { Ollama } from "ollama";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRegistryServer, type RegistryTestServer } from "../support/ollama-registry-server.ts";
import { catalogPinning } from "../support/test-catalog.ts";
import { tinyModel } from "../support/models.ts";
import { startApiApp, type ApiApp } from "./support/api-app.ts";

let app: ApiApp;
let registry: RegistryTestServer;
let ollama: Ollama;
let data: Buffer;

beforeAll(async () => {
  data = await readFile(await tinyModel("q4_0"));
  registry = await startRegistryServer();
  registry.addModel("gemma2", "9b", data);
  // The 9B Q4_0 entry pinned to the stand-in file the registry serves (the real pins would rightly refuse it).
  app = await startApiApp({ catalog: catalogPinning({ "gemma-2-9b-it-Q4_0": data }), ollamaRegistry: registry.endpoint });
  ollama = new Ollama({ host: app.server.url });
});
afterAll(async () => {
  await app.close();
  await registry.close();
});

describe("pulling through the API", () => {
  it("downloads a catalog file by Ollama's name with Ollama's progress lines, verifies it and lists it", async () => {
    const statuses: string[] = [];
    let lastProgress: { total?: number; completed?: number; digest?: string } = {};
    for await (const progress of await ollama.pull({ model: "gemma2:9b", stream: true })) {
      if (statuses.at(-1) !== progress.status) statuses.push(progress.status);
      if (progress.digest) lastProgress = progress;
    }
    const sha256 = createHash("sha256").update(data).digest("hex");
    expect(statuses[0]).toBe("pulling manifest");
    expect(statuses).toContain(`pulling ${sha256.slice(0, 12)}`);
    expect(statuses.slice(-3)).toEqual(["verifying sha256 digest", "writing manifest", "success"]);
    expect(lastProgress).toMatchObject({ digest: `sha256:${sha256}`, total: data.length });
    const { models } = await ollama.list();
    expect(models.map((model) => model.name).sort()).toEqual(["gemma2:2b", "gemma2:9b"]);
    expect(models.find((model) => model.name === "gemma2:9b")?.digest).toBe(sha256);
  });

  it("answers success at once for a file already installed, and 404 for a name outside the catalog", async () => {
    expect(await ollama.pull({ model: "gemma2:2b" })).toEqual({ status: "success" });
    await expect(ollama.pull({ model: "llama3:8b" })).rejects.toMatchObject({ status_code: 404 });
  });
});
