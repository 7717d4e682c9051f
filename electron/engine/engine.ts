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
  type ChatTurn,
  type EngineContract,
  type Handlers,
  type ModelInfo,
  type Sampling,
} from "../contract/index.ts";
import { sessionHolds, toLlamaHistory, type EvaluatedConversation } from "./chat-history.ts";
import { GenerationClock } from "./generation-clock.ts";
import { checkModelFile, classifyLoadError } from "./load-errors.ts";

interface LoadedModel {
  info: ModelInfo;
  model: LlamaModel;
  context: LlamaContext;
  session: LlamaChatSession;
}

export interface EngineEvents {
  loadProgress(modelPath: string, progress: number): void;
  delta(conversationId: string, text: string, tokens: number): void;
}

const defaultContextSize = { max: 4096 } as const;

/** One model, one context sequence and one chat session, switched between conversations on demand. */
export class Engine {
  private loaded: LoadedModel | undefined;
  private evaluated: EvaluatedConversation | undefined;
  private generation: AbortController | undefined;
  private loading: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly getLlama: () => Promise<Llama>,
    private readonly events: EngineEvents,
  ) {}

  handlers(): Handlers<EngineContract> {
    return {
      load: (params) => this.serialize(() => this.load(params)),
      unload: () => this.serialize(async () => (await this.unload(), {})),
      prompt: (params, { signal }) => this.prompt(params, signal),
      stop: () => ({ stopped: this.stop() }),
      forget: ({ conversationId }) => {
        if (this.evaluated?.conversationId === conversationId) this.evaluated = undefined;
        return {};
      },
    };
  }

  private serialize<T>(task: () => Promise<T>): Promise<T> {
    const run = this.loading.then(task, task);
    this.loading = run.catch(() => undefined);
    return run;
  }

  private async load(params: { modelPath: string; threads?: number; contextSize?: number; batchSize?: number }): Promise<ModelInfo> {
    const { modelPath } = params;
    const sizeBytes = await checkModelFile(modelPath);
    await this.unload();
    const startedAt = performance.now();
    const llama = await this.getLlama();
    let model: LlamaModel | undefined;
    try {
      let lastReported = -1;
      model = await llama.loadModel({
        modelPath,
        gpuLayers: 0,
        onLoadProgress: (progress) => {
          const percent = Math.floor(progress * 100);
          if (percent === lastReported) return;
          lastReported = percent;
          this.events.loadProgress(modelPath, Math.min(Math.max(progress, 0), 1));
        },
      });
      const context = await model.createContext({
        contextSize: params.contextSize ?? defaultContextSize,
        threads: params.threads ?? os.availableParallelism(),
        ...(params.batchSize ? { batchSize: params.batchSize } : {}),
      });
      const session = new LlamaChatSession({ contextSequence: context.getSequence(), autoDisposeSequence: true });
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
      await model?.dispose().catch(() => undefined);
      throw classifyLoadError(error, modelPath);
    }
  }

  private async unload(): Promise<void> {
    this.stop();
    const loaded = this.loaded;
    this.loaded = undefined;
    this.evaluated = undefined;
    if (!loaded) return;
    await loaded.context.dispose();
    await loaded.model.dispose();
  }

  private stop(): boolean {
    if (!this.generation) return false;
    this.generation.abort();
    return true;
  }

  private async prompt(
    params: { conversationId: string; history: ChatTurn[]; systemPrompt?: string; text: string; sampling?: Sampling; responsePrefix?: string },
    cancelled: AbortSignal,
  ) {
    const loaded = this.loaded;
    if (!loaded) throw new AppError("MODEL_NOT_LOADED", "No model is loaded");
    if (this.generation) throw new AppError("ENGINE_BUSY", "An answer is already being generated");
    const generation = new AbortController();
    const onCancel = () => generation.abort();
    cancelled.addEventListener("abort", onCancel, { once: true });
    this.generation = generation;

    const { conversationId, history, systemPrompt, text, responsePrefix } = params;
    const { session } = loaded;
    const meter = session.sequence.tokenMeter;
    try {
      if (!sessionHolds(this.evaluated, conversationId, systemPrompt, history)) {
        session.setChatHistory(toLlamaHistory(systemPrompt, history));
      }
      this.evaluated = undefined;
      const inputBefore = meter.usedInputTokens;
      const outputBefore = meter.usedOutputTokens;
      const clock = new GenerationClock(loaded.info.loadMs);
      let answer = responsePrefix ?? "";
      // node-llama-cpp reports the response prefix as the first chunk; the caller has that text already.
      let prefixToSkip = Boolean(responsePrefix);
      let stopReason: "end" | "maxTokens" | "stopped" = "stopped";
      try {
        const result = await session.promptWithMeta(text, {
          ...samplingOptions(params.sampling),
          ...(responsePrefix ? { responsePrefix } : {}),
          signal: generation.signal,
          stopOnAbortSignal: true,
          onResponseChunk: (chunk) => {
            if (chunk.type !== undefined || chunk.text === "") return;
            if (prefixToSkip) {
              prefixToSkip = false;
              return;
            }
            clock.markToken();
            answer += chunk.text;
            this.events.delta(conversationId, chunk.text, chunk.tokens.length);
          },
        });
        answer = result.responseText;
        stopReason = result.stopReason === "maxTokens" ? "maxTokens" : result.stopReason === "abort" ? "stopped" : "end";
      } catch (error) {
        // Aborted before the first token: node-llama-cpp throws instead of returning the (empty) answer.
        if (!generation.signal.aborted) throw error;
      }
      const stats = clock.finish(meter.usedInputTokens - inputBefore, meter.usedOutputTokens - outputBefore);
      this.evaluated = { conversationId, systemPrompt, turns: [...history, { role: "user", text }, { role: "model", text: answer }] };
      if (stopReason === "stopped") this.evaluated = undefined;
      return { text: answer, stopReason, stats };
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
export function samplingOptions(sampling: Sampling | undefined): LLamaChatPromptOptions {
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
