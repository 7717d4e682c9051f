/** Writes a random-weight Gemma 2 GGUF that llama.cpp (node-llama-cpp) loads and generates from. */
import { mkdir } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { GEMMA2_SHAPES, listGemma2Tensors, type Gemma2Shape, type Gemma2ShapeName, type TensorSpec } from "./gemma2-shapes.ts";
import { GGUF_ALIGNMENT, ggufFileSize, writeGgufFile, tensorElementCount, type GgufMetadata, type GgufTensor, type GgufValue } from "./gguf-writer.ts";
import { LLAMA_FTYPE, tensorTypeFor, type ModelFileType } from "./file-layout.ts";
import { encodeTensorData, type TensorType } from "./quantize.ts";
import { WeightStream } from "./random-weights.ts";
import { buildVocabulary, FIRST_NORMAL_TOKEN_ID, GEMMA2_CHAT_TEMPLATE, SPECIAL_TOKEN_IDS, type Vocabulary } from "./vocabulary.ts";

export { isModelFileType, MODEL_FILE_TYPES, type ModelFileType } from "./file-layout.ts";

export interface WriteGemma2ModelOptions {
    readonly shape: Gemma2ShapeName;
    /** The file type; each tensor gets the type llama-quantize gives it in such a file (file-layout.ts). */
    readonly type: ModelFileType;
    readonly out: string;
    /** 32-bit integer; the same seed, shape and type always produce the same bytes. */
    readonly seed?: number;
}

export interface WrittenModel {
    readonly path: string;
    readonly bytes: number;
}

export const DEFAULT_SEED = 1234;

/** Control and byte-token embeddings are shrunk so random generations mostly produce readable pieces. */
const SPECIAL_EMBEDDING_SCALE = 0.25;
const NORM_WEIGHT_STD = 0.02;
/**
 * Mean weights of the post-attention / post-FFN norms, tuned by looking at greedy generations. With tied input/output
 * embeddings the current token's own embedding in the residual stream becomes the top logit unless the blocks' outputs
 * dominate the stream, and a strong attention branch (a slowly changing average over the context) makes the same token
 * win step after step. Large FFN outputs (a function of the current token) give varied text instead.
 */
const POST_ATTENTION_NORM_GAIN = 1;
const POST_FFN_NORM_GAIN = 12;
const CHUNK_ELEMENTS = 1 << 20;

export async function writeGemma2Model(options: WriteGemma2ModelOptions): Promise<WrittenModel> {
    const { metadata, tensors } = planGemma2Model(options);
    const path = resolve(options.out);
    await mkdir(dirname(path), { recursive: true });
    const bytes = await writeGgufFile(path, metadata, tensors);
    return { path, bytes };
}

export interface Gemma2ModelLayout {
    readonly tensors: ReadonlyArray<{ readonly name: string; readonly dims: readonly number[]; readonly type: TensorType }>;
    readonly bytes: number;
}

/** The tensor types and the file size `writeGemma2Model` gives, without generating any weights. */
export function gemma2ModelLayout(options: Omit<WriteGemma2ModelOptions, "out">): Gemma2ModelLayout {
    const { metadata, tensors } = planGemma2Model(options);
    return { tensors: tensors.map(({ name, dims, type }) => ({ name, dims, type })), bytes: ggufFileSize(metadata, tensors) };
}

function planGemma2Model(options: Omit<WriteGemma2ModelOptions, "out">): { metadata: GgufMetadata; tensors: GgufTensor[] } {
    const shape = GEMMA2_SHAPES[options.shape];
    const seed = options.seed ?? DEFAULT_SEED;
    const tensors = listGemma2Tensors(shape).map((spec): GgufTensor => {
        const type = tensorTypeFor(options.type, spec, shape.blockCount);
        return { name: spec.name, dims: spec.dims, type, chunks: () => generateTensorChunks(spec, type, seed) };
    });
    return { metadata: buildMetadata(shape, options.type, buildVocabulary(shape.vocabularySize)), tensors };
}

