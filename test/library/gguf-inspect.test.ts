// @vitest-environment node
import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inspectGguf } from "../../electron/node/gguf/inspect.ts";
import { readGgufSummary } from "../../electron/node/services/library/gguf-inspect.ts";
import { testModel } from "../support/hf/test-model.ts";

describe("reading an untrusted GGUF header (in a worker, within budgets)", () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), "edge-gemma-inspect-"));
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  it("reads the facts of a valid Gemma 2 file: quantization, shape, weights", async () => {
    const model = await testModel("q4_0");
    const summary = await readGgufSummary(model.path);
    expect(summary).toMatchObject({ architecture: "gemma2", quantization: "Q4_0", sizeBytes: model.data.length, shape: { layers: 4, vocabularySize: 512 } });
    expect(summary.weightsBytes).toBeLessThan(model.data.length);
  });

  it("refuses a header longer than its byte budget, without reading the rest", async () => {
    const model = await testModel("q4_0");
    await expect(inspectGguf({ kind: "file", path: model.path }, { maxHeaderBytes: 4096 })).rejects.toMatchObject({ reason: "header-too-large", details: { limitBytes: 4096 } });
  });

  it("says a FIFO or a device is not a file instead of blocking on it", async () => {
    const fifo = path.join(work, "pipe.gguf");
    execFileSync("mkfifo", [fifo]);
    await expect(readGgufSummary(fifo)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(inspectGguf({ kind: "file", path: fifo })).rejects.toMatchObject({ name: "InspectReadError", code: "ENOTFILE" });
    await expect(inspectGguf({ kind: "file", path: "/dev/zero" })).rejects.toMatchObject({ name: "InspectReadError", code: "ENOTFILE" });
  });

  it("stops when cancelled, and the next inspection still works", async () => {
    const model = await testModel("q4_0");
    const controller = new AbortController();
    const cancelled = inspectGguf({ kind: "file", path: model.path }, { signal: controller.signal });
    controller.abort();
    await expect(cancelled).rejects.toMatchObject({ name: "InspectCancelled" });
    await expect(inspectGguf({ kind: "file", path: model.path })).resolves.toMatchObject({ architecture: "gemma2" });
  });

  it("names the impossible count: a header claiming 2^40 tensors", async () => {
    const data = Buffer.from((await testModel("q4_0")).data);
    data.writeBigUInt64LE(2n ** 40n, 8);
    const file = path.join(work, "tensors.gguf");
    await writeFile(file, data);
    await expect(readGgufSummary(file)).rejects.toMatchObject({
      code: "MODEL_INVALID",
      message: "tensors.gguf: The header claims 1099511627776 tensors; no real model has more than 65536.",
      details: { reason: "impossible-count", count: "tensors", value: "1099511627776", limit: 65536 },
    });
  });

  it("names a missing Gemma 2 hyper-parameter", async () => {
    const data = Buffer.from((await testModel("q4_0")).data);
    const at = data.indexOf("gemma2.attention.layer_norm_rms_epsilon", 0, "latin1");
    data.write("gemma2.attention.layer_norm_rms_epsiloX", at, "latin1");
    const file = path.join(work, "no-epsilon.gguf");
    await writeFile(file, data);
    await expect(readGgufSummary(file)).rejects.toMatchObject({
      code: "MODEL_INVALID",
      details: { reason: "missing-hyperparameter", key: "gemma2.attention.layer_norm_rms_epsilon" },
    });
  });
});
