// @vitest-environment node
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHost, type RunningHost } from "../e2e/support/host.ts";
import { tinyModel } from "../support/models.ts";
import { RawClient } from "./support/ws-client.ts";

let host: RunningHost;
let modelsDir: string;
beforeAll(async () => {
  host = await startHost({});
  modelsDir = path.join(host.dataDir, "models");
});
afterAll(async () => host?.stop());

interface Sent {
  status: number;
  body: Record<string, unknown>;
}

/** PUTs `chunks` to the upload route, announcing `size`; `stopAfter` chunks the client goes away. */
function upload(name: string, chunks: Buffer[], options: { size?: number; origin?: string | null; stopAfter?: number } = {}): Promise<Sent | "aborted"> {
  const size = options.size ?? chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  const origin = options.origin === undefined ? host.origin : options.origin;
  return new Promise((resolve, reject) => {
    const request = http.request(`${host.origin}/upload/${encodeURIComponent(name)}`, {
      method: "PUT",
      headers: { "content-length": String(size), ...(origin ? { origin } : {}) },
    });
    request.on("response", (response) => {
      let text = "";
      response.on("data", (chunk: Buffer) => (text += chunk.toString()));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }));
    });
    request.on("error", (error) => (options.stopAfter !== undefined ? resolve("aborted") : reject(error)));
    chunks.forEach((chunk, index) => {
      if (options.stopAfter !== undefined && index === options.stopAfter) {
        setTimeout(() => request.destroy(), 200);
        return;
      }
      if (options.stopAfter === undefined || index < options.stopAfter) request.write(chunk);
    });
    if (options.stopAfter === undefined) request.end();
  });
}

function split(bytes: Buffer, parts: number): Buffer[] {
  const size = Math.ceil(bytes.length / parts);
  return Array.from({ length: parts }, (_, i) => bytes.subarray(i * size, (i + 1) * size));
}

async function leftovers(): Promise<string[]> {
  return (await readdir(modelsDir)).filter((name) => name.includes(".upload-"));
}

async function until(what: string, test: () => Promise<boolean>): Promise<void> {
  for (let waited = 0; !(await test()); waited += 50) {
    if (waited > 30_000) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("importing a model from a browser by uploading its bytes", () => {
  it("keeps a GGUF that passes inspection, with the SHA-256 of what was sent, and lists it", async () => {
    const bytes = await readFile(await tinyModel("q4_0"));
    const sent = await upload("my model.gguf", split(bytes, 8));
    expect(sent).toMatchObject({ status: 200, body: { model: { id: "my_model.gguf", architecture: "gemma2", sizeBytes: bytes.length } } });
    const sidecar = JSON.parse(await readFile(path.join(modelsDir, "my_model.gguf.json"), "utf8")) as { sha256: string };
    expect(sidecar.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));

    const client = await RawClient.open(host.origin);
    const installed = await client.request("library.installed");
    client.close();
    expect(JSON.stringify(installed)).toContain("my_model.gguf");
  });

  it("refuses a file that is not a GGUF and keeps nothing of it", async () => {
    const sent = await upload("not-a-model.gguf", [Buffer.from("this is not a model file at all")]);
    expect(sent).toMatchObject({ status: 422, body: { error: { code: "MODEL_INVALID" } } });
    expect(await readdir(modelsDir)).not.toContain("not-a-model.gguf");
    expect(await leftovers()).toEqual([]);
  });

  it("refuses an upload bigger than the free disk before reading it", async () => {
    const sent = await upload("huge.gguf", [Buffer.from("GGUF")], { size: 2 ** 50 });
    expect(sent).toMatchObject({ status: 507, body: { error: { code: "UNAVAILABLE" } } });
    expect((sent as Sent).body["error"]).toMatchObject({ message: expect.stringMatching(/^Not enough disk space for an upload of huge\.gguf/) });
    expect(await leftovers()).toEqual([]);
  });

  it("removes what it received when the browser goes away mid-upload", async () => {
    const bytes = await readFile(await tinyModel("q4_0"));
    expect(await upload("cancelled.gguf", split(bytes, 8), { stopAfter: 3 })).toBe("aborted");
    await until("the partial upload to be removed", async () => (await leftovers()).length === 0);
    expect(await readdir(modelsDir)).not.toContain("cancelled.gguf");
  });

  it("refuses a cross-origin upload and a name that is not a .gguf file", async () => {
    expect(await upload("x.gguf", [Buffer.from("GGUF")], { origin: "http://evil.example" })).toMatchObject({ status: 403 });
    expect(await upload("x.gguf", [Buffer.from("GGUF")], { origin: null })).toMatchObject({ status: 403 });
    expect(await upload("../../etc/passwd", [Buffer.from("GGUF")])).toMatchObject({ status: 400, body: { error: { code: "BAD_REQUEST" } } });
    expect(await upload("notes.txt", [Buffer.from("GGUF")])).toMatchObject({ status: 400 });
  });
});
