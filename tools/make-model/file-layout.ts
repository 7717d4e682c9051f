/**
 * Which ggml type each tensor of a file type gets: llama-quantize's choice, read from `llama_tensor_get_type` and
 * `llama_tensor_get_type_impl` in src/llama-quant.cpp and `llama_ftype_get_default_type` of the llama.cpp source
 * node-llama-cpp ships (node_modules/node-llama-cpp/llama/gitRelease.bundle, commit de3ff815), for an F16/F32
 * source and no importance matrix. Only the branches a Gemma 2 model reaches are mirrored:
 * - 1-D tensors (the norms) stay F32 (`tensor_allows_quantization`: only 2-D tensors are quantized);
 * - the token embedding is tied to the output (Gemma 2 has no output.weight), so it takes the output's type: Q6_K
 *   unless the file's type is Q8_0 (`category == OUTPUT || (has_tied_embeddings && category == TOKEN_EMBD)`);
 * - Q4_K_M: attn_v and ffn_down of the layers `use_more_bits` picks are Q6_K, the other matrices Q4_K;
 * - a row length that is not a multiple of the type's block falls back (`tensor_type_fallback`: Q6_K -> Q8_0,
 *   Q4_K -> Q5_0, unsupported here).
 */
import type { TensorSpec } from "./gemma2-shapes.ts";
import { BLOCK_SIZE, type TensorType } from "./quantize.ts";

export type ModelFileType = "f16" | "q8_0" | "q4_0" | "q4_k_m";

export const MODEL_FILE_TYPES: readonly ModelFileType[] = ["f16", "q8_0", "q4_0", "q4_k_m"];

export function isModelFileType(value: string): value is ModelFileType {
    return (MODEL_FILE_TYPES as readonly string[]).includes(value);
}

/** `enum llama_ftype` values (include/llama.h), stored in general.file_type. */
export const LLAMA_FTYPE: Readonly<Record<ModelFileType, number>> = { f16: 1, q4_0: 2, q8_0: 7, q4_k_m: 15 };

/** `llama_ftype_get_default_type`. */
const DEFAULT_TYPE: Readonly<Record<ModelFileType, TensorType>> = { f16: "f16", q8_0: "q8_0", q4_0: "q4_0", q4_k_m: "q4_k" };

/** `use_more_bits` in llama_tensor_get_type_impl. */
export function useMoreBits(layer: number, layerCount: number): boolean {
    const eighth = Math.trunc(layerCount / 8);
    return layer < eighth || layer >= Math.trunc((7 * layerCount) / 8) || (layer - eighth) % 3 === 2;
}

export function tensorTypeFor(fileType: ModelFileType, spec: TensorSpec, layerCount: number): TensorType {
    if (spec.dims.length < 2 || spec.role === "norm")
        return "f32";
    const defaultType = DEFAULT_TYPE[fileType];
    if (defaultType === "f16")
        return "f16";
    const chosen = quantizedChoice(fileType, defaultType, spec, layerCount);
    const rowLength = spec.dims[0] ?? 0;
    if (rowLength % BLOCK_SIZE[chosen] === 0)
        return chosen;
    if (chosen === "q6_k" && rowLength % BLOCK_SIZE.q8_0 === 0)
        return "q8_0";
    throw new Error(`${spec.name}: a row of ${rowLength} does not fit ${chosen} blocks, and its fallback is not supported here`);
}

function quantizedChoice(fileType: ModelFileType, defaultType: TensorType, spec: TensorSpec, layerCount: number): TensorType {
    if (spec.role === "embedding") {
        // The tied embedding is checked against the default type's block before becoming Q6_K.
        if ((spec.dims[0] ?? 0) % BLOCK_SIZE[defaultType] !== 0)
            return "q8_0";
        return defaultType === "q8_0" ? "q8_0" : "q6_k";
    }
    if (fileType !== "q4_k_m")
        return defaultType;
    const layer = layerOf(spec.name);
    const moreBits = useMoreBits(layer, layerCount);
    if (spec.name.endsWith(".attn_v.weight") || spec.name.endsWith(".ffn_down.weight"))
        return moreBits ? "q6_k" : defaultType;
    return defaultType;
}

function layerOf(name: string): number {
    const match = /^blk\.(\d+)\./.exec(name);
    if (match === null)
        throw new Error(`${name} is not a layer tensor`);
    return Number(match[1]);
}
