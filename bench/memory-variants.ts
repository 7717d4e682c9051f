/**
 * `npx tsx bench/memory-variants.ts [--variants a,b,…] [--pairs N] [--threads N] [--prompt-words N] [--tokens N]`:
 * raw node-llama-cpp (bench/raw-host.ts, used as the engine uses it) in one child process per variant of the
 * engine's settings, all loaded at once, answering the same prompts interleaved (a, b, b, a, …), so that each
 * variant's memory and speed are compared within one run. Prints, per variant, llama.cpp's buffers as it logged them,
 * the peak RSS (VmHWM), and prompt / generation tokens/s as ratios to the first variant (median over the rounds).
 *
 * A variant is `batch<N>` (createContext batchSize N), optionally `+arena<N>` (MALLOC_ARENA_MAX=N in its
 * environment) or `+mmapmax` (a fixed glibc mmap threshold, GLIBC_TUNABLES glibc.malloc.mmap_threshold, so
 * freed large blocks go back to the system; `+mmap4m`: the same at 4 MiB), `+hugetlb` (GLIBC_TUNABLES
 * glibc.malloc.hugetlb=1: transparent huge pages for malloc's mappings; after `+mmapmax` when both are wanted),
 * `+checkpoints` or `+swafull` (createContext swaFullCache false, node-llama-cpp's default, which keeps sliding-window checkpoints, or true;
 * without either the engine's choice: electron/engine/sliding-window.ts). `--turns N` makes each round one
 * conversation of N user messages of `--turn-words` words (the first `--prompt-words`), as the bench's multi-turn
 * phase does. Used for issue #18 item 4; see bench/README.md, "Memory".
 */
import { parseArgs } from "node:util";
import { forkBenchChild, type BenchChild } from "./child.ts";
import { ensureBenchModel } from "./model.ts";
import { processMemory, type ProcessMemory } from "./memory.ts";
import { promptWords } from "./prompts.ts";
import type { RawAnswer, RawInfo } from "./raw.ts";
import { repoRoot } from "./options.ts";
import { loadSettings } from "./settings.ts";
import { median, pairOrder, round } from "./stats.ts";
import path from "node:path";
import { hugePagesTunable, joinGlibcTunables } from "../electron/node/services/inference/engine-env.ts";

interface Variant {
  name: string;
  batchSize: number;
  env: Record<string, string>;
  swaFullCache?: boolean;
}

