// @vitest-environment node
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { dequantizeQ4_K, dequantizeQ6_K, quantizeQ4_K, quantizeQ6_K } from "../../tools/make-model/k-quants.ts";
import { quantizeQ4_0, quantizeQ8_0 } from "../../tools/make-model/quantize.ts";
import { quantVectors } from "./k-quant-vectors.ts";

const reference = JSON.parse(readFileSync(new URL("./fixtures/ggml-quant-vectors.json", import.meta.url), "utf8")) as {
    sha256: Record<string, Record<string, string>>;
};

const ENCODERS = { q6_K: quantizeQ6_K, q4_K: quantizeQ4_K, q4_0: quantizeQ4_0, q8_0: quantizeQ8_0 } as const;

describe("quantizers write ggml's exact bytes", () => {
    const cases = quantVectors().flatMap((vector) =>
        Object.entries(ENCODERS).map(([type, encode]) => ({ vector: vector.name, type, values: vector.values, encode }))
    );
    it.each(cases)("$type: $vector", ({ vector, type, values, encode }) => {
        const digest = createHash("sha256").update(encode(values)).digest("hex");
        expect(digest).toBe(reference.sha256[vector]?.[type]);
    });
});

describe("K-quant decoders", () => {
    const random = quantVectors()[1]?.values ?? new Float32Array();

    function worstErrorRelativeToRange(decoded: Float32Array): number {
        let worst = 0;
        for (let start = 0; start < random.length; start += 16) {
            const block = random.subarray(start, start + 16);
            const range = Math.max(...Array.from(block, Math.abs));
            for (let i = 0; i < 16; i++)
                worst = Math.max(worst, Math.abs((decoded[start + i] ?? 0) - (block[i] ?? 0)) / range);
        }
        return worst;
    }

    it("Q6_K decodes within a 6-bit step of every value", () => {
        const decoded = dequantizeQ6_K(quantizeQ6_K(random), random.length);
        // 64 levels over [-max, max]: a step is 1/32 of the range; the 8-bit sub-block scales add a little.
        expect(worstErrorRelativeToRange(decoded)).toBeLessThan(1 / 32);
        expect(worstErrorRelativeToRange(decoded)).toBeGreaterThan(1 / 256);
    });

    it("Q4_K decodes within a 4-bit step of every value", () => {
        const decoded = dequantizeQ4_K(quantizeQ4_K(random), random.length);
        expect(worstErrorRelativeToRange(decoded)).toBeLessThan(2 / 15);
        expect(worstErrorRelativeToRange(decoded)).toBeGreaterThan(1 / 64);
    });
});
