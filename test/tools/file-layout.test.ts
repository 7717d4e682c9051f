// @vitest-environment node
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { useMoreBits } from "../../tools/make-model/file-layout.ts";
import { gemma2ModelLayout, type ModelFileType } from "../../tools/make-model/index.ts";

interface PublishedLayouts {
    sizes: Array<{ file: string; fileType: ModelFileType; bytes: number; exact: boolean; source: string }>;
    tensorTypes: Array<{ file: string; fileType: string; tensors: Array<{ name: string; type: string; shape: number[] }> }>;
}

const published = JSON.parse(
    readFileSync(new URL("./fixtures/published-gemma2-layouts.json", import.meta.url), "utf8")
) as PublishedLayouts;

/** The file types the generator writes, by the name publishers list them under. */
const GENERATOR_FILE_TYPE: Readonly<Record<string, ModelFileType | undefined>> = { Q4_0: "q4_0", Q4_K_M: "q4_k_m", Q8_0: "q8_0" };

function generatedTypes(fileType: ModelFileType): Map<string, string> {
    const layout = gemma2ModelLayout({ shape: "gemma2-2b", type: fileType });
    return new Map(layout.tensors.map((tensor) => [tensor.name, tensor.type.toUpperCase()]));
}

describe("generated Gemma 2 2B files are laid out like the published ones", () => {
    it.each(published.sizes)("$file: within 1% of its published size", ({ fileType, bytes }) => {
        const generated = gemma2ModelLayout({ shape: "gemma2-2b", type: fileType }).bytes;
        expect(Math.abs(generated - bytes) / bytes).toBeLessThan(0.01);
    });

    const comparable = published.tensorTypes.filter((file) => GENERATOR_FILE_TYPE[file.fileType] !== undefined);
    it.each(comparable)("$file: each listed tensor has the published type", ({ fileType, tensors }) => {
        const generated = generatedTypes(GENERATOR_FILE_TYPE[fileType] as ModelFileType);
        for (const tensor of tensors)
            expect({ name: tensor.name, type: generated.get(tensor.name) }).toEqual({ name: tensor.name, type: tensor.type });
    });

    it("a Q4_0 file: Q6_K tied embedding, F32 norms, every other matrix Q4_0", () => {
        const counts = new Map<string, number>();
        for (const [name, type] of generatedTypes("q4_0")) {
            const role = name === "token_embd.weight" ? "embedding" : name.endsWith("_norm.weight") ? "norm" : "matrix";
            counts.set(`${role} ${type}`, (counts.get(`${role} ${type}`) ?? 0) + 1);
        }
        expect(Object.fromEntries(counts)).toEqual({ "embedding Q6_K": 1, "norm F32": 26 * 4 + 1, "matrix Q4_0": 26 * 7 });
    });

    it("a Q8_0 file keeps the tied embedding in Q8_0", () => {
        expect(generatedTypes("q8_0").get("token_embd.weight")).toBe("Q8_0");
    });

    it("a Q4_K_M file: Q6_K attn_v and ffn_down in the layers llama-quantize gives more bits, Q4_K elsewhere", () => {
        const types = generatedTypes("q4_k_m");
        const moreBitsLayers = Array.from({ length: 26 }, (_, layer) => layer).filter((layer) => useMoreBits(layer, 26));
        // use_more_bits(i, 26): the first 3 layers, the last 4 and every third layer from 5 on.
        expect(moreBitsLayers).toEqual([0, 1, 2, 5, 8, 11, 14, 17, 20, 22, 23, 24, 25]);
        for (let layer = 0; layer < 26; layer++) {
            const expected = moreBitsLayers.includes(layer) ? "Q6_K" : "Q4_K";
            expect(types.get(`blk.${layer}.attn_v.weight`)).toBe(expected);
            expect(types.get(`blk.${layer}.ffn_down.weight`)).toBe(expected);
            expect(types.get(`blk.${layer}.ffn_up.weight`)).toBe("Q4_K");
        }
    });
});
