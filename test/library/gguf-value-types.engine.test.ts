// @vitest-environment node
/**
 * Every metadata value of the generated Gemma 2 model, retyped to each other type of the same width (so the file
 * still parses), goes to our reader and to the real engine. Whatever the reader accepts, llama.cpp must load: a file
 * the reader lets through and the engine then refuses would reach the user as a vague "load failed" instead of the
 * key named. (The fuzzer samples this at random; seed 849331008 found gemma2.final_logit_softcapping as a uint32.)
 */
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ggufProblemReasons, type AppError } from "../../electron/common/contract/index.ts";
import { valueTypeNames } from "../../electron/node/gguf/gguf-header.ts";
import { testModel } from "../support/hf/test-model.ts";
import { startBackendClient, type BackendClient } from "./gguf-fuzz/backend-client.ts";
import { walkLayout } from "./gguf-fuzz/mutations.ts";

/** GGUF scalar value types grouped by byte width (docs/gguf.md, gguf_metadata_value_type). */
const sameWidth: number[][] = [
  [0, 1, 7],
  [2, 3],
  [4, 5, 6],
  [10, 11, 12],
];

function keyBefore(data: Buffer, typeOffset: number, keyStarts: number[]): string {
  const start = keyStarts.filter((offset) => offset < typeOffset).at(-1)!;
  const length = Number(data.readBigUInt64LE(start));
  return data.toString("utf8", start + 8, start + 8 + length);
}

describe("metadata value types: the reader refuses what llama.cpp refuses", () => {
  let harness: BackendClient;
  let work: string;
  let client: BackendClient["client"];

  beforeAll(async () => {
    harness = await startBackendClient("edge-gemma-value-types-");
    ({ work, client } = harness);
  });
  afterAll(() => harness.dispose());

  it("every scalar key, retyped: refused with the key named, or loaded by the engine", async () => {
    const base = (await testModel("q4_0")).data;
    const layout = walkLayout(base);
    const keyStarts = layout.fields.filter((field) => field.kind === "key-length").map((field) => field.offset);
    const control = path.join(work, "unchanged.gguf");
    await writeFile(control, base);
    await expect(client.call("engine.loadModel", { path: control }), "the unchanged file loads").resolves.toBeDefined();
    const outcomes: string[] = [];
    let retyped = 0;
    for (const field of layout.fields.filter((candidate) => candidate.kind === "value-type")) {
      const original = base.readUInt32LE(field.offset);
      const group = sameWidth.find((types) => types.includes(original));
      if (!group) continue;
      const key = keyBefore(base, field.offset, keyStarts);
      for (const type of group.filter((candidate) => candidate !== original)) {
        const what = `${key} as ${valueTypeNames[type]} (was ${valueTypeNames[original]})`;
        const data = Buffer.from(base);
        data.writeUInt32LE(type, field.offset);
        const file = path.join(work, `retyped-${retyped++}.gguf`);
        await writeFile(file, data);
        const loaded = await client.call("engine.loadModel", { path: file }).then(
          () => null,
          (error: AppError) => error.toWire(),
        );
        const reason = loaded?.code === "MODEL_INVALID" ? loaded.details?.reason : undefined;
        if (loaded) {
          expect(loaded.code, `${what}: ${loaded.message}`).toBe("MODEL_INVALID");
          expect(ggufProblemReasons, `${what}: ${loaded.message}`).toContain(reason);
          if (reason === "bad-value-type") expect(loaded.message, what).toContain(key);
        }
        outcomes.push(`${what}: ${loaded ? String(reason) : "loaded"}`);
        await rm(file);
      }
    }
    expect(retyped).toBeGreaterThan(20);
    expect(outcomes.filter((line) => line.includes("softcapping") && line.endsWith("loaded"))).toEqual([]);
    console.log(`[gguf-value-types] ${retyped} retyped files:\n${outcomes.join("\n")}`);
  }, 600_000);
});
