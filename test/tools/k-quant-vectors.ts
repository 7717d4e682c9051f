/** Inputs the K-quant encoders are checked on against ggml's own bytes (fixtures/ggml-k-quant-vectors.json). */
import { WeightStream } from "../../tools/make-model/random-weights.ts";

export interface QuantVector {
    readonly name: string;
    readonly values: Float32Array;
}

function weights(seed: number, count: number, std: number, mean = 0): Float32Array {
    const values = new Float32Array(count);
    new WeightStream(seed, "k-quant-reference").fillNormalish(values, std, mean);
    return values;
}

function fromFunction(count: number, value: (index: number) => number): Float32Array {
    return Float32Array.from({ length: count }, (_, index) => value(index));
}

export function quantVectors(): QuantVector[] {
    return [
        // Like a matrix of the generated models (std 1/sqrt(2304)) and like trained weights (std 0.02), 64 super-blocks each.
        { name: "random embedding-scale", values: weights(1, 256 * 64, 1 / Math.sqrt(2304)) },
        { name: "random 0.02", values: weights(2, 256 * 64, 0.02) },
        { name: "all positive", values: weights(3, 256 * 8, 0.01, 0.05) },
        { name: "all negative", values: weights(4, 256 * 8, 0.01, -0.05) },
        { name: "zeros", values: new Float32Array(256 * 2) },
        { name: "constant", values: new Float32Array(256 * 2).fill(0.125) },
        { name: "ramp", values: fromFunction(256 * 4, (i) => ((i % 256) - 128) / 97) },
        { name: "outliers", values: fromFunction(256 * 4, (i) => (i % 37 === 5 ? 3.5 : i % 53 === 7 ? -7.25 : Math.sin(i) * 0.01)) },
        { name: "tiny", values: fromFunction(256 * 2, (i) => Math.cos(i * 0.7) * 1e-7) },
        { name: "one sub-block live", values: fromFunction(256 * 2, (i) => (i % 256 < 16 ? (i - 8) * 0.3 : 0)) }
    ];
}
