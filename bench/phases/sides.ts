/** Both sides loaded side by side (only one of them computes at any time), and one interleaved pair of answers. */
import os from "node:os";
import path from "node:path";
import { forkBenchChild, type BenchChild } from "../child.ts";
import type { BenchModel } from "../model.ts";
import { repoRoot } from "../options.ts";
import type { Pair } from "../paired-section.ts";
import { Pipeline } from "../pipeline.ts";
import type { PipelineAnswer } from "../pipeline-host.ts";
import { promptOfTokens } from "../prompts.ts";
import { RawBaseline, type RawAnswer } from "../raw.ts";
import { benchSampling } from "../settings.ts";
import { pairOrder } from "../stats.ts";
import type { BenchRun } from "./bench-run.ts";

export interface Sides {
  pipeline: Pipeline;
  raw: RawBaseline;
  /** `--control`: the raw baseline again in a child process (A/A). */
  control: BenchChild | undefined;
  /** Raw then ours or ours then raw (alternating with the index); in `conversation`, or each in a new one. */
  runPair: (pairIndex: number, text: string, maxTokens: number, conversation?: string) => Promise<Pair>;
  /** A prompt of about `tokens` tokens, different from every earlier one from its first word. */
  nextPrompt: (tokens: number) => string;
}

export async function openSides(run: BenchRun, model: BenchModel): Promise<Sides> {
  const { engine, load, options, log } = run;
  log(`Loading ours (AppBackend + engine process, ${engine.kind}) and raw (node-llama-cpp in this process)…`);
  const pipeline = await Pipeline.open(
    model.path,
    { engineEntry: engine.path, engineExecArgv: engine.execArgv, load, transport: options.transport, rendererDir: os.tmpdir() },
    options.verbose,
  );
  const raw = await RawBaseline.open(model.path, load);
  const control = options.control ? forkBenchChild(path.join(repoRoot, "bench", "raw-host.ts"), [], options.verbose) : undefined;
  if (control) await control.request("load", { modelPath: model.path, load });
  log(`  ours loaded in ${(pipeline.info.loadMs / 1000).toFixed(1)} s (engine), raw in ${(raw.info.loadMs / 1000).toFixed(1)} s; chat wrapper ${raw.info.chatWrapper}, ${raw.info.threads} threads`);
  run.report.settings["raw"] = raw.info;
  run.report.settings["ours"] = pipeline.info;
  let seed = 1;

  const runPair = async (pairIndex: number, text: string, maxTokens: number, conversation?: string): Promise<Pair> => {
    const order = pairOrder(pairIndex);
    let rawResult: RawAnswer | undefined;
    let oursResult: PipelineAnswer | undefined;
    for (const side of order) {
      if (side === "a") {
        if (!conversation) raw.newConversation();
        rawResult = await raw.answer(text, benchSampling(maxTokens));
      } else {
        oursResult = await pipeline.answer(conversation ?? (await pipeline.newConversation()), text, maxTokens);
      }
    }
    if (!rawResult || !oursResult) throw new Error("a pair did not run both sides");
    return { order: order.join(""), raw: rawResult, ours: oursResult, identical: rawResult.textSha1 === oursResult.textSha1 };
  };
  return { pipeline, raw, control, runPair, nextPrompt: (tokens) => promptOfTokens(seed++, tokens, (text) => raw.countTokens(text)) };
}
