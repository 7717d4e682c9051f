/**
 * `npm run bench:profile -- --side evaluate|chat|engine --tokens N [--model FILE] [--threads T] [--wrap "valgrind …"]`
 *
 * One answer of exactly the bench's sampling on one side, for a profiler to look at (bench/README.md, "Where the time
 * goes"). Run it under `valgrind --tool=callgrind` (or `node --cpu-prof`) twice with different `--tokens` and
 * subtract: the difference is the per-token cost, free of start-up and load.
 *   - evaluate: node-llama-cpp's floor: LlamaContextSequence.evaluate() with the bench sampling, no chat layer.
 *   - chat:     the raw baseline (bench/raw.ts): LlamaChatSession.promptWithMeta, as the engine uses it.
 *   - engine:   our engine process (electron/engine/entry.ts) driven over its IPC contract; `--wrap` runs that
 *               process under a profiler (this driver stays outside it); `--engine-node-args "--cpu-prof"` gives
 *               that process Node options.
 * Prints one JSON line: tokens generated, wall and CPU ms of the process doing the work.
 */
import { fork } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import { parseArgs } from "node:util";
import { getLlama, type Token } from "node-llama-cpp";
import { createRpcClient, engineContract, type MessageTransport } from "../electron/common/contract/index.ts";
import { engineEntry } from "./options.ts";
import { ownCpuMs, processCpuMs } from "./memory.ts";
import { NativeCallTimer, type NativeCallTimes } from "./raw-native-times.ts";
import { RawBaseline } from "./raw.ts";
import { benchSampling, loadSettings } from "./settings.ts";
import type { Sampling } from "../electron/common/contract/index.ts";

const prompt = "Write a long story about a lighthouse keeper who finds a message in a bottle.";

interface ProfileResult {
  side: string;
  generatedTokens: number;
  wallMs: number;
  /** The whole process doing the work (every thread, including ggml's per-decode workers). */
  cpuMs: number;
  /** Its JavaScript thread alone: JS, V8 and the N-API callbacks (decode and sampling run on libuv's pool). */
  jsThreadCpuMs: number;
  native?: NativeCallTimes;
}

/** On-CPU time of one thread, ms, from the scheduler's nanosecond count (Linux: /proc/<pid>/task/<tid>/schedstat). */
function threadCpuMs(pid: number, tid = pid): number {
  return Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]) / 1e6;
}

/**
 * bench: the bench's sampling (greedy, repeat penalty 1.1 over 64 tokens); greedy: the same without the repeat
 * penalty; app: the app's default sampling (temperature 0.8, top-k 40, top-p 0.95, min-p 0.05, repeat penalty).
 */
function samplingFor(name: string, maxTokens: number): Sampling {
  const bench = benchSampling(maxTokens);
  if (name === "bench") return bench;
  if (name === "greedy") return { ...bench, repeatPenalty: 1 };
  if (name === "app") return { ...bench, temperature: 0.8 };
  throw new Error("--sampling must be bench, greedy or app");
}

const { values } = parseArgs({
  options: {
    side: { type: "string", default: "evaluate" },
    tokens: { type: "string", default: "16" },
    sampling: { type: "string", default: "bench" },
    /** evaluate only: start from the BOS token alone, so every decode call is one token (per-call costs read directly). */
    "bos-only": { type: "boolean", default: false },
    model: { type: "string" },
    threads: { type: "string", default: "1" },
    wrap: { type: "string" },
    "engine-node-args": { type: "string" },
    /** A plain-JS engine entry (e.g. bundled with esbuild), so a profiler does not also measure tsx compiling. */
    "engine-entry": { type: "string" },
  },
});
const modelPath = values.model ?? process.env.EDGE_GEMMA_PROFILE_MODEL;
if (!modelPath) throw new Error("--model FILE (or EDGE_GEMMA_PROFILE_MODEL) is required");
const tokens = Number(values.tokens);
const load = loadSettings(Number(values.threads));
const sampling = samplingFor(values.sampling ?? "bench", tokens);

