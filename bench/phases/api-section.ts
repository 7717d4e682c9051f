/**
 * The API path (issue #15 point 7): the same pipeline (AppBackend + engine) answers once through the desktop's path
 * (the stand-in renderer's `chat.send`) and once through the local API, streamed `/api/chat` read by the official
 * `ollama` client in this process, in interleaved pairs. Both sides run on the same engine with the same sampling,
 * so the ratio is what the API's HTTP, NDJSON and queue add.
 */
import { createHash } from "node:crypto";
import { Ollama } from "ollama";
import { answerResult, type AnswerResult } from "../measure.ts";
import type { BenchModel } from "../model.ts";
import { rounded } from "../stats.ts";
import { benchSampling } from "../settings.ts";
import { pairedRatios, pairOrder, round, spread } from "../stats.ts";
import type { BenchRun } from "./bench-run.ts";
import type { Sides } from "./sides.ts";

interface ApiPair {
  order: string;
  ours: AnswerResult & { textSha1: string };
  api: AnswerResult & { textSha1: string; engineTokensPerSecond: number };
}

const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");

/** Ollama's options for the bench's sampling (api.Options in ollama/ollama api/types.go; our mapping in sampling-options.ts). */
function ollamaOptions(maxTokens: number) {
  const sampling = benchSampling(maxTokens);
  return {
    temperature: sampling.temperature,
    top_k: sampling.topK,
    top_p: sampling.topP,
    min_p: sampling.minP,
    repeat_penalty: sampling.repeatPenalty,
    repeat_last_n: sampling.repeatLastTokens,
    seed: sampling.seed,
    num_predict: sampling.maxTokens,
  };
}

/** One streamed /api/chat answer, timed by the client as the stand-in renderer times ours. */
export async function apiAnswer(ollama: Ollama, model: string, text: string, maxTokens: number): Promise<ApiPair["api"]> {
  let firstTokenAt: number | undefined;
  let lastTokenAt: number | undefined;
  let pieces = 0;
  let answer = "";
  const startedAt = performance.now();
  const stream = await ollama.chat({ model, messages: [{ role: "user", content: text }], stream: true, options: ollamaOptions(maxTokens) });
  let last: { prompt_eval_count: number; eval_count: number; eval_duration: number; done_reason: string } | undefined;
  for await (const part of stream) {
    if (part.done) last = part;
    if (part.message.content === "") continue;
    const now = performance.now();
    firstTokenAt ??= now;
    lastTokenAt = now;
    pieces++;
    answer += part.message.content;
  }
  const endedAt = performance.now();
  if (!last) throw new Error("the API's stream ended without its final chunk");
  const timing = { startedAt, firstTokenAt, lastTokenAt, endedAt, promptTokens: last.prompt_eval_count, generatedTokens: last.eval_count, pieces, stopReason: last.done_reason };
  // The engine's own rate for the same answer (eval_count / eval_duration in nanoseconds, from our final chunk).
  const engineTokensPerSecond = last.eval_duration > 0 ? (last.eval_count * 1e9) / last.eval_duration : Number.NaN;
  return { ...answerResult(timing), textSha1: sha1(answer), engineTokensPerSecond };
}

export async function measureApiPath(run: BenchRun, sides: Sides, model: BenchModel): Promise<void> {
  const { work, log, mode } = run;
  const { pipeline, nextPrompt } = sides;
  const api = await pipeline.startApi(model.path, model.sizeBytes);
  const ollama = new Ollama({ host: api.url });
  const count = mode === "quick" ? 2 : Math.max(4, Math.ceil(work.pairs / 2));
  log(`API path: ${count} interleaved pairs of chat.send (ours) and streamed /api/chat through the ollama client (${api.url})…`);

  const ours = async (text: string, maxTokens: number) => pipeline.answer(await pipeline.newConversation(), text, maxTokens);
  const viaApi = async (text: string, maxTokens: number) => {
    const result = await apiAnswer(ollama, api.model, text, maxTokens);
    await pipeline.settle();
    return result;
  };
  // Warm-up: the API's first request pays for its first connection and the client's first use.
  await viaApi(nextPrompt(32), 4);

  const pairs: ApiPair[] = [];
  for (let index = 0; index < count; index++) {
    // One engine serves both sides: the same text twice would let the second reuse the first's KV cache. Each side
    // gets its own prompt of the same length, different from its first word (as every bench prompt is).
    const texts = { a: nextPrompt(work.promptTokens), b: nextPrompt(work.promptTokens) };
    const order = pairOrder(index);
    let oursResult: ApiPair["ours"] | undefined;
    let apiResult: ApiPair["api"] | undefined;
    for (const side of order) {
      if (side === "a") oursResult = await ours(texts.a, work.generatedTokens);
      else apiResult = await viaApi(texts.b, work.generatedTokens);
    }
    if (!oursResult || !apiResult) throw new Error("an API pair did not run both sides");
    pairs.push({ order: order.join(""), ours: oursResult, api: apiResult });
    log(
      `  API pair ${index + 1} (${order[0] === "a" ? "ours first" : "API first"}): generation ${oursResult.tokensPerSecond.toFixed(2)} / ${apiResult.tokensPerSecond.toFixed(2)} tok/s, ` +
        `TTFT ${oursResult.ttftMs.toFixed(0)} / ${apiResult.ttftMs.toFixed(0)} ms (ours / API)`,
    );
  }

  const generation = spread(pairedRatios(pairs.map((p) => p.ours.tokensPerSecond), pairs.map((p) => p.api.tokensPerSecond)));
  const ttftDifference = spread(pairs.map((p) => p.api.ttftMs - p.ours.ttftMs));
  run.report.apiPath = {
    client: "ollama (npm, official), streamed /api/chat over loopback HTTP",
    pairs: pairs.length,
    promptTokens: work.promptTokens,
    generatedTokens: work.generatedTokens,
    generationRatio: rounded(generation, 4),
    ttftDifferenceMs: rounded(ttftDifference, 1),
    perPair: pairs.map((p) => ({
      order: p.order,
      oursTokensPerSecond: round(p.ours.tokensPerSecond, 3),
      apiTokensPerSecond: round(p.api.tokensPerSecond, 3),
      // Each side's rate by the engine's own clock: if these differ as much, the difference is in the engine, not the transport.
      oursEngineTokensPerSecond: round(p.ours.engine?.tokensPerSecond ?? Number.NaN, 3),
      apiEngineTokensPerSecond: round(p.api.engineTokensPerSecond, 3),
      oursPromptTokens: p.ours.promptTokens,
      apiPromptTokens: p.api.promptTokens,
      oursTtftMs: round(p.ours.ttftMs, 1),
      apiTtftMs: round(p.api.ttftMs, 1),
      oursGeneratedTokens: p.ours.generatedTokens,
      apiGeneratedTokens: p.api.generatedTokens,
    })),
    note: "Both sides are the same AppBackend and engine: ours is the desktop's chat.send read by the stand-in renderer, API a prompt of the same length (another one: both run on one engine, which would reuse the KV cache of the same text) as a new /api/chat conversation read by the ollama client. apiGenerationRatio is the median of the per-pair API/ours generation tokens/s; apiTtftOverheadMs the median of API TTFT − ours TTFT, pair by pair.",
  };
  run.summary.apiGenerationRatio = round(generation.median, 4);
  run.summary.apiTtftOverheadMs = round(ttftDifference.median, 1);
}
