/**
 * The engine's ceiling: llama.cpp's own `llama-bench`, built from the exact source of node-llama-cpp's prebuilt
 * binaries (scripts/build-llama-bench.mjs), run on the same model file with the same threads, batch, no mmap and
 * flash attention off (node-llama-cpp turns it off for Gemma 2), interleaved with the raw/ours pairs.
 */
import { execFile, spawnSync } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import type { LoadSettings } from "./settings.ts";

const execFileAsync = promisify(execFile);

export interface LlamaBenchBuild {
  llamaBench: string;
  commit: string;
  cpuVariant: string;
}

/** Builds (or finds the cached) llama-bench; an error string when this machine cannot build it. */
export function ensureLlamaBench(repoRoot: string, log: (line: string) => void): LlamaBenchBuild | { error: string } {
  log("Building (or finding the cached) llama-bench from node-llama-cpp's llama.cpp source…");
  const result = spawnSync(process.execPath, [path.join(repoRoot, "scripts", "build-llama-bench.mjs")], {
    cwd: repoRoot,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 90 * 60_000,
  });
  const lastLine = result.stdout?.trim().split("\n").pop() ?? "";
  if (result.status !== 0 || !lastLine.startsWith("{")) {
    const reason = (result.stderr ?? result.error?.message ?? "").trim().split("\n").slice(-3).join(" ");
    return { error: `llama-bench could not be built: ${reason || `exit ${result.status}`}` };
  }
  return JSON.parse(lastLine) as LlamaBenchBuild;
}

export interface CeilingRun {
  /** pp<N> at depth 0: prompt tokens per second. */
  promptTokensPerSecond: number;
  /** tg<N> after a prompt of the same length (depth = prompt tokens): generated tokens per second. */
  tokensPerSecond: number;
}

interface LlamaBenchResult {
  n_prompt: number;
  n_gen: number;
  n_depth: number;
  avg_ts: number;
}

export function llamaBenchArgs(modelPath: string, load: LoadSettings, test: { prompt: number; generate: number; depth: number }): string[] {
  return [
    "-m", modelPath,
    "-t", String(load.threads),
    "-b", String(load.batchSize),
    "-ub", String(load.batchSize),
    "-fa", "off",
    "-lm", "none",
    "-ngl", "0",
    "-r", "1",
    "-o", "json",
    "-p", String(test.prompt),
    "-n", String(test.generate),
    "-d", String(test.depth),
  ];
}

async function runOne(binary: string, args: string[]): Promise<LlamaBenchResult> {
  const { stdout } = await execFileAsync(binary, args, { maxBuffer: 16 * 2 ** 20, timeout: 30 * 60_000 });
  const results = JSON.parse(stdout) as LlamaBenchResult[];
  const result = results[0];
  if (!result) throw new Error(`llama-bench printed no result for ${args.join(" ")}`);
  return result;
}

/** One prompt run and one generation run, as the pairs measure them: the ~512-token prompt, then the answer after it. */
export async function runCeiling(build: LlamaBenchBuild, modelPath: string, load: LoadSettings, promptTokens: number, generatedTokens: number): Promise<CeilingRun> {
  const prompt = await runOne(build.llamaBench, llamaBenchArgs(modelPath, load, { prompt: promptTokens, generate: 0, depth: 0 }));
  const generation = await runOne(build.llamaBench, llamaBenchArgs(modelPath, load, { prompt: 0, generate: generatedTokens, depth: promptTokens }));
  return { promptTokensPerSecond: prompt.avg_ts, tokensPerSecond: generation.avg_ts };
}
