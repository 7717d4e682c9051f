/**
 * The raw baseline: node-llama-cpp in the bench process, used exactly as `electron/engine/engine.ts` uses it
 * (same getLlama options, same loadModel/createContext settings (no mmap), one LlamaChatSession on one sequence with the
 * auto-detected Gemma chat wrapper, `setChatHistory` to switch conversations, `promptWithMeta` with
 * `onResponseChunk`), minus everything of ours: no RPC, no validation, no second process.
 */
import { samplingOptions } from "../electron/engine/engine.ts";
import { fullSlidingWindowCache } from "../electron/engine/sliding-window.ts";
import { createHash } from "node:crypto";
import {
  getLlama,
  LlamaChatSession,
  LlamaLogLevel,
  type LLamaChatPromptOptions,
  type Llama,
  type LlamaContext,
  type LlamaModel,
} from "node-llama-cpp";
import type { Sampling } from "../electron/common/contract/index.ts";
import { answerResult, type AnswerResult } from "./measure.ts";
import { NativeCallTimer, type NativeCallTimes } from "./raw-native-times.ts";
import { ownCpuMs } from "./memory.ts";
import type { LoadSettings } from "./settings.ts";

export interface RawInfo {
  loadMs: number;
  contextSize: number;
  batchSize: number;
  threads: number;
  chatWrapper: string;
  llamaBuild: string;
  cpuSystemInfo: string;
  /** llama.cpp's own buffer sizes (MiB) as it logged them while loading: the same in the engine (same settings). */
  llamaBuffers: Record<string, number>;
}

/** "load_tensors:   CPU_REPACK model buffer size =  1402.31 MiB" → ["CPU_REPACK model", 1402.31]. */
export function parseBufferLine(line: string): [string, number] | undefined {
  const match = /(\S+(?:\s+(?:model|KV|compute|output))?) buffer size\s*=\s*([\d.]+) MiB/.exec(line);
  return match?.[1] && match[2] ? [match[1].replace(/\s+/g, " "), Number(match[2])] : undefined;
}

/** One raw answer; `native`: node-llama-cpp's native calls from the first answer token on (raw-native-times.ts). */
export type RawAnswer = AnswerResult & { textSha1: string; native: NativeCallTimes };

export class RawBaseline {
  private readonly nativeCalls: NativeCallTimer;

  private constructor(
    private readonly llama: Llama,
    readonly model: LlamaModel,
    private readonly context: LlamaContext,
    private readonly session: LlamaChatSession,
    readonly info: RawInfo,
  ) {
    this.nativeCalls = new NativeCallTimer(context);
  }

  /** `overrides.swaFullCache`: instead of the engine's choice (bench/memory-variants.ts compares both). */
  static async open(modelPath: string, settings: LoadSettings, overrides: { swaFullCache?: boolean | undefined } = {}): Promise<RawBaseline> {
    const startedAt = performance.now();
    // The engine's own getLlama call (electron/engine/entry.ts), with llama.cpp's info logs kept during the load
    // for its buffer sizes; back to the default level (warnings) before anything is measured.
    const llamaBuffers: Record<string, number> = {};
    const llama = await getLlama({
      gpu: settings.gpu,
      build: "never",
      progressLogs: false,
      logLevel: LlamaLogLevel.info,
      logger: (level, message) => {
        const buffer = parseBufferLine(message);
        if (buffer) llamaBuffers[buffer[0]] = (llamaBuffers[buffer[0]] ?? 0) + buffer[1];
        if (level === LlamaLogLevel.error || level === LlamaLogLevel.fatal || level === LlamaLogLevel.warn) console.warn(message.trimEnd());
      },
    });
    const model = await llama.loadModel({ modelPath, gpuLayers: 0, useMmap: false });
    const context = await model.createContext({
      contextSize: settings.contextSize,
      threads: settings.threads,
      batchSize: settings.batchSize,
      swaFullCache: overrides.swaFullCache ?? fullSlidingWindowCache(model.fileInsights.swaSize, settings.contextSize),
    });
    const session = new LlamaChatSession({ contextSequence: context.getSequence(), autoDisposeSequence: true });
    // The addon hands llama.cpp's lines to JavaScript later, and node-llama-cpp drops a line below the level current
    // when it arrives (dist/bindings/Llama.js 509–511, `_callLogger`): the compute buffer's line, logged last, was
    // lost that way in a full run. Wait for it (at most 2 s) before lowering the level.
    for (let waited = 0; !Object.keys(llamaBuffers).some((name) => name.endsWith(" compute")) && waited < 2000; waited += 20) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    llama.logLevel = LlamaLogLevel.warn;
    const info: RawInfo = {
      loadMs: performance.now() - startedAt,
      contextSize: context.contextSize,
      batchSize: context.batchSize,
      threads: context.currentThreads,
      chatWrapper: session.chatWrapper.wrapperName,
      llamaBuild: `${llama.buildType}${llama.gpu === false ? " cpu" : ` ${llama.gpu}`}`,
      cpuSystemInfo: llama.systemInfo.trim(),
      llamaBuffers,
    };
    return new RawBaseline(llama, model, context, session, info);
  }

