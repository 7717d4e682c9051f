/** Gemma 2 hyperparameters and the tensor list llama.cpp's `gemma2` loader expects. */

export type Gemma2ShapeName = "tiny" | "gemma2-2b";

export interface Gemma2Shape {
    readonly name: Gemma2ShapeName;
    readonly displayName: string;
    readonly vocabularySize: number;
    readonly contextLength: number;
    readonly embeddingLength: number;
    readonly blockCount: number;
    readonly feedForwardLength: number;
    readonly headCount: number;
    readonly headCountKv: number;
    readonly headSize: number;
    readonly slidingWindow: number;
    readonly rmsNormEpsilon: number;
    readonly attentionLogitSoftcapping: number;
    readonly finalLogitSoftcapping: number;
}

const GEMMA2_COMMON = {
    rmsNormEpsilon: 1e-6,
    attentionLogitSoftcapping: 50,
    finalLogitSoftcapping: 30
} as const;

export const GEMMA2_SHAPES: Readonly<Record<Gemma2ShapeName, Gemma2Shape>> = {
    tiny: {
        ...GEMMA2_COMMON,
        name: "tiny",
        displayName: "Gemma 2 Tiny Random",
        vocabularySize: 512,
        contextLength: 2048,
        embeddingLength: 256,
        blockCount: 4,
        feedForwardLength: 512,
        headCount: 4,
        headCountKv: 2,
        headSize: 64,
        slidingWindow: 512
    },
    "gemma2-2b": {
        ...GEMMA2_COMMON,
        name: "gemma2-2b",
        displayName: "Gemma 2 2b Random",
        vocabularySize: 256_000,
        contextLength: 8192,
        embeddingLength: 2304,
        blockCount: 26,
        feedForwardLength: 9216,
        headCount: 8,
        headCountKv: 4,
        headSize: 256,
        slidingWindow: 4096
    }
};

export function isGemma2ShapeName(value: string): value is Gemma2ShapeName {
    return Object.hasOwn(GEMMA2_SHAPES, value);
}

export type TensorRole = "norm" | "embedding" | "matrix";

export interface TensorSpec {
    readonly name: string;
    /** ggml order: dims[0] is the input (row) length. */
    readonly dims: readonly number[];
    readonly role: TensorRole;
}

/**
 * Mirrors llama.cpp's LLM_ARCH_GEMMA2 tensor creation. There is deliberately no `output.weight`:
 * like real Gemma files the output projection is tied to `token_embd.weight`.
 */
export function listGemma2Tensors(shape: Gemma2Shape): TensorSpec[] {
    const embedding = shape.embeddingLength;
    const queryWidth = shape.headCount * shape.headSize;
    const keyValueWidth = shape.headCountKv * shape.headSize;
    const tensors: TensorSpec[] = [
        { name: "token_embd.weight", dims: [embedding, shape.vocabularySize], role: "embedding" }
    ];
    for (let block = 0; block < shape.blockCount; block++) {
        const prefix = `blk.${block}`;
        tensors.push(
            { name: `${prefix}.attn_norm.weight`, dims: [embedding], role: "norm" },
            { name: `${prefix}.attn_q.weight`, dims: [embedding, queryWidth], role: "matrix" },
            { name: `${prefix}.attn_k.weight`, dims: [embedding, keyValueWidth], role: "matrix" },
            { name: `${prefix}.attn_v.weight`, dims: [embedding, keyValueWidth], role: "matrix" },
            { name: `${prefix}.attn_output.weight`, dims: [queryWidth, embedding], role: "matrix" },
            { name: `${prefix}.post_attention_norm.weight`, dims: [embedding], role: "norm" },
            { name: `${prefix}.ffn_norm.weight`, dims: [embedding], role: "norm" },
            { name: `${prefix}.ffn_gate.weight`, dims: [embedding, shape.feedForwardLength], role: "matrix" },
            { name: `${prefix}.ffn_up.weight`, dims: [embedding, shape.feedForwardLength], role: "matrix" },
            { name: `${prefix}.ffn_down.weight`, dims: [shape.feedForwardLength, embedding], role: "matrix" },
            { name: `${prefix}.post_ffw_norm.weight`, dims: [embedding], role: "norm" }
        );
    }
    tensors.push({ name: "output_norm.weight", dims: [embedding], role: "norm" });
    return tensors;
}