export function parseVariant(name: string): Variant {
  const [base = "", ...flags] = name.split("+");
  const batch = /^batch(\d+)$/.exec(base);
  if (!batch?.[1]) throw new Error(`variant "${name}": expected batch<N>[+arena<N>][+mmapmax|+mmap4m][+hugetlb][+swafull|+checkpoints]`);
  const env: Record<string, string> = {};
  let swaFullCache: boolean | undefined;
  for (const flag of flags) {
    if (flag === "swafull" || flag === "checkpoints") {
      swaFullCache = flag === "swafull";
      continue;
    }
    const arena = /^arena(\d+)$/.exec(flag);
    if (arena?.[1]) env["MALLOC_ARENA_MAX"] = arena[1];
    // glibc manual, "Memory Allocation Tunables": setting the threshold turns its dynamic adjustment off.
    else if (flag === "mmapmax") env["GLIBC_TUNABLES"] = "glibc.malloc.mmap_threshold=131072";
    else if (flag === "mmap4m") env["GLIBC_TUNABLES"] = "glibc.malloc.mmap_threshold=4194304";
    // glibc 2.36 malloc/malloc.c, madvise_thp: madvise(MADV_HUGEPAGE) on each mapping of at least one huge page, only
    // where /sys/kernel/mm/transparent_hugepage/enabled is "madvise" (do_set_hugetlb). Added to the flags before it.
    else if (flag === "hugetlb") env["GLIBC_TUNABLES"] = joinGlibcTunables(env["GLIBC_TUNABLES"], hugePagesTunable);
    else throw new Error(`variant "${name}": unknown flag ${flag}`);
  }
  return { name, batchSize: Number(batch[1]), env, ...(swaFullCache !== undefined && { swaFullCache }) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      variants: { type: "string", default: "batch128,batch64" },
      pairs: { type: "string", default: "2" },
      threads: { type: "string", default: "1" },
      "prompt-words": { type: "string", default: "400" },
      tokens: { type: "string", default: "24" },
      turns: { type: "string", default: "1" },
      "turn-words": { type: "string", default: "80" },
    },
  });
  const variants = values.variants.split(",").map(parseVariant);
  const model = await ensureBenchModel("q4_0", console.log);
  const children: { variant: Variant; child: BenchChild; info: RawInfo }[] = [];
  for (const variant of variants) {
    const saved = { ...process.env };
    Object.assign(process.env, variant.env);
    const child = forkBenchChild(path.join(repoRoot, "bench", "raw-host.ts"));
    process.env = saved;
    const load = { ...loadSettings(Number(values.threads)), batchSize: variant.batchSize };
    const info = await child.request<RawInfo>("load", { modelPath: model.path, load, swaFullCache: variant.swaFullCache });
    const atLoad = await processMemory(child.process.pid ?? 0);
    console.log(`${variant.name}: loaded; buffers ${JSON.stringify(info.llamaBuffers)}; RSS at ready ${atLoad?.rssMb.toFixed(0)} MiB`);
    children.push({ variant, child, info });
  }
  const answers = new Map<string, RawAnswer[]>(variants.map((variant) => [variant.name, []]));
  const pairs = Number(values.pairs);
  const turns = Number(values.turns);
  for (let round_ = 0; round_ < pairs; round_++) {
    const order = pairOrder(round_)[0] === "a" ? children : [...children].reverse();
    for (let turn = 0; turn < turns; turn++) {
      const words = turn === 0 ? Number(values["prompt-words"]) : Number(values["turn-words"]);
      const text = promptWords(1000 + round_ * turns + turn, words);
      for (const { variant, child } of order) {
        const answer = await child.request<RawAnswer>("answer", { text, maxTokens: Number(values.tokens), keepConversation: turn > 0 });
        answers.get(variant.name)?.push(answer);
      }
    }
  }
  const memories: (ProcessMemory | undefined)[] = await Promise.all(children.map(({ child }) => processMemory(child.process.pid ?? 0)));
  const sequences = await Promise.all(children.map(({ child }) => child.request<{ checkpointsMb: number; tokens: number }>("sequenceState")));
  const base = answers.get(variants[0]?.name ?? "") ?? [];
  const rows = children.map(({ variant, info }, index) => {
    const own = answers.get(variant.name) ?? [];
    const ratio = (pick: (answer: RawAnswer) => number) => round(median(own.map((answer, i) => pick(answer) / pick(base[i] ?? answer))), 3);
    return {
      variant: variant.name,
      buffers: info.llamaBuffers,
      peakRssMb: round(memories[index]?.peakRssMb ?? Number.NaN, 0),
      rssMb: round(memories[index]?.rssMb ?? Number.NaN, 0),
      anonMb: round(memories[index]?.anonMb ?? Number.NaN, 0),
      fileMb: round(memories[index]?.fileMb ?? Number.NaN, 0),
      /** node-llama-cpp's sliding-window checkpoints held at the end, and the tokens in the sequence. */
      checkpointsMb: round(sequences[index]?.checkpointsMb ?? Number.NaN, 1),
      sequenceTokens: sequences[index]?.tokens,
      promptTokens: own.map((answer) => answer.promptTokens),
      promptTps: own.map((answer) => round(answer.promptTokensPerSecond, 2)),
      generationTps: own.map((answer) => round(answer.tokensPerSecond, 2)),
      cpuMs: own.map((answer) => round(answer.cpuMs, 0)),
      /** CPU time per answer / the first variant's for the same prompt: less sensitive to other programs than wall time. */
      cpuRatio: ratio((answer) => answer.cpuMs),
      promptRatio: ratio((answer) => answer.promptTokensPerSecond),
      generationRatio: ratio((answer) => answer.tokensPerSecond),
    };
  });
  console.log(JSON.stringify({ model: { path: model.path, sizeBytes: model.sizeBytes }, threads: Number(values.threads), rows }, null, 2));
  for (const { child } of children) await child.request("dispose").catch(() => undefined);
}

await main();
