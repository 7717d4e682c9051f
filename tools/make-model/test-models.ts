/** Cached tiny Gemma 2 models for tests: generated once per generator version and reused across runs. */
import { createHash } from "node:crypto";
import { access, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_SEED, writeGemma2Model, type ModelFileType } from "./gemma2-model.ts";

export const DEFAULT_TEST_MODEL_DIR = join(tmpdir(), "edge-gemma-test-models");

/** Files that do not affect the bytes of a generated model. */
const FILES_NOT_AFFECTING_OUTPUT = new Set(["cli.ts", "index.ts", "test-models.ts"]);

const pendingModels = new Map<string, Promise<string>>();

/**
 * Returns the path of the tiny Gemma 2 model of the given tensor type, writing it first if needed. The file name
 * carries a hash of the generator's source, so editing the generator never serves a stale model.
 */
export async function ensureTestModel(type: ModelFileType, dir: string = DEFAULT_TEST_MODEL_DIR): Promise<string> {
    const path = join(dir, `gemma2-tiny-${type}-${await generatorFingerprint()}.gguf`);
    let pending = pendingModels.get(path);
    if (pending === undefined) {
        pending = writeIfMissing(path, type);
        pendingModels.set(path, pending);
        pending.catch(() => pendingModels.delete(path));
    }
    return pending;
}

async function writeIfMissing(path: string, type: ModelFileType): Promise<string> {
    if (await exists(path))
        return path;
    // The writer renames a finished temporary file into place, so concurrent test workers never see partial files.
    await writeGemma2Model({ shape: "tiny", type, out: path, seed: DEFAULT_SEED });
    return path;
}

let fingerprint: Promise<string> | undefined;

function generatorFingerprint(): Promise<string> {
    fingerprint ??= (async () => {
        const sourceDir = fileURLToPath(new URL(".", import.meta.url));
        const names = (await readdir(sourceDir))
            .filter((name) => name.endsWith(".ts") && !FILES_NOT_AFFECTING_OUTPUT.has(name))
            .sort();
        const hash = createHash("sha256");
        for (const name of names)
            hash.update(name).update("\0").update(await readFile(join(sourceDir, name))).update("\0");
        return hash.digest("hex").slice(0, 16);
    })();
    return fingerprint;
}

async function exists(path: string): Promise<boolean> {
    try {
        await access(path);
        return true;
    } catch {
        return false;
    }
}
