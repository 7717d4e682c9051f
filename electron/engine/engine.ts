import os from "node:os";
import path from "node:path";
import {
  GgufFileType,
  LlamaChatSession,
  type Llama,
  type LlamaContext,
  type LlamaModel,
  type LLamaChatPromptOptions,
} from "node-llama-cpp";
import {
  AppError,
  type EngineContract,
  type GenerationDelta,
  type GenerationRequest,
  type GenerationResult,
  type Handlers,
  type LoadMeter,
  type ModelInfo,
  type ParsedParamsOf,
  type Sampling,
} from "../common/contract/index.ts";
import { AnswerGrammars } from "./answer-grammar.ts";
import { sessionHolds, toLlamaHistory, type EvaluatedConversation } from "./chat-history.ts";
import { GenerationClock } from "./generation-clock.ts";
import { LoadProgress } from "./load-progress.ts";
import { checkModelFile, classifyLoadError } from "./load-errors.ts";
import { fullSlidingWindowCache } from "./sliding-window.ts";
import { afterAnswerCheckpointsKept } from "../common/sliding-window-checkpoints.ts";

interface LoadedModel {
  info: ModelInfo;
  model: LlamaModel;
  context: LlamaContext;
  session: LlamaChatSession;
}

export interface EngineEvents {
  loadProgress(modelPath: string, progress: number, meter: LoadMeter): void;
}

type LoadParams = ParsedParamsOf<EngineContract, "load">;

const defaultContextSize = { max: 4096 } as const;

/** One model, one context sequence and one chat session, switched to whichever history a generation brings. */
export class Engine {
  private loaded: LoadedModel | undefined;
  private evaluated: EvaluatedConversation | undefined;
  private generation: AbortController | undefined;
  private preparation: { abort: AbortController; done: Promise<void> } | undefined;
  private loading: Promise<unknown> = Promise.resolve();
  private runningCalls = 0;
  private loadSteps = 0;
  private readonly grammars: AnswerGrammars;

  constructor(
    private readonly getLlama: () => Promise<Llama>,
    private readonly events: EngineEvents,
  ) {
    this.grammars = new AnswerGrammars(getLlama);
  }

  /** A load, unload or prompt is running (the entry sends heartbeats meanwhile). */
  get busy(): boolean {
    return this.runningCalls > 0;
  }

  /** Visible progress: load steps taken plus tokens evaluated; it changes as long as a load or a prompt gets on. */
  get work(): number {
    const meter = this.loaded?.session.sequence.tokenMeter;
    return this.loadSteps + (meter ? meter.usedInputTokens + meter.usedOutputTokens : 0);
  }

  handlers(): Handlers<EngineContract> {
    return {
      load: (params) => this.tracked(() => this.serialize(() => this.load(params))),
      unload: () => this.tracked(() => this.serialize(async () => (await this.unload(), {}))),
      generate: (params, { signal, progress }) => this.tracked(() => this.generate(params, signal, progress)),
    };
  }

  private async tracked<T>(call: () => Promise<T>): Promise<T> {
    this.runningCalls++;
    try {
      return await call();
    } finally {
      this.runningCalls--;
    }
  }

  private serialize<T>(task: () => Promise<T>): Promise<T> {
    const run = this.loading.then(task, task);
    this.loading = run.catch(() => undefined);
    return run;
  }

  private async load(params: LoadParams): Promise<ModelInfo> {
    const { modelPath } = params;
    const sizeBytes = await checkModelFile(modelPath);
    await this.unload();
    const startedAt = performance.now();
    const llama = await this.getLlama();
    this.loadSteps++;
    let model: LlamaModel | undefined;
    const progress = new LoadProgress(sizeBytes, (fraction, meter) => {
      this.loadSteps++;
      this.events.loadProgress(modelPath, fraction, meter);
    });
    try {
      model = await llama.loadModel({
        modelPath,
        gpuLayers: 0,
        // "read" (the default) reads the file into the engine's own memory; "mmap" maps it. On the CPU llama.cpp
        // repacks the weights into a copy of its own, and with mmap the file's pages stay resident as well, so the
        // peak is higher (llama.cpp issues #12149, #19578: Gemma 2 2B Q4_0 3.2 GB vs 2.2 GB on arm64). Which
        // device gets which, and the measurements behind it: electron/node/services/inference/load-mode.ts.
        useMmap: params.loadMode === "mmap",
        onLoadProgress: (fraction) => progress.onFraction(fraction),
      });
      progress.stop();
      const contextSize = params.contextSize ?? defaultContextSize;
      const context = await model.createContext({
        contextSize,
        threads: params.threads ?? os.availableParallelism(),
        ...(params.batchSize ? { batchSize: params.batchSize } : {}),
        // A context that fits in the sliding window: the same cache, and no checkpoint copies of it (sliding-window.ts).
        swaFullCache: fullSlidingWindowCache(model.fileInsights.swaSize, contextSize),
      });
      this.loadSteps++;
      // Beyond the window, a bounded number of checkpoint copies (common/sliding-window-checkpoints.ts).
      const sequence = context.getSequence({ checkpoints: { max: afterAnswerCheckpointsKept } });
      const session = new LlamaChatSession({ contextSequence: sequence, autoDisposeSequence: true });
      const info: ModelInfo = {
        path: modelPath,
        name: model.fileInfo.metadata.general.name ?? path.basename(modelPath, ".gguf"),
        architecture: String(model.fileInfo.metadata.general.architecture),
        sizeBytes,
        ...quantizationOf(model),
        contextSize: context.contextSize,
        trainContextSize: model.trainContextSize,
        loadMs: performance.now() - startedAt,
      };
      this.loaded = { info, model, context, session };
      return info;
    } catch (error) {
      progress.stop();
      await model?.dispose().catch(() => undefined);
      throw classifyLoadError(error, modelPath);
    }
  }

