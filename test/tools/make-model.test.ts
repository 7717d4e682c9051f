// @vitest-environment node
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GemmaChatWrapper, getLlama, LlamaChatSession, LlamaLogLevel, readGgufFileInfo, type Llama, type Token } from "node-llama-cpp";
import { ensureTestModel, GEMMA2_SHAPES, MODEL_FILE_TYPES, SPECIAL_TOKEN_IDS, type ModelFileType } from "../../tools/make-model/index.ts";
import {
    dequantizeQ4_0,
    dequantizeQ8_0,
    fromFloat16Bits,
    quantizeQ4_0,
    quantizeQ8_0,
    toFloat16Bits
} from "../../tools/make-model/quantize.ts";
import { WeightStream } from "../../tools/make-model/random-weights.ts";

const MODEL_TEST_TIMEOUT = 60_000;
const EXPECTED_FILE_TYPE: Record<ModelFileType, number> = { f16: 1, q4_0: 2, q8_0: 7, q4_k_m: 15 };
/** `enum ggml_type` of the tied token embedding as llama-quantize writes it: F16, Q6_K (14) or Q8_0 (8). */
const EXPECTED_EMBEDDING_TYPE: Record<ModelFileType, number> = { f16: 1, q4_0: 14, q8_0: 8, q4_k_m: 14 };
const tiny = GEMMA2_SHAPES.tiny;

describe("make-model quantizers", () => {
    it("converts float16 like ggml (round to nearest even, subnormals, overflow)", () => {
        expect(toFloat16Bits(1)).toBe(0x3c00);
        expect(toFloat16Bits(-2)).toBe(0xc000);
        expect(toFloat16Bits(0.5)).toBe(0x3800);
        expect(toFloat16Bits(65504)).toBe(0x7bff);
        expect(toFloat16Bits(1e6)).toBe(0x7c00);
        expect(toFloat16Bits(2 ** -24)).toBe(0x0001);
        expect(toFloat16Bits(1 + 2 ** -11)).toBe(0x3c00); // tie rounds to even
        expect(toFloat16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02);
        for (const value of [0.1, -3.75, 1234.5, 7e-5, 2 ** -20])
            expect(Math.abs(fromFloat16Bits(toFloat16Bits(value)) - value)).toBeLessThanOrEqual(Math.abs(value) * 2 ** -11);
    });

    it("lays out Q4_0 blocks as ggml does", () => {
        const values = Float32Array.from({ length: 32 }, (_, j) => (j - 16) * 0.25);
        const block = quantizeQ4_0(values);
        expect(block.length).toBe(18);
        // d = (value of largest magnitude, -4) / -8 = 0.5 as float16 0x3800.
        expect([block[0], block[1]]).toEqual([0x00, 0x38]);
        // Element 0 (-4) -> nibble 0 in the low half of byte 0; element 16 (0) -> nibble 8 in its high half.
        expect(block[2]).toBe(0x80);
        // Element 31 (3.75 -> 15.5, clamped to 15) sits in the high nibble of the last byte.
        expect((block[17] ?? 0) >>> 4).toBe(15);
    });

    it("round-trips random weights within the Q8_0 and Q4_0 error bounds", () => {
        const values = new Float32Array(32 * 256);
        new WeightStream(7, "quantizer-test").fillNormalish(values, 0.02);
        const q8 = dequantizeQ8_0(quantizeQ8_0(values), values.length);
        const q4 = dequantizeQ4_0(quantizeQ4_0(values), values.length);
        let worstQ8ErrorInSteps = 0;
        let worstQ4ErrorInSteps = 0;
        for (let start = 0; start < values.length; start += 32) {
            const block = values.subarray(start, start + 32);
            const absMax = Math.max(...Array.from(block, Math.abs));
            for (let j = 0; j < 32; j++) {
                const original = block[j] ?? 0;
                worstQ8ErrorInSteps = Math.max(worstQ8ErrorInSteps, Math.abs((q8[start + j] ?? 0) - original) / (absMax / 127));
                worstQ4ErrorInSteps = Math.max(worstQ4ErrorInSteps, Math.abs((q4[start + j] ?? 0) - original) / (absMax / 8));
            }
        }
        // Half a quantization step, plus slack for the float16 scale (up to 127 or 8 steps of its 2^-11 rounding).
        expect(worstQ8ErrorInSteps).toBeLessThanOrEqual(0.5 + 127 * 2 ** -11);
        // One full step: the value opposite the block's extreme can clamp from +8 to +7.
        expect(worstQ4ErrorInSteps).toBeLessThanOrEqual(1 + 8 * 2 ** -11);
        expect(worstQ4ErrorInSteps).toBeGreaterThan(0.4);
    });
});

