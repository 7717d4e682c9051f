/**
 * `npx tsx bench/llama-bench-variants.ts [--variants a,b,…] [--pairs N] [--reps N] [--tokens N] [--depth N] [--threads N]`:
 * llama.cpp's own llama-bench (the bench's ceiling, bench/engine-ceiling.ts, same arguments) in variants of its
 * environment and placement, one process per run, the variants interleaved (a, b, b, a, …), so that they are compared
 * within one run. Used for issue #18 item 2 (bench/README.md, "Where the time goes").
 *
 * Besides llama-bench's own tg rate (wall time), it reports the CPU time per generated token, which other programs on
 * the machine move far less: llama-bench's `--progress` lines (tools/llama-bench/llama-bench.cpp: "generation run
 * i/N" before each repetition's test_gen; the depth is evaluated once and restored from a copy afterwards) are
 * timestamped with the process's CPU time (the sum of its threads' /proc/<pid>/task/<tid>/schedstat run time), so
 * repetition i costs the CPU time between its line and the next one. The last repetition has no next line and is
 * not counted. Also the huge pages in use (AnonHugePages in /proc/<pid>/smaps_rollup) and the peak RSS (VmHWM).
 *
 * A variant is `shipped` or `+`-joined flags:
 * - `hugetlb`: GLIBC_TUNABLES glibc.malloc.hugetlb=1 (glibc 2.36 malloc/malloc.c: madvise(MADV_HUGEPAGE) on malloc's
 *   mappings when the kernel's THP mode is madvise);
 * - `engine`: the engine process's environment (electron/node/services/inference/engine-env.ts);
 * - `cpu<N>`: pinned to core N (taskset -c N);
 * - `poll<N>`: llama-bench's --poll N (its default 50 lets the thread pool's workers busy-wait for work).
 */
import { spawn } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { engineProcessEnv, hugePagesTunable, joinGlibcTunables } from "../electron/node/services/inference/engine-env.ts";
import { ensureLlamaBench, llamaBenchArgs } from "./engine-ceiling.ts";
import { processMemory } from "./memory.ts";
import { ensureBenchModel } from "./model.ts";
import { repoRoot } from "./options.ts";
import { loadSettings } from "./settings.ts";
import { median, pairOrder, round, spread } from "./stats.ts";

interface Variant {
  name: string;
  env: NodeJS.ProcessEnv;
  cpu?: number;
  extraArgs: string[];
}

export function parseLlamaBenchVariant(name: string, base: NodeJS.ProcessEnv = process.env): Variant {
  const variant: Variant = { name, env: { ...base }, extraArgs: [] };
  if (name === "shipped") return variant;
  for (const flag of name.split("+")) {
    const cpu = /^cpu(\d+)$/.exec(flag);
    const poll = /^poll(\d+)$/.exec(flag);
    if (flag === "hugetlb") variant.env["GLIBC_TUNABLES"] = joinGlibcTunables(variant.env["GLIBC_TUNABLES"], hugePagesTunable);
    else if (flag === "engine") variant.env = { ...engineProcessEnv(variant.env) };
    else if (cpu?.[1]) variant.cpu = Number(cpu[1]);
    else if (poll?.[1]) variant.extraArgs.push("--poll", poll[1]);
    else throw new Error(`variant "${name}": unknown flag ${flag} (shipped, or hugetlb, engine, cpu<N>, poll<N> joined by +)`);
  }
  return variant;
}

/** ns the process's threads have run, from each thread's schedstat (first field). */
async function processCpuNs(pid: number): Promise<number> {
  let total = 0;
  for (const tid of await readdir(`/proc/${pid}/task`).catch(() => [] as string[])) {
    const text = await readFile(`/proc/${pid}/task/${tid}/schedstat`, "utf8").catch(() => "");
    total += Number(text.split(" ")[0] ?? 0) || 0;
  }
  return total;
}

/** Huge pages under the process's anonymous memory, MiB (/proc/<pid>/smaps_rollup). */
async function anonHugePagesMiB(pid: number): Promise<number | undefined> {
  const text = await readFile(`/proc/${pid}/smaps_rollup`, "utf8").catch(() => "");
  const match = /^AnonHugePages:\s+(\d+) kB/m.exec(text);
  return match?.[1] ? Number(match[1]) / 1024 : undefined;
}

interface Run {
  variant: string;
  tokensPerSecond: number[];
  cpuMsPerToken: number[];
  anonHugeMiB: number;
  peakRssMiB: number;
}