  private async unload(): Promise<void> {
    this.stop();
    await this.cancelPreparation();
    const loaded = this.loaded;
    this.loaded = undefined;
    this.evaluated = undefined;
    if (!loaded) return;
    await loaded.context.dispose();
    await loaded.model.dispose();
  }

  /**
   * While the reader reads the answer: evaluate what the next turn of this conversation starts with — the end of
   * the answer (node-llama-cpp tokenizes the answer's text again, and sampled tokens are not always what the
   * tokenizer would produce, so that part may be evaluated anew) and the opening of the next user turn. The next
   * message's time to first token then covers only its own text. Any request cancels it; whatever it evaluated
   * before that stays in the KV cache and is reused.
   */
  private prepareNextTurn(session: LlamaChatSession): void {
    const abort = new AbortController();
    const done = session
      .preloadPrompt("", { signal: abort.signal })
      .catch(() => undefined)
      .finally(() => {
        if (this.preparation?.abort === abort) this.preparation = undefined;
      });
    this.preparation = { abort, done };
  }

  private async cancelPreparation(): Promise<void> {
    const preparation = this.preparation;
    if (!preparation) return;
    preparation.abort.abort();
    await preparation.done;
  }

  private stop(): boolean {
    if (!this.generation) return false;
    this.generation.abort();
    return true;
  }

  /** Streams one answer through `report`; `cancelled` (the caller's Stop) ends it with what it has so far. */
  private async generate(params: GenerationRequest, cancelled: AbortSignal, report: (delta: GenerationDelta) => void): Promise<GenerationResult> {
    const loaded = this.loaded;
    if (!loaded) throw new AppError("MODEL_NOT_LOADED", "No model is loaded");
    if (this.generation) throw new AppError("ENGINE_BUSY", "An answer is already being generated");
    const generation = new AbortController();
    const onCancel = () => generation.abort();
    cancelled.addEventListener("abort", onCancel, { once: true });
    this.generation = generation;

    const { history, systemPrompt, text, responsePrefix } = params;
    const { session } = loaded;
    const meter = session.sequence.tokenMeter;
    try {
      // Its time counts: waiting for a preparation still under way is part of this answer's time to first token.
      await this.cancelPreparation();
      if (!sessionHolds(this.evaluated, systemPrompt, history)) {
        session.setChatHistory(toLlamaHistory(systemPrompt, history));
      }
      this.evaluated = undefined;
      const grammar = await this.grammars.for(params.format);
      const inputBefore = meter.usedInputTokens;
      const outputBefore = meter.usedOutputTokens;
      const clock = new GenerationClock(loaded.info.loadMs);
      // node-llama-cpp reports the response prefix as the first chunk; the caller has that text already.
      let prefixToSkip = Boolean(responsePrefix);
      let answered: { text: string; stopReason: GenerationResult["stopReason"] } | undefined;
      try {
        const result = await session.promptWithMeta(text, {
          ...samplingOptions(params.sampling),
          ...(responsePrefix ? { responsePrefix } : {}),
          ...(grammar && { grammar }),
          signal: generation.signal,
          stopOnAbortSignal: true,
          onResponseChunk: (chunk) => {
            if (chunk.type !== undefined || chunk.text === "") return;
            if (prefixToSkip) {
              prefixToSkip = false;
              return;
            }
            clock.markToken();
            report({ text: chunk.text, tokens: chunk.tokens.length });
          },
        });
        const stopReason = result.stopReason === "maxTokens" ? "maxTokens" : result.stopReason === "abort" ? "stopped" : "end";
        answered = { text: result.responseText, stopReason };
      } catch (error) {
        // Aborted before the first token: node-llama-cpp throws instead of returning the (empty) answer.
        if (!generation.signal.aborted) throw error;
      }
      const stats = clock.finish(meter.usedInputTokens - inputBefore, meter.usedOutputTokens - outputBefore);
      if (answered && answered.stopReason !== "stopped") {
        this.evaluated = { systemPrompt, turns: [...history, { role: "user", text }, { role: "model", text: answered.text }] };
        this.prepareNextTurn(session);
      }
      return { stopReason: answered?.stopReason ?? "stopped", stats };
    } finally {
      cancelled.removeEventListener("abort", onCancel);
      this.generation = undefined;
    }
  }
}

function quantizationOf(model: LlamaModel): { quantization?: string } {
  const fileType = model.fileInfo.metadata.general.file_type;
  if (fileType === undefined) return {};
  const name = GgufFileType[fileType];
  return name ? { quantization: name.replace(/^MOSTLY_/, "") } : {};
}

/** Our sampling settings as node-llama-cpp prompt options (the benchmark's raw baseline uses the same mapping). */
export function samplingOptions(sampling: Sampling | undefined): Pick<LLamaChatPromptOptions, "temperature" | "topK" | "topP" | "minP" | "seed" | "maxTokens" | "repeatPenalty"> {
  if (!sampling) return {};
  const { temperature, topK, topP, minP, seed, maxTokens, repeatPenalty, repeatLastTokens } = sampling;
  return {
    ...(temperature !== undefined && { temperature }),
    ...(topK !== undefined && { topK }),
    ...(topP !== undefined && { topP }),
    ...(minP !== undefined && { minP }),
    ...(seed !== undefined && { seed }),
    ...(maxTokens !== undefined && { maxTokens }),
    ...(repeatPenalty !== undefined && {
      repeatPenalty: { penalty: repeatPenalty, ...(repeatLastTokens !== undefined && { lastTokens: repeatLastTokens }) },
    }),
  };
}
