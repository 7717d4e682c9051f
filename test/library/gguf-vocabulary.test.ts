// @vitest-environment node
/**
 * Damaged vocabularies that llama.cpp aborts the whole engine on (electron/node/gguf/llama-vocabulary.ts has the
 * source lines): the reader refuses each with MODEL_INVALID naming the token, before node-llama-cpp opens the file.
 * The first two are the GGUF fuzzer's finds, rebuilt byte for byte: seed 1763580713 file 290 flipped one bit of
 * "<0x8B>" into a second "<0x9B>" (the engine died with SIGABRT on llama-vocab.cpp:2539, GGML_ASSERT(id_to_token.size()
 * == token_to_id.size())); seed 576063050 file 274 turned "<0x04>" into a second "<0x06>" and token 235's type 6 into
 * 4102. The others are the rest of the class: byte tokens llama.cpp can't read, and a byte no token spells, which
 * loads and then aborts the engine at the first message with that byte.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readGgufSummary } from "../../electron/node/services/library/gguf-inspect.ts";
import { testModel } from "../support/hf/test-model.ts";
import { editVocabulary, vocabularyOf } from "./gguf-fuzz/vocabulary-edit.ts";

const tokensKey = "tokenizer.ggml.tokens";

describe("a vocabulary llama.cpp would abort on is refused by the reader, with the token named", () => {
  let work: string;
  let base: Buffer;
  let tokens: string[];
  const id = (text: string) => {
    const found = tokens.indexOf(text);
    expect(found, text).toBeGreaterThanOrEqual(0);
    return found;
  };

  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), "edge-gemma-vocabulary-"));
    base = (await testModel("q4_0")).data;
    tokens = vocabularyOf(base);
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  async function refusal(name: string, data: Buffer) {
    const file = path.join(work, `${name}.gguf`);
    await writeFile(file, data);
    return readGgufSummary(file).then(
      () => undefined,
      (error: unknown) => error,
    );
  }

  it("the fuzzer's two finds: a byte token's text repeated by a flipped bit", async () => {
    // Seed 1763580713, file 290: bit 0 of the 4th character of "<0x8B>" ("8" → "9"), nothing else.
    const flipped = Buffer.from(base);
    const at = flipped.indexOf(Buffer.concat([Buffer.from([6, 0, 0, 0, 0, 0, 0, 0]), Buffer.from("<0x8B>")])) + 8;
    flipped[at + 3]! ^= 1;
    expect(vocabularyOf(flipped)[id("<0x8B>")]).toBe("<0x9B>");
    expect(await refusal("seed-1763580713-file-290", flipped)).toMatchObject({
      code: "MODEL_INVALID",
      message: `seed-1763580713-file-290.gguf: ${tokensKey}[${id("<0x9B>")}] is "<0x9B>", the same text as token ${id("<0x8B>")}: llama.cpp stops the whole engine when two tokens have the same text.`,
      details: { reason: "invalid-value", key: `${tokensKey}[${id("<0x9B>")}]`, value: "<0x9B>" },
    });

    // Seed 576063050, file 274: "<0x04>" → "<0x06>" (bit 1 of its 5th character) and the type of token 235, 6 → 4102.
    const twoFlips = editVocabulary(base, { tokens: new Map([[id("<0x04>"), "<0x06>"]]), tokenTypes: new Map([[235, 4102]]) });
    expect(twoFlips.length).toBe(base.length);
    expect(await refusal("seed-576063050-file-274", twoFlips)).toMatchObject({
      code: "MODEL_INVALID",
      details: { reason: "invalid-value", key: `${tokensKey}[${id("<0x06>")}]`, value: "<0x06>" },
    });
  });

  it("a byte token (type 6) that doesn't read <0xHH>: each refused with its text", async () => {
    const byteToken = id("<0x8B>");
    for (const text of ["<0x:B>", "<0xZZ>", "<0x8>", "<0x8B>x", "hello", "q~"]) {
      const error = await refusal(`byte-token-${[...text].map((c) => c.charCodeAt(0).toString(16)).join("")}`, editVocabulary(base, { tokens: new Map([[byteToken, text]]) }));
      expect(error, text).toMatchObject({
        code: "MODEL_INVALID",
        message: expect.stringContaining(`${tokensKey}[${byteToken}] is "${text}": a byte token (token_type 6) must read <0xHH>`) as unknown,
        details: { reason: "invalid-value", key: `${tokensKey}[${byteToken}]`, value: text },
      });
    }
  });

  it("two tokens with the same text, also when llama.cpp names an empty token [EMPTY_<id>] and another is called that", async () => {
    const [first, second] = [tokens.length - 2, tokens.length - 1];
    expect(await refusal("normal-twice", editVocabulary(base, { tokens: new Map([[second, "a"]]) }))).toMatchObject({
      message: `normal-twice.gguf: ${tokensKey}[${second}] is "a", the same text as token ${id("a")}: llama.cpp stops the whole engine when two tokens have the same text.`,
      details: { reason: "invalid-value", key: `${tokensKey}[${second}]`, value: "a" },
    });
    expect(await refusal("empty-and-its-name", editVocabulary(base, { tokens: new Map([[first, ""], [second, `[EMPTY_${first}]`]]) }))).toMatchObject({
      details: { reason: "invalid-value", key: `${tokensKey}[${second}]`, value: `[EMPTY_${first}]` },
    });
  });

  it("a byte no token spells (a lower-case <0x8b> is not what llama.cpp looks up): refused, naming the byte", async () => {
    expect(await refusal("lower-case", editVocabulary(base, { tokens: new Map([[id("<0x8B>"), "<0x8b>"]]) }))).toMatchObject({
      code: "MODEL_INVALID",
      message: `lower-case.gguf: ${tokensKey} has no token <0x8B>, nor the byte on its own: llama.cpp stops the whole engine at the first message that needs the byte 0x8B.`,
      details: { reason: "invalid-value", key: tokensKey, value: "no <0x8B>" },
    });
  });

  it("accepts the unchanged model, and a byte spelled by the one-byte token instead of <0xHH> (llama.cpp's fallback)", async () => {
    const file = path.join(work, "unchanged.gguf");
    await writeFile(file, base);
    await expect(readGgufSummary(file)).resolves.toMatchObject({ architecture: "gemma2", shape: { vocabularySize: tokens.length } });
    id("a");
    const fallback = path.join(work, "fallback.gguf");
    await writeFile(fallback, editVocabulary(base, { tokens: new Map([[id("<0x61>"), "no-longer-a-byte"]]), tokenTypes: new Map([[id("<0x61>"), 1]]) }));
    await expect(readGgufSummary(fallback)).resolves.toMatchObject({ architecture: "gemma2" });
  });
});