async function runOnce(binary: string, args: string[], variant: Variant, tokens: number): Promise<Run> {
  const [command, commandArgs] = variant.cpu === undefined ? [binary, args] : ["taskset", ["-c", String(variant.cpu), binary, ...args]];
  const child = spawn(command, commandArgs, { env: variant.env, stdio: ["ignore", "pipe", "pipe"] });
  const pid = child.pid ?? 0;
  let stdout = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  const marks: { generation: boolean; cpuNs: number }[] = [];
  let anonHugeMiB = 0;
  let peakRssMiB = 0;
  let pending = "";
  let work = Promise.resolve();
  child.stderr.on("data", (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      if (!line.startsWith("llama-bench: benchmark")) continue;
      const generation = line.includes("generation run") && !line.includes("warmup");
      // Read at once, in order: the CPU time is the mark.
      work = work.then(async () => {
        marks.push({ generation, cpuNs: await processCpuNs(pid) });
        anonHugeMiB = Math.max(anonHugeMiB, (await anonHugePagesMiB(pid)) ?? 0);
        peakRssMiB = Math.max(peakRssMiB, (await processMemory(pid))?.peakRssMb ?? 0);
      });
    }
  });
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  await work;
  if (code !== 0) throw new Error(`llama-bench exited with ${code}`);
  const result = (JSON.parse(stdout) as { samples_ts: number[] }[])[0];
  const cpuMsPerToken: number[] = [];
  for (let i = 0; i + 1 < marks.length; i++) {
    const [mark, next] = [marks[i], marks[i + 1]];
    if (mark?.generation && next) cpuMsPerToken.push((next.cpuNs - mark.cpuNs) / 1e6 / tokens);
  }
  return { variant: variant.name, tokensPerSecond: result?.samples_ts ?? [], cpuMsPerToken, anonHugeMiB, peakRssMiB };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      variants: { type: "string", default: "shipped,hugetlb" },
      pairs: { type: "string", default: "4" },
      reps: { type: "string", default: "4" },
      tokens: { type: "string", default: "64" },
      depth: { type: "string", default: "512" },
      threads: { type: "string", default: "1" },
    },
  });
  const variants = values.variants.split(",").map((name) => parseLlamaBenchVariant(name));
  const built = ensureLlamaBench(repoRoot, console.log);
  if ("error" in built) throw new Error(built.error);
  const model = await ensureBenchModel("q4_0", console.log);
  const tokens = Number(values.tokens);
  const args = [
    ...llamaBenchArgs(model.path, loadSettings(Number(values.threads)), { prompt: 0, generate: tokens, depth: Number(values.depth) }).map((arg, i, all) =>
      all[i - 1] === "-r" ? values.reps : arg,
    ),
    "--progress",
  ];
  const runs: Run[][] = [];
  for (let round_ = 0; round_ < Number(values.pairs); round_++) {
    const order = pairOrder(round_)[0] === "a" ? variants : [...variants].reverse();
    const byVariant = new Map<string, Run>();
    for (const variant of order) {
      const run = await runOnce(built.llamaBench, [...args, ...variant.extraArgs], variant, tokens);
      console.log(
        `round ${round_} ${run.variant}: tg ${run.tokensPerSecond.map((v) => v.toFixed(2)).join(" ")} t/s; CPU ${run.cpuMsPerToken.map((v) => v.toFixed(1)).join(" ")} ms/token; ` +
          `AnonHugePages ${run.anonHugeMiB.toFixed(0)} MiB; peak RSS ${run.peakRssMiB.toFixed(0)} MiB; load ${(await readFile("/proc/loadavg", "utf8")).split(" ")[0]}`,
      );
      byVariant.set(variant.name, run);
    }
    runs.push(variants.map((variant) => byVariant.get(variant.name) as Run));
  }
  const first = variants[0]?.name ?? "";
  const summary = variants.map((variant, index) => {
    const own = runs.map((round_) => round_[index] as Run);
    const base = runs.map((round_) => round_[0] as Run);
    const ratios = (pick: (run: Run) => number[]) => own.map((run, i) => median(pick(run)) / median(pick(base[i] as Run)));
    return {
      variant: variant.name,
      tokensPerSecond: round(median(own.flatMap((run) => run.tokensPerSecond)), 3),
      cpuMsPerToken: round(median(own.flatMap((run) => run.cpuMsPerToken)), 2),
      [`tgRatioTo_${first}`]: spread(ratios((run) => run.tokensPerSecond)),
      [`cpuRatioTo_${first}`]: spread(ratios((run) => run.cpuMsPerToken)),
      anonHugeMiB: own.map((run) => round(run.anonHugeMiB, 0)),
      peakRssMiB: own.map((run) => round(run.peakRssMiB, 0)),
    };
  });
  console.log(JSON.stringify({ model: model.path, args, summary }, null, 2));
}

if (process.argv[1]?.endsWith("llama-bench-variants.ts")) await main();
