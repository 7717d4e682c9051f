/** `npm run make-model -- --shape tiny|gemma2-2b --type f16|q8_0|q4_0|q4_k_m --out FILE [--seed N]` */
import { parseArgs } from "node:util";
import { GEMMA2_SHAPES, isGemma2ShapeName } from "./gemma2-shapes.ts";
import { DEFAULT_SEED, isModelFileType, MODEL_FILE_TYPES, writeGemma2Model, type WriteGemma2ModelOptions } from "./gemma2-model.ts";

const USAGE = `Usage: npm run make-model -- --shape ${Object.keys(GEMMA2_SHAPES).join("|")} --type ${MODEL_FILE_TYPES.join("|")} --out FILE [--seed N]

Writes a Gemma 2 architecture GGUF with random weights (for tests and benchmarks).
  --shape  tiny (512-token vocabulary, 4 layers, width 256) or gemma2-2b (real Gemma 2 2B dimensions)
  --type   file type; each tensor gets the type llama-quantize gives it in such a file
           (Q4_0 and Q4_K_M: Q6_K tied token embedding; norms F32)
  --out    output .gguf path
  --seed   32-bit integer seed (default ${DEFAULT_SEED})`;

class UsageError extends Error {}

function parseOptions(argv: readonly string[]): WriteGemma2ModelOptions {
    let values;
    try {
        ({ values } = parseArgs({
            args: [...argv],
            strict: true,
            allowPositionals: false,
            options: {
                shape: { type: "string" },
                type: { type: "string" },
                out: { type: "string" },
                seed: { type: "string" },
                help: { type: "boolean", short: "h" }
            }
        }));
    } catch (error) {
        throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    if (values.help === true)
        throw new UsageError("");

    const { shape, type, out, seed } = values;
    if (shape === undefined || !isGemma2ShapeName(shape))
        throw new UsageError(`--shape must be one of: ${Object.keys(GEMMA2_SHAPES).join(", ")} (got ${shape ?? "nothing"})`);
    if (type === undefined || !isModelFileType(type))
        throw new UsageError(`--type must be one of: ${MODEL_FILE_TYPES.join(", ")} (got ${type ?? "nothing"})`);
    if (out === undefined || out.trim() === "")
        throw new UsageError("--out FILE is required");

    const parsedSeed = seed === undefined ? DEFAULT_SEED : Number(seed);
    if (!Number.isInteger(parsedSeed) || parsedSeed < 0 || parsedSeed > 0xffffffff)
        throw new UsageError(`--seed must be an integer between 0 and ${0xffffffff} (got ${seed})`);
    return { shape, type, out, seed: parsedSeed };
}

async function main(): Promise<void> {
    let options: WriteGemma2ModelOptions;
    try {
        options = parseOptions(process.argv.slice(2));
    } catch (error) {
        if (!(error instanceof UsageError))
            throw error;
        if (error.message === "") {
            console.log(USAGE);
            return;
        }
        console.error(`make-model: ${error.message}\n\n${USAGE}`);
        process.exitCode = 2;
        return;
    }

    const startedAt = performance.now();
    const { path, bytes } = await writeGemma2Model(options);
    const seconds = (performance.now() - startedAt) / 1000;
    console.log(`Wrote ${path} (${(bytes / 1024 / 1024).toFixed(1)} MiB) in ${seconds.toFixed(1)} s`);
}

await main();
