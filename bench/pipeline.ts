/** The bench process's handle on "ours" (bench/pipeline-host.ts in its own process). */
import { fileURLToPath } from "node:url";
import type { ModelInfo } from "../electron/common/contract/index.ts";
import { forkBenchChild, type BenchChild } from "./child.ts";
import type { ProcessMemory } from "./memory.ts";
import type { PipelineAnswer, PipelineOptions } from "./pipeline-host.ts";

const hostEntry = fileURLToPath(new URL("./pipeline-host.ts", import.meta.url));

export interface PipelineMemory {
  main: { sampledPeakRssMb: number; samples: number } & Partial<ProcessMemory>;
  engine: ({ pid: number } & Partial<ProcessMemory>) | undefined;
}

export class Pipeline {
  private constructor(
    private readonly child: BenchChild,
    readonly info: ModelInfo,
    readonly enginePid: number | undefined,
    /** The app settings the pipeline ran with (as `settings.get` returned them). */
    readonly settings: unknown,
  ) {}

  static async open(modelPath: string, options: PipelineOptions, echo = false): Promise<Pipeline> {
    const child = forkBenchChild(hostEntry, [], echo);
    try {
      const { info, enginePid, settings } = await child.request<{ info: ModelInfo; enginePid: number | undefined; settings: unknown }>("load", {
        modelPath,
        options,
      });
      return new Pipeline(child, info, enginePid, settings);
    } catch (error) {
      child.kill();
      throw error;
    }
  }

  get mainPid(): number | undefined {
    return this.child.process.pid;
  }

  newConversation(): Promise<string> {
    return this.child.request<string>("newConversation");
  }

  answer(conversationId: string, text: string, maxTokens: number): Promise<PipelineAnswer> {
    return this.child.request<PipelineAnswer>("answer", { conversationId, text, maxTokens });
  }

  /** Starts the local API over this pipeline's backend and engine; the model is named `model` there. */
  startApi(modelPath: string, sizeBytes: number): Promise<{ url: string; model: string }> {
    return this.child.request("startApi", { modelPath, sizeBytes });
  }

  /** Resolves once the engine is idle again after an answer it gave through the API. */
  settle(): Promise<{ ms: number; cpuMs: number }> {
    return this.child.request("settle");
  }

  memory(): Promise<PipelineMemory> {
    return this.child.request<PipelineMemory>("memory");
  }

  async dispose(): Promise<void> {
    await this.child.request("dispose").catch(() => undefined);
    this.child.kill();
  }
}