  /**
   * The sequence's checkpoints: copies of its sliding-window KV cells that node-llama-cpp keeps outside llama.cpp's
   * buffers (electron/engine/sliding-window.ts), and how many tokens the sequence holds.
   */
  sequenceState(): { checkpointsMb: number; needsCheckpoints: boolean; tokens: number } {
    const sequence = this.session.sequence;
    return { checkpointsMb: sequence.checkpointsMemoryUsage / 1024 / 1024, needsCheckpoints: sequence.needsCheckpoints, tokens: sequence.nextTokenIndex };
  }

  countTokens(text: string): number {
    return this.model.tokenize(text).length;
  }

  /** A new conversation: what the engine does for a conversation its session does not hold. */
  newConversation(): void {
    this.session.setChatHistory([]);
  }

  /** One user message answered in the current conversation (the KV cache of earlier turns is reused). */
  async answer(text: string, sampling: Sampling): Promise<RawAnswer> {
    const { session } = this;
    const meter = session.sequence.tokenMeter;
    const inputBefore = meter.usedInputTokens;
    const outputBefore = meter.usedOutputTokens;
    let firstTokenAt: number | undefined;
    let lastTokenAt: number | undefined;
    let pieces = 0;
    const cpuBefore = ownCpuMs();
    const startedAt = performance.now();
    const result = await session.promptWithMeta(text, {
      ...promptOptions(sampling),
      onResponseChunk: (chunk) => {
        if (chunk.type !== undefined || chunk.text === "") return;
        const now = performance.now();
        // The generation phase starts here (as the rate does): the prompt's decode is not counted.
        if (firstTokenAt === undefined) this.nativeCalls.reset();
        firstTokenAt ??= now;
        lastTokenAt = now;
        pieces++;
      },
    });
    const endedAt = performance.now();
    const cpuMs = ownCpuMs() - cpuBefore;
    const native = this.nativeCalls.read();
    return {
      ...answerResult({
        startedAt,
        firstTokenAt,
        lastTokenAt,
        endedAt,
        promptTokens: meter.usedInputTokens - inputBefore,
        generatedTokens: meter.usedOutputTokens - outputBefore,
        pieces,
        stopReason: result.stopReason,
        cpuMs,
      }),
      textSha1: createHash("sha1").update(result.responseText).digest("hex"),
      native,
    };
  }

  async dispose(): Promise<void> {
    await this.context.dispose();
    await this.model.dispose();
    await this.llama.dispose();
  }
}

/** The engine's own mapping, so both sides of the comparison sample identically. */
export function promptOptions(sampling: Sampling): LLamaChatPromptOptions {
  return samplingOptions(sampling);
}
