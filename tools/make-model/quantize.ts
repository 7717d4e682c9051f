/** Encoders for the ggml tensor types the model writer emits, plus decoders used to verify them. */
import { fromFloat16Bits, toFloat16Bits } from "./float16.ts";
import { Q4_K_BLOCK_BYTES, Q6_K_BLOCK_BYTES, QK_K, quantizeQ4_K, quantizeQ6_K } from "./k-quants.ts";

export { fromFloat16Bits, toFloat16Bits } from "./float16.ts";

export type TensorType = "f32" | "f16" | "q8_0" | "q4_0" | "q4_k" | "q6_k";

/** `enum ggml_type` values from ggml.h. */
export const GGML_TYPE_ID: Readonly<Record<TensorType, number>> = {
    f32: 0,
    f16: 1,
    q4_0: 2,
    q8_0: 8,
    q4_k: 12,
    q6_k: 14
};

/** Elements per block: a row's length must be a multiple of it. */
export const BLOCK_SIZE: Readonly<Record<TensorType, number>> = { f32: 1, f16: 1, q4_0: 32, q8_0: 32, q4_k: QK_K, q6_k: QK_K };

export const QUANT_BLOCK_SIZE = 32;
const Q8_0_BLOCK_BYTES = 2 + QUANT_BLOCK_SIZE;
const Q4_0_BLOCK_BYTES = 2 + QUANT_BLOCK_SIZE / 2;

export function tensorByteLength(type: TensorType, elementCount: number): number {
    switch (type) {
        case "f32":
            return elementCount * 4;
        case "f16":
            return elementCount * 2;
        case "q8_0":
            return blockCount(elementCount) * Q8_0_BLOCK_BYTES;
        case "q4_0":
            return blockCount(elementCount) * Q4_0_BLOCK_BYTES;
        case "q4_k":
            return (elementCount / QK_K) * Q4_K_BLOCK_BYTES;
        case "q6_k":
            return (elementCount / QK_K) * Q6_K_BLOCK_BYTES;
    }
}

export function encodeTensorData(type: TensorType, values: Float32Array): Uint8Array {
    switch (type) {
        case "f32":
            return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
        case "f16":
            return encodeFloat16(values);
        case "q8_0":
            return quantizeQ8_0(values);
        case "q4_0":
            return quantizeQ4_0(values);
        case "q4_k":
            return quantizeQ4_K(values);
        case "q6_k":
            return quantizeQ6_K(values);
    }
}

export function encodeFloat16(values: Float32Array): Uint8Array {
    const halves = new Uint16Array(values.length);
    for (let i = 0; i < values.length; i++)
        halves[i] = toFloat16Bits(values[i] ?? 0);
    return new Uint8Array(halves.buffer);
}

/** Mirrors ggml's quantize_row_q8_0_ref (in float32, as ggml computes): per block d = absmax / 127, q = round(x / d). */
export function quantizeQ8_0(values: Float32Array): Uint8Array {
    const blocks = blockCount(values.length);
    const out = new Uint8Array(blocks * Q8_0_BLOCK_BYTES);
    for (let block = 0; block < blocks; block++) {
        const start = block * QUANT_BLOCK_SIZE;
        let absMax = 0;
        for (let j = 0; j < QUANT_BLOCK_SIZE; j++)
            absMax = Math.max(absMax, Math.abs(values[start + j] ?? 0));

        const scale = Math.fround(absMax / 127);
        const inverseScale = scale === 0 ? 0 : Math.fround(1 / scale);
        const offset = block * Q8_0_BLOCK_BYTES;
        writeScale(out, offset, scale);
        for (let j = 0; j < QUANT_BLOCK_SIZE; j++)
            out[offset + 2 + j] = roundHalfAwayFromZero(Math.fround((values[start + j] ?? 0) * inverseScale)) & 0xff;
    }
    return out;
}

export function dequantizeQ8_0(data: Uint8Array, elementCount: number): Float32Array {
    const values = new Float32Array(elementCount);
    for (let block = 0; block < blockCount(elementCount); block++) {
        const offset = block * Q8_0_BLOCK_BYTES;
        const scale = readScale(data, offset);
        for (let j = 0; j < QUANT_BLOCK_SIZE; j++) {
            const quant = ((data[offset + 2 + j] ?? 0) << 24) >> 24;
            values[block * QUANT_BLOCK_SIZE + j] = quant * scale;
        }
    }
    return values;
}

/**
 * Mirrors ggml's quantize_row_q4_0_ref: d = (signed value of largest magnitude) / -8, so that value maps to
 * nibble 0 exactly; value = (nibble - 8) * d. Byte j holds element j in its low nibble and element j + 16 in its high nibble.
 */
export function quantizeQ4_0(values: Float32Array): Uint8Array {
    const blocks = blockCount(values.length);
    const out = new Uint8Array(blocks * Q4_0_BLOCK_BYTES);
    const half = QUANT_BLOCK_SIZE / 2;
    for (let block = 0; block < blocks; block++) {
        const start = block * QUANT_BLOCK_SIZE;
        let absMax = 0;
        let extreme = 0;
        for (let j = 0; j < QUANT_BLOCK_SIZE; j++) {
            const value = values[start + j] ?? 0;
            if (Math.abs(value) > absMax) {
                absMax = Math.abs(value);
                extreme = value;
            }
        }

        const scale = extreme / -8;
        const inverseScale = scale === 0 ? 0 : Math.fround(1 / scale);
        const offset = block * Q4_0_BLOCK_BYTES;
        writeScale(out, offset, scale);
        for (let j = 0; j < half; j++) {
            const low = Math.min(15, Math.trunc(Math.fround(Math.fround((values[start + j] ?? 0) * inverseScale) + 8.5)));
            const high = Math.min(15, Math.trunc(Math.fround(Math.fround((values[start + half + j] ?? 0) * inverseScale) + 8.5)));
            out[offset + 2 + j] = low | (high << 4);
        }
    }
    return out;
}

export function dequantizeQ4_0(data: Uint8Array, elementCount: number): Float32Array {
    const values = new Float32Array(elementCount);
    const half = QUANT_BLOCK_SIZE / 2;
    for (let block = 0; block < blockCount(elementCount); block++) {
        const offset = block * Q4_0_BLOCK_BYTES;
        const scale = readScale(data, offset);
        for (let j = 0; j < half; j++) {
            const packed = data[offset + 2 + j] ?? 0;
            values[block * QUANT_BLOCK_SIZE + j] = ((packed & 0x0f) - 8) * scale;
            values[block * QUANT_BLOCK_SIZE + half + j] = ((packed >>> 4) - 8) * scale;
        }
    }
    return values;
}

function blockCount(elementCount: number): number {
    if (elementCount % QUANT_BLOCK_SIZE !== 0)
        throw new Error(`Quantized tensors need a multiple of ${QUANT_BLOCK_SIZE} elements, got ${elementCount}`);
    return elementCount / QUANT_BLOCK_SIZE;
}

function writeScale(out: Uint8Array, offset: number, scale: number): void {
    const bits = toFloat16Bits(scale);
    out[offset] = bits & 0xff;
    out[offset + 1] = bits >>> 8;
}

function readScale(data: Uint8Array, offset: number): number {
    return fromFloat16Bits((data[offset] ?? 0) | ((data[offset + 1] ?? 0) << 8));
}

/** C's roundf, which ggml uses; Math.round rounds -2.5 to -2 instead. */
function roundHalfAwayFromZero(value: number): number {
    return Math.sign(value) * Math.round(Math.abs(value));
}
