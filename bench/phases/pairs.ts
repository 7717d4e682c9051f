/**
 * The interleaved pairs: a warm-up, short prompts (the TTFT overhead), then ~512-token prompts with 128 generated
 * tokens (prompt and generation ratios), each beside a ceiling sample and, with `--control`, an A/A answer.
 */
import type { CeilingSample } from "../ceiling-section.ts";
import type { AnswerResult } from "../measure.ts";
import type { BenchModel } from "../model.ts";
import { pairedSection, type Pair } from "../paired-section.ts";
import { rounded } from "../stats.ts";
import { pairedRatios, round, spread } from "../stats.ts";
import type { BenchRun } from "./bench-run.ts";
import { reportCeilings, type CeilingFigures } from "./ceilings.ts";
import type { Sides } from "./sides.ts";

export async function measurePairs(run: BenchRun, sides: Sides, model: BenchModel, sampleCeilings: () => Promise<CeilingFigures>, benchStartedAt: number): Promise<void> {
  const { work, report, summary, log } = run;
  const { runPair, nextPrompt } = sides;

  // Warm-up: the first answer after a load pays for cold caches and first-use allocations; not measured.
  log("Warming up both sides…");
  await runPair(0, nextPrompt(32), 4);

  // Short prompt, one token: the TTFT overhead with little llama.cpp time around it to drown it in noise.
  const shortPairs: Pair[] = [];
  for (let index = 0; index < work.shortPairs; index++) shortPairs.push(await runPair(index, nextPrompt(work.shortPromptTokens), 1));
  const shortPrompt = pairedSection(shortPairs);
  report.shortPrompt = shortPrompt;
  log(`Short prompt TTFT (${work.shortPairs} pairs): ours − raw ${JSON.stringify(shortPrompt.ttftDifferenceMs)} ms`);

  const { pairs, controls, ceilingSamples } = await measureLongPairs(run, sides, sampleCeilings, benchStartedAt);
  const single = pairedSection(pairs);
  report.single = single;
  if (controls.length > 0) {
    report.control = {
      note: "A/A: the raw baseline again in a plain child process, run next to each pair. How far two identical sides drift apart on this machine: read the ours/raw ratios against this spread.",
      promptRatio: rounded(spread(pairedRatios(controls.map((c) => c.raw.promptTokensPerSecond), controls.map((c) => c.control.promptTokensPerSecond))), 4),
      generationRatio: rounded(spread(pairedRatios(controls.map((c) => c.raw.tokensPerSecond), controls.map((c) => c.control.tokensPerSecond))), 4),
      cpuRatio: rounded(spread(pairedRatios(controls.map((c) => c.raw.cpuMs), controls.map((c) => c.control.cpuMs))), 4),
    };
    await sides.control?.request("dispose").catch(() => undefined);
    sides.control?.kill();
  }
  reportCeilings(run, ceilingSamples, model);
  summary.promptRatio = single.promptRatio.median;
  summary.generationRatio = single.generationRatio.median;
  // Same answer, two clocks: the stand-in renderer's TTFT minus the engine's own (taken around promptWithMeta).
  const sameAnswerOverheads = [...shortPairs, ...pairs].map((pair) => pair.ours.ttftMs - (pair.ours.engine?.timeToFirstTokenMs ?? Number.NaN));
  summary.ttftOverheadMs = round(spread(sameAnswerOverheads).median, 1);
  report.ttftOverhead = {
    sameAnswerMs: rounded(spread(sameAnswerOverheads), 1),
    pairedDifferenceShortMs: shortPrompt.ttftDifferenceMs,
    pairedDifferenceLongMs: single.ttftDifferenceMs,
    note:
      "summary.ttftOverheadMs is the median over all our answers of (TTFT seen by the stand-in renderer − TTFT the engine measured around promptWithMeta for the same answer): everything our pipeline adds (transport, validation, ChatService and its save to disk, supervisor, engine IPC) without the machine's noise between two different answers. The interleaved ours − raw differences are the cross-check; on a busy machine their spread is seconds.",
  };
  const early = pairs.filter((pair) => pair.raw.generatedTokens < work.generatedTokens || pair.ours.generatedTokens < work.generatedTokens);
  if (early.length > 0) run.notes.push(`${early.length} pair(s) stopped before ${work.generatedTokens} tokens (end-of-turn from the random weights); rates are per generated token anyway.`);
  if (single.identicalAnswers < pairs.length) run.notes.push(`Only ${single.identicalAnswers} of ${pairs.length} pairs produced identical answers on both sides (expected all with greedy decoding).`);
}

/** ~512-token prompt + 128 generated tokens, interleaved pairs (A B, B A, …), within the time budget. */
async function measureLongPairs(run: BenchRun, sides: Sides, sampleCeilings: () => Promise<CeilingFigures>, benchStartedAt: number) {
  const { work, elapsed, log } = run;
  const { runPair, nextPrompt, control } = sides;
  const pairs: Pair[] = [];
  const controls: { raw: AnswerResult; control: AnswerResult }[] = [];
  const ceilingSamples: CeilingSample[] = [];
  const singleStartedAt = elapsed();
  for (let index = 0; index < work.maxPairs; index++) {
    if (index >= work.pairs) {
      const perPair = (elapsed() - singleStartedAt) / index;
      if (elapsed() - benchStartedAt + perPair > work.budgetMs * 0.45) break;
    }
    const text = nextPrompt(work.promptTokens);
    let controlResult: AnswerResult | undefined;
    if (control && index % 2 === 1) controlResult = await control.request<AnswerResult>("answer", { text, maxTokens: work.generatedTokens });
    const ceilingBefore = index % 2 === 1 ? await sampleCeilings() : undefined;
    const pair = await runPair(index, text, work.generatedTokens);
    const ceilings = ceilingBefore ?? (await sampleCeilings());
    ceilingSamples.push({ raw: pair.raw, ours: pair.ours, ...ceilings });
    if (control && index % 2 === 0) controlResult = await control.request<AnswerResult>("answer", { text, maxTokens: work.generatedTokens });
    if (controlResult) controls.push({ raw: pair.raw, control: controlResult });
    pairs.push(pair);
    log(
      `  pair ${index + 1} (${pair.order === "ab" ? "raw first" : "ours first"}): prompt ${pair.raw.promptTokensPerSecond.toFixed(1)} / ${pair.ours.promptTokensPerSecond.toFixed(1)} tok/s, ` +
        `generation ${pair.raw.tokensPerSecond.toFixed(2)} / ${pair.ours.tokensPerSecond.toFixed(2)} tok/s, TTFT ${pair.raw.ttftMs.toFixed(0)} / ${pair.ours.ttftMs.toFixed(0)} ms (raw / ours)`,
    );
  }
  return { pairs, controls, ceilingSamples };
}
