/**
 * `npx tsx bench/memory-growth.ts [--engines DIR,DIR…] [--raw checkpoints,swafull] [--threads N] [--short N]
 * [--long N] [--generated N] [--conversations N] [--turns N] [--api N] [--out FILE]`: where the engine's memory grows
 * over the full benchmark's workload (issue #18 item 4). Each side runs the full run's phases in its order (warm-up,
 * short prompts, ~512-token prompts, 10-turn conversations with the engine's next-turn preparation, the local API
 * through the official ollama client) and after each phase the table gives its /proc/<pid>/status: VmHWM (peak),
 * VmRSS, RssAnon, RssFile, MiB; raw sides add the bytes node-llama-cpp holds in sequence checkpoints.
 *
 * Sides: the REAL engine process behind AppBackend and its supervisor (bench/pipeline-host.ts), once per
 * `--engines` repository folder (default: this one; give a second checkout to compare before/after a change in the
 * same run), and raw node-llama-cpp children (bench/raw-host.ts) with node-llama-cpp's sliding-window checkpoints
 * (`checkpoints`: swaFullCache false, its default) or without (`swafull`). Sides take turns answer by answer.
 * llama.cpp's buffers as logged by the first raw side are printed too.
 */
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { Ollama } from "ollama";
import { forkBenchChild, type BenchChild } from "./child.ts";
import { processMemory, type ProcessMemory } from "./memory.ts";
import { ensureBenchModel } from "./model.ts";
import { repoRoot } from "./options.ts";
import { apiAnswer } from "./phases/api-section.ts";
import { Pipeline } from "./pipeline.ts";
import { promptOfTokens } from "./prompts.ts";
import type { RawInfo } from "./raw.ts";
import { loadSettings, workload } from "./settings.ts";

interface Side {
  name: string;
  pid: number;
  newConversation(): Promise<void>;
  answer(text: string, maxTokens: number): Promise<void>;
  /** The API phase: an answer through the local API (raw: a new conversation, the same work for the model). */
  apiAnswer(text: string, maxTokens: number): Promise<void>;
  extra(): Promise<Record<string, number | boolean>>;
  dispose(): Promise<void>;
}

interface Row extends Partial<ProcessMemory> {
  phase: string;
  side: string;
  [extra: string]: unknown;
}

async function engineSide(root: string, modelPath: string, sizeBytes: number, load: ReturnType<typeof loadSettings>): Promise<Side> {
  const pipeline = await Pipeline.open(modelPath, {
    engineEntry: path.join(root, "electron", "engine", "entry.ts"),
    engineExecArgv: ["--import", "tsx"],
    load,
    transport: "memory",
    rendererDir: os.tmpdir(),
  });
  let conversation = await pipeline.newConversation();
  let api: { ollama: Ollama; model: string } | undefined;
  return {
    name: `engine ${path.basename(path.resolve(root))}`,
    pid: pipeline.enginePid ?? 0,
    async newConversation() {
      conversation = await pipeline.newConversation();
    },
    async answer(text, maxTokens) {
      // pipeline-host's answer waits for the engine's next-turn preparation too (processSettled).
      await pipeline.answer(conversation, text, maxTokens);
    },
    async apiAnswer(text, maxTokens) {
      if (!api) {
        const started = await pipeline.startApi(modelPath, sizeBytes);
        api = { ollama: new Ollama({ host: started.url }), model: started.model };
      }
      await apiAnswer(api.ollama, api.model, text, maxTokens);
      await pipeline.settle();
    },
    extra: async () => ({}),
    dispose: () => pipeline.dispose(),
  };
}

async function rawSide(variant: string, modelPath: string, load: ReturnType<typeof loadSettings>): Promise<{ side: Side; info: RawInfo }> {
  if (variant !== "checkpoints" && variant !== "swafull") throw new Error(`--raw: checkpoints or swafull, not ${variant}`);
  const child: BenchChild = forkBenchChild(path.join(repoRoot, "bench", "raw-host.ts"));
  const info = await child.request<RawInfo>("load", { modelPath, load, swaFullCache: variant === "swafull" });
  let keep = false;
  const side: Side = {
    name: `raw ${variant}`,
    pid: child.process.pid ?? 0,
    async newConversation() {
      keep = false;
    },
    async answer(text, maxTokens) {
      await child.request("answer", { text, maxTokens, keepConversation: keep });
      keep = true;
    },
    async apiAnswer(text, maxTokens) {
      await child.request("answer", { text, maxTokens, keepConversation: false });
    },
    extra: () => child.request("sequenceState"),
    async dispose() {
      await child.request("dispose").catch(() => undefined);
      child.kill();
    },
  };
  return { side, info };
}