function buildMetadata(shape: Gemma2Shape, type: ModelFileType, vocabulary: Vocabulary): GgufMetadata {
    const uint32 = (value: number): GgufValue => ({ type: "uint32", value });
    const float32 = (value: number): GgufValue => ({ type: "float32", value });
    const string = (value: string): GgufValue => ({ type: "string", value });
    const bool = (value: boolean): GgufValue => ({ type: "bool", value });
    const arch = "gemma2";
    return [
        ["general.architecture", string(arch)],
        ["general.name", string(shape.displayName)],
        ["general.file_type", uint32(LLAMA_FTYPE[type])],
        ...(type === "f16" ? [] : [["general.quantization_version", uint32(2)] as const]),
        ["general.alignment", uint32(GGUF_ALIGNMENT)],
        [`${arch}.context_length`, uint32(shape.contextLength)],
        [`${arch}.embedding_length`, uint32(shape.embeddingLength)],
        [`${arch}.block_count`, uint32(shape.blockCount)],
        [`${arch}.feed_forward_length`, uint32(shape.feedForwardLength)],
        [`${arch}.attention.head_count`, uint32(shape.headCount)],
        [`${arch}.attention.head_count_kv`, uint32(shape.headCountKv)],
        [`${arch}.attention.key_length`, uint32(shape.headSize)],
        [`${arch}.attention.value_length`, uint32(shape.headSize)],
        [`${arch}.attention.layer_norm_rms_epsilon`, float32(shape.rmsNormEpsilon)],
        [`${arch}.attention.sliding_window`, uint32(shape.slidingWindow)],
        [`${arch}.attn_logit_softcapping`, float32(shape.attentionLogitSoftcapping)],
        [`${arch}.final_logit_softcapping`, float32(shape.finalLogitSoftcapping)],
        ["tokenizer.ggml.model", string("llama")],
        ["tokenizer.ggml.pre", string("default")],
        ["tokenizer.ggml.tokens", { type: "stringArray", value: vocabulary.tokens }],
        ["tokenizer.ggml.scores", { type: "float32Array", value: vocabulary.scores }],
        ["tokenizer.ggml.token_type", { type: "int32Array", value: vocabulary.tokenTypes }],
        ["tokenizer.ggml.bos_token_id", uint32(SPECIAL_TOKEN_IDS.bos)],
        ["tokenizer.ggml.eos_token_id", uint32(SPECIAL_TOKEN_IDS.eos)],
        ["tokenizer.ggml.unknown_token_id", uint32(SPECIAL_TOKEN_IDS.unknown)],
        ["tokenizer.ggml.padding_token_id", uint32(SPECIAL_TOKEN_IDS.padding)],
        ["tokenizer.ggml.eot_token_id", uint32(SPECIAL_TOKEN_IDS.endOfTurn)],
        ["tokenizer.ggml.add_bos_token", bool(true)],
        ["tokenizer.ggml.add_eos_token", bool(false)],
        ["tokenizer.ggml.add_space_prefix", bool(false)],
        ["tokenizer.chat_template", string(GEMMA2_CHAT_TEMPLATE)]
    ];
}

function* generateTensorChunks(spec: TensorSpec, type: TensorType, seed: number): Generator<Uint8Array> {
    const weights = new WeightStream(seed, spec.name);
    const rowLength = spec.dims[0] ?? 1;
    const rowCount = tensorElementCount(spec) / rowLength;
    const rowsPerChunk = Math.max(1, Math.floor(CHUNK_ELEMENTS / rowLength));
    for (let firstRow = 0; firstRow < rowCount; firstRow += rowsPerChunk) {
        const rows = Math.min(rowsPerChunk, rowCount - firstRow);
        // A fresh buffer per chunk: the previous chunk may still be in flight to the file.
        const values = new Float32Array(rows * rowLength);
        if (spec.role === "norm") {
            weights.fillNormalish(values, NORM_WEIGHT_STD, normMean(spec));
        } else {
            // 1/sqrt(fan-in) keeps activations and logits O(1) for every shape.
            weights.fillNormalish(values, 1 / Math.sqrt(rowLength));
            if (spec.role === "embedding")
                shrinkSpecialTokenRows(values, firstRow, rowLength);
        }
        yield encodeTensorData(type, values);
    }
}

function normMean(spec: TensorSpec): number {
    if (spec.name.endsWith(".post_attention_norm.weight"))
        return POST_ATTENTION_NORM_GAIN;
    if (spec.name.endsWith(".post_ffw_norm.weight"))
        return POST_FFN_NORM_GAIN;
    return 1;
}

function shrinkSpecialTokenRows(values: Float32Array, firstRow: number, rowLength: number): void {
    const specialRowsInChunk = Math.max(0, Math.min(FIRST_NORMAL_TOKEN_ID - firstRow, values.length / rowLength));
    for (let i = 0; i < specialRowsInChunk * rowLength; i++)
        values[i] = (values[i] ?? 0) * SPECIAL_EMBEDDING_SCALE;
}
