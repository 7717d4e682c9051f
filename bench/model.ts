/** The benchmark model: a random-weight GGUF with the exact Gemma 2 2B shape, generated once and cached outside git. */
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_SEED, writeGemma2Model, type ModelFileType } from "../tools/make-model/gemma2-model.ts";

const makeModelDir = fileURLToPath(new URL("../tools/make-model/", import.meta.url));

/** Files of the generator that do not change the bytes it writes. */
const notAffectingOutput = new Set(["cli.ts", "index.ts", "test-models.ts"]);

export const benchModelsDir = path.join(
  process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"),
  "edge-gemma",
  "bench-models",
);

/** A hash of the generator's source: editing the generator never serves a stale model. */
export async function generatorVersion(): Promise<string> {
  const names = (await readdir(makeModelDir)).filter((name) => name.endsWith(".ts") && !notAffectingOutput.has(name)).sort();
  const hash = createHash("sha256");
  for (const name of names) hash.update(name).update("\0").update(await readFile(path.join(makeModelDir, name))).update("\0");
  return hash.digest("hex").slice(0, 16);
}

export interface BenchModel {
  path: string;
  type: ModelFileType;
  sizeBytes: number;
  generatorVersion: string;
  /** Whether this run had to write it (the time is then in `generatedMs`). */
  generated: boolean;
  generatedMs?: number;
}

/** Returns the cached Gemma 2 2B-shaped model of this type, writing it first when missing (a few minutes). */
export async function ensureBenchModel(type: ModelFileType, log: (line: string) => void = () => undefined): Promise<BenchModel> {
  const version = await generatorVersion();
  const out = path.join(benchModelsDir, `gemma2-2b-random-${type}-${version}.gguf`);
  const existing = await stat(out).catch(() => undefined);
  if (existing?.isFile()) return { path: out, type, sizeBytes: existing.size, generatorVersion: version, generated: false };
  await mkdir(benchModelsDir, { recursive: true });
  log(`Generating the Gemma 2 2B-shaped ${type} model (random weights) into ${out} — once per generator version…`);
  const startedAt = performance.now();
  const written = await writeGemma2Model({ shape: "gemma2-2b", type, out, seed: DEFAULT_SEED });
  const generatedMs = performance.now() - startedAt;
  log(`  wrote ${(written.bytes / 2 ** 20).toFixed(0)} MiB in ${(generatedMs / 1000).toFixed(0)} s`);
  await removeOtherVersions(type, out, log);
  return { path: written.path, type, sizeBytes: written.bytes, generatorVersion: version, generated: true, generatedMs };
}

/** Models of earlier generator versions are 1.4 GB each and never used again: keep only the current one. */
async function removeOtherVersions(type: ModelFileType, keep: string, log: (line: string) => void): Promise<void> {
  const prefix = `gemma2-2b-random-${type}-`;
  for (const name of await readdir(benchModelsDir)) {
    const file = path.join(benchModelsDir, name);
    if (!name.startsWith(prefix) || file === keep || !name.endsWith(".gguf")) continue;
    await rm(file, { force: true });
    log(`  removed ${name} (an earlier generator version)`);
  }
}