async function main(): Promise<void> {
  const full = workload(false);
  const { values } = parseArgs({
    options: {
      engines: { type: "string", default: repoRoot },
      raw: { type: "string", default: "" },
      threads: { type: "string", default: "1" },
      short: { type: "string", default: String(full.shortPairs) },
      long: { type: "string", default: "1" },
      generated: { type: "string", default: "32" },
      conversations: { type: "string", default: "1" },
      turns: { type: "string", default: String(full.turns) },
      api: { type: "string", default: "1" },
      out: { type: "string" },
    },
  });
  const model = await ensureBenchModel("q4_0", console.log);
  const load = loadSettings(Number(values.threads));
  const sides: Side[] = [];
  let buffers: Record<string, number> | undefined;
  for (const variant of values.raw.split(",").filter(Boolean)) {
    const { side, info } = await rawSide(variant, model.path, load);
    buffers ??= info.llamaBuffers;
    sides.push(side);
  }
  for (const root of values.engines.split(",").filter(Boolean)) sides.push(await engineSide(root, model.path, model.sizeBytes, load));
  if (buffers) console.log(`llama.cpp buffers (MiB, as the first raw side logged them): ${JSON.stringify(buffers)}`);

  const rows: Row[] = [];
  const record = async (phase: string) => {
    for (const side of sides) {
      const row: Row = { phase, side: side.name, ...(await processMemory(side.pid)), ...(await side.extra()) };
      rows.push(row);
      const mb = (value: unknown) => (typeof value === "number" ? value.toFixed(0).padStart(6) : "     -");
      const extras = Object.entries(await side.extra())
        .map(([key, value]) => `${key} ${typeof value === "number" ? value.toFixed(1) : String(value)}`)
        .join(", ");
      console.log(`${phase.padEnd(22)} ${side.name.padEnd(28)} peak ${mb(row.peakRssMb)}  rss ${mb(row.rssMb)}  anon ${mb(row.anonMb)}  file ${mb(row.fileMb)}  ${extras}`);
    }
  };
  // The same text for every side (each side is its own process with its own KV cache), new texts per answer.
  let seed = 1;
  // About that many tokens (the words of bench/prompts.ts take ~1.15 tokens each with Gemma's tokenizer); every
  // side gets the same text, and the sizes only need to be those of the full run's phases.
  const approximateTokens = (text: string) => Math.ceil(text.split(/\s+/).length * 1.15);
  const prompt = (tokens: number) => promptOfTokens(seed++, tokens, approximateTokens);
  const eachSide = async (work: (side: Side) => Promise<void>) => {
    for (const side of sides) await work(side);
  };

  await record("loaded");
  const warmUp = prompt(32);
  await eachSide(async (side) => (await side.newConversation(), await side.answer(warmUp, 4)));
  await record("warm-up");
  for (let index = 0; index < Number(values.short); index++) {
    const text = prompt(full.shortPromptTokens);
    await eachSide(async (side) => (await side.newConversation(), await side.answer(text, 1)));
  }
  await record(`short ×${values.short}`);
  for (let index = 0; index < Number(values.long); index++) {
    const text = prompt(full.promptTokens);
    await eachSide(async (side) => (await side.newConversation(), await side.answer(text, Number(values.generated))));
  }
  await record(`~512-token ×${values.long}`);
  for (let index = 0; index < Number(values.conversations); index++) {
    await eachSide((side) => side.newConversation());
    for (let turn = 0; turn < Number(values.turns); turn++) {
      const text = prompt(full.turnPromptTokens);
      await eachSide((side) => side.answer(text, full.turnAnswerTokens));
      if (turn === 0 || turn === Number(values.turns) - 1) await record(`conversation ${index + 1} turn ${turn + 1}`);
    }
  }
  for (let index = 0; index < Number(values.api); index++) {
    const text = prompt(full.promptTokens);
    await eachSide((side) => side.apiAnswer(text, Number(values.generated)));
  }
  await record(`API ×${values.api}`);
  if (values.out) writeFileSync(values.out, JSON.stringify({ model: model.path, load, buffers, rows }, null, 2));
  for (const side of sides) await side.dispose();
}

await main();