async function evaluateSide(): Promise<ProfileResult> {
  const llama = await getLlama({ gpu: false, build: "never", progressLogs: false });
  const model = await llama.loadModel({ modelPath: modelPath as string, gpuLayers: 0, useMmap: false });
  const context = await model.createContext({ contextSize: load.contextSize, threads: load.threads, batchSize: load.batchSize });
  const sequence = context.getSequence();
  const timer = new NativeCallTimer(context);
  const bos = model.tokens.bos;
  const input = values["bos-only"] && bos !== null ? [bos] : model.tokenize(prompt, true);
  const generated: Token[] = [];
  const startedAt = performance.now();
  const cpuBefore = ownCpuMs();
  const jsBefore = threadCpuMs(process.pid);
  for await (const token of sequence.evaluate(input, {
    temperature: sampling.temperature,
    topK: sampling.topK,
    topP: sampling.topP,
    minP: sampling.minP,
    seed: sampling.seed,
    // What LlamaChat passes (dist/evaluator/LlamaChat/LlamaChat.js, getPenaltyTokens): the last N answer tokens.
    repeatPenalty: { penalty: sampling.repeatPenalty, punishTokens: () => generated.slice(-(sampling.repeatLastTokens ?? 64)) },
  })) {
    generated.push(token);
    if (generated.length >= tokens) break;
  }
  const result = {
    side: "evaluate",
    generatedTokens: generated.length,
    wallMs: performance.now() - startedAt,
    cpuMs: ownCpuMs() - cpuBefore,
    jsThreadCpuMs: threadCpuMs(process.pid) - jsBefore,
    native: timer.read(),
  };
  await context.dispose();
  await model.dispose();
  await llama.dispose();
  return result;
}

async function chatSide(): Promise<ProfileResult> {
  const raw = await RawBaseline.open(modelPath as string, load);
  const cpuBefore = ownCpuMs();
  const jsBefore = threadCpuMs(process.pid);
  const answer = await raw.answer(prompt, sampling);
  const result = {
    side: "chat",
    generatedTokens: answer.generatedTokens,
    wallMs: answer.totalMs,
    cpuMs: ownCpuMs() - cpuBefore,
    jsThreadCpuMs: threadCpuMs(process.pid) - jsBefore,
    native: answer.native,
  };
  await raw.dispose();
  return result;
}

async function engineSide(): Promise<ProfileResult> {
  const entry = values["engine-entry"] ? { path: values["engine-entry"], execArgv: [] } : engineEntry("source");
  const wrap = values.wrap?.split(" ").filter(Boolean) ?? [];
  const nodeArgs = values["engine-node-args"]?.split(" ").filter(Boolean) ?? [];
  const child = fork(entry.path, [], {
    ...(wrap.length > 0 ? { execPath: wrap[0] } : {}),
    execArgv: [...wrap.slice(1), ...(wrap.length > 0 ? [process.execPath] : []), ...nodeArgs, ...entry.execArgv],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    serialization: "advanced",
  });
  const transport: MessageTransport = {
    send: (message) => void child.send(message as object),
    onMessage(listener) {
      child.on("message", listener);
      return () => child.off("message", listener);
    },
  };
  const engine = createRpcClient(transport, engineContract);
  await engine.call("load", { modelPath: modelPath as string, threads: load.threads, contextSize: load.contextSize, batchSize: load.batchSize });
  const pid = child.pid as number;
  const cpuBefore = await processCpuMs(pid);
  const jsBefore = threadCpuMs(pid);
  const result = await engine.call("generate", { history: [], text: prompt, sampling }, { onProgress: () => undefined });
  const jsThreadCpuMs = threadCpuMs(pid) - jsBefore;
  const cpuMs = (await processCpuMs(pid)) - cpuBefore;
  child.disconnect();
  await new Promise((resolve) => child.once("exit", resolve));
  return { side: "engine", generatedTokens: result.stats.generatedTokens, wallMs: result.stats.totalMs, cpuMs, jsThreadCpuMs };
}

const sides: Record<string, () => Promise<ProfileResult>> = { evaluate: evaluateSide, chat: chatSide, engine: engineSide };
const side = sides[values.side ?? ""];
if (!side) throw new Error(`--side must be one of ${Object.keys(sides).join(", ")}`);
console.log(JSON.stringify({ ...(await side()), threads: load.threads, cores: os.availableParallelism() }));
