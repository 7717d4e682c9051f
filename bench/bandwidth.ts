/**
 * The physical limit of generation: each generated token reads every weight once, so tokens/s × weight bytes can
 * never pass the memory's read bandwidth. bench/native/read-bandwidth.c measures that bandwidth (a plain read loop
 * over a buffer of the model's size, same thread count); `bandwidthFraction` = weight bytes × tokens/s ÷ bandwidth
 * carries over to a Pi, unlike tokens/s.
 */
import { execFile, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { gemma2ModelLayout, type ModelFileType } from "../tools/make-model/index.ts";
import { tensorByteLength } from "../tools/make-model/quantize.ts";

const execFileAsync = promisify(execFile);

function cacheDir(): string {
  return process.env.EDGE_GEMMA_CACHE_DIR ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "edge-gemma");
}

/** Compiles the read loop with the system's C compiler (cached by source hash); an error string when there is none. */
export async function ensureReadBandwidthTool(repoRoot: string): Promise<string | { error: string }> {
  const source = path.join(repoRoot, "bench", "native", "read-bandwidth.c");
  const hash = createHash("sha256").update(readFileSync(source)).digest("hex").slice(0, 12);
  const binary = path.join(cacheDir(), `read-bandwidth-${hash}`);
  if (existsSync(binary)) return binary;
  await mkdir(cacheDir(), { recursive: true });
  const compiled = spawnSync("cc", ["-O2", "-pthread", "-o", binary, source], { encoding: "utf8" });
  if (compiled.status !== 0) return { error: `cc could not compile ${path.relative(repoRoot, source)}: ${(compiled.stderr || compiled.error?.message || "").trim()}` };
  return binary;
}

/** GB/s (10^9 bytes) of each pass over a buffer of `bytes`, `threads` threads. */
export async function measureReadBandwidth(binary: string, bytes: number, threads: number, passes = 3): Promise<number[]> {
  const { stdout } = await execFileAsync(binary, [String(bytes), String(threads), String(passes)], { timeout: 10 * 60_000 });
  return (JSON.parse(stdout) as { gbPerSecond: number[] }).gbPerSecond;
}

/** Bytes of weights one generated token reads: every tensor (the tied embedding is read whole as the output matrix). */
export function weightBytesPerToken(fileType: ModelFileType): number {
  return gemma2ModelLayout({ shape: "gemma2-2b", type: fileType }).tensors.reduce(
    (total, tensor) => total + tensorByteLength(tensor.type, tensor.dims.reduce((product, dim) => product * dim, 1)),
    0,
  );
}

/** Fraction of the measured read bandwidth a generation rate uses. */
export function bandwidthFraction(weightBytes: number, tokensPerSecond: number, gbPerSecond: number): number {
  return (weightBytes * tokensPerSecond) / (gbPerSecond * 1e9);
}