describe("make-model tiny Gemma 2 models in node-llama-cpp", () => {
    let llama: Llama;
    let modelDir: string;

    beforeAll(async () => {
        modelDir = await mkdtemp(join(tmpdir(), "make-model-test-"));
        llama = await getLlama({ gpu: false, build: "never", logLevel: LlamaLogLevel.error });
    }, MODEL_TEST_TIMEOUT);

    afterAll(async () => {
        await llama?.dispose();
        if (modelDir !== undefined)
            await rm(modelDir, { recursive: true, force: true });
    });

    it("caches test models by content", async () => {
        const first = await ensureTestModel("q4_0", modelDir);
        const writtenAt = (await stat(first)).mtimeMs;
        expect(await ensureTestModel("q4_0", modelDir)).toBe(first);
        expect((await stat(first)).mtimeMs).toBe(writtenAt);
    }, MODEL_TEST_TIMEOUT);

    describe.each(MODEL_FILE_TYPES)("%s", (type) => {
        it("has Gemma 2 metadata", async () => {
            const info = await readGgufFileInfo(await ensureTestModel(type, modelDir));
            expect(info.version).toBe(3);
            expect(info.metadata.general.architecture).toBe("gemma2");
            expect(info.metadata.general.file_type).toBe(EXPECTED_FILE_TYPE[type]);
            expect(info.architectureMetadata).toMatchObject({
                context_length: tiny.contextLength,
                embedding_length: tiny.embeddingLength,
                block_count: tiny.blockCount,
                feed_forward_length: tiny.feedForwardLength,
                attention: {
                    head_count: tiny.headCount,
                    head_count_kv: tiny.headCountKv,
                    key_length: tiny.headSize,
                    value_length: tiny.headSize,
                    sliding_window: tiny.slidingWindow
                },
                attn_logit_softcapping: 50,
                final_logit_softcapping: 30
            });
            const tokenizer = info.metadata.tokenizer;
            expect(tokenizer.ggml.model).toBe("llama");
            expect(tokenizer.ggml.tokens).toHaveLength(tiny.vocabularySize);
            expect(tokenizer.ggml.tokens.slice(0, 6)).toEqual(["<pad>", "<eos>", "<bos>", "<unk>", "<start_of_turn>", "<end_of_turn>"]);
            expect(tokenizer.chat_template).toContain("<start_of_turn>model\n");
            expect(info.tensorInfo?.some((tensor) => tensor.name === "output.weight")).toBe(false);
            expect(info.tensorInfo?.find((tensor) => tensor.name === "token_embd.weight")?.ggmlType).toBe(EXPECTED_EMBEDDING_TYPE[type]);
            expect(info.tensorInfo?.find((tensor) => tensor.name === "blk.0.attn_norm.weight")?.ggmlType).toBe(0);
        }, MODEL_TEST_TIMEOUT);

        it("loads, round-trips text and chats with the Gemma wrapper", async () => {
            const model = await llama.loadModel({ modelPath: await ensureTestModel(type, modelDir) });
            try {
                const text = "Hello world, the quick brown fox jumps over 13 lazy dogs!";
                expect(model.detokenize(model.tokenize(text))).toBe(text);
                expect(model.tokens.bos).toBe(SPECIAL_TOKEN_IDS.bos);
                expect(model.tokens.eos).toBe(SPECIAL_TOKEN_IDS.eos);
                expect(model.isEogToken(SPECIAL_TOKEN_IDS.endOfTurn as Token)).toBe(true);

                // One thread: llama.cpp's spinning workers crawl when the CPU is shared with other test processes.
                const context = await model.createContext({ contextSize: 512, threads: 1 });
                const session = new LlamaChatSession({ contextSequence: context.getSequence() });
                expect(session.chatWrapper).toBeInstanceOf(GemmaChatWrapper);

                let generatedTokens = 0;
                const reply = await session.prompt("Hi! Tell me something.", {
                    maxTokens: 16,
                    temperature: 0,
                    onToken: (tokens) => (generatedTokens += tokens.length)
                });
                expect(reply.trim().length).toBeGreaterThan(0);
                expect(generatedTokens).toBeGreaterThan(0);
                expect(generatedTokens).toBeLessThanOrEqual(16);
                await context.dispose();
            } finally {
                await model.dispose();
            }
        }, MODEL_TEST_TIMEOUT);
    });
});
