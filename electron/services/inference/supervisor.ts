import {
  AppError,
  createRpcClient,
  engineContract,
  type EngineContract,
  type EngineStatus,
  type ModelInfo,
  type ParamsOf,
  type ResultOf,
  type RpcClient,
} from "../../contract/index.ts";
import { describeExit } from "./exit-reason.ts";
import type { EngineExit, EngineProcess, SpawnEngine } from "./engine-process.ts";

export type PromptParams = ParamsOf<EngineContract, "prompt">;
export type PromptResult = ResultOf<EngineContract, "prompt">;
export type DeltaListener = (delta: { text: string; tokens: number }) => void;

export interface LoadOptions {
  threads?: number;
  contextSize?: number;
  batchSize?: number;
}

interface RunningEngine {
  process: EngineProcess;
  client: RpcClient<EngineContract>;
}

/**
 * Owns the engine process: starts it, loads the chosen model, reports an explicit status, and after a
 * crash restarts it (reloading the model) on the next request. Everything it needs is injected.
 */
export class EngineSupervisor {
  private running: RunningEngine | undefined;
  private currentStatus: EngineStatus = { state: "no-model" };
  private readonly statusListeners = new Set<(status: EngineStatus) => void>();
  private modelPath: string | undefined;
  private model: ModelInfo | undefined;
  private onDelta: DeltaListener | undefined;

  constructor(
    private readonly spawn: SpawnEngine,
    private loadOptions: LoadOptions = {},
  ) {}

  get status(): EngineStatus {
    return this.currentStatus;
  }

  get pid(): number | undefined {
    return this.running?.process.pid;
  }

  onStatus(listener: (status: EngineStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  setLoadOptions(options: LoadOptions): void {
    this.loadOptions = options;
  }

  async loadModel(modelPath: string): Promise<ModelInfo> {
    const engine = this.ensureRunning(modelPath);
    this.modelPath = modelPath;
    this.model = undefined;
    this.setStatus({ state: "loading", modelPath, progress: 0 });
    try {
      const model = await engine.client.call("load", { modelPath, ...this.loadOptions });
      this.model = model;
      if (this.running === engine) this.setStatus({ state: "ready", model });
      return model;
    } catch (error) {
      const appError = error instanceof AppError ? error : new AppError("INTERNAL", String(error));
      if (appError.code !== "ENGINE_CRASHED" && appError.code !== "OUT_OF_MEMORY") this.modelPath = undefined;
      if (this.running === engine) this.setStatus({ state: "error", error: appError.toWire(), modelPath });
      throw appError;
    }
  }

  async unload(): Promise<void> {
    this.modelPath = undefined;
    this.model = undefined;
    if (this.running) await this.running.client.call("unload", {});
    this.setStatus({ state: "no-model" });
  }

  /** Streams an answer; after a crash the engine is restarted and the model reloaded first. */
  async prompt(params: PromptParams, onDelta: DeltaListener, signal?: AbortSignal): Promise<PromptResult> {
    if (!this.model || !this.running) {
      if (!this.modelPath) throw new AppError("MODEL_NOT_LOADED", "Open a model before chatting");
      await this.loadModel(this.modelPath);
    }
    const engine = this.running;
    const model = this.model;
    if (!engine || !model) throw new AppError("MODEL_NOT_LOADED", "Open a model before chatting");
    this.onDelta = onDelta;
    this.setStatus({ state: "generating", model, conversationId: params.conversationId });
    try {
      return await engine.client.call("prompt", params, signal ? { signal } : {});
    } finally {
      this.onDelta = undefined;
      if (this.running === engine && this.currentStatus.state === "generating") this.setStatus({ state: "ready", model });
    }
  }

  async stop(): Promise<boolean> {
    if (!this.running || this.currentStatus.state !== "generating") return false;
    return (await this.running.client.call("stop", {})).stopped;
  }

  async forget(conversationId: string): Promise<void> {
    if (this.running) await this.running.client.call("forget", { conversationId });
  }

  /** Ends the engine process for good (app quit). */
  dispose(): void {
    const engine = this.running;
    this.running = undefined;
    if (!engine) return;
    engine.client.close(new AppError("CANCELLED", "The app is closing"));
    engine.process.kill();
  }

  private ensureRunning(modelPath: string): RunningEngine {
    if (this.running) return this.running;
    this.setStatus({ state: "starting", modelPath });
    const child = this.spawn();
    const client = createRpcClient(child.transport, engineContract, { validateIncoming: true });
    const engine: RunningEngine = { process: child, client };
    client.on("loadProgress", ({ modelPath: loadingPath, progress }) => {
      if (this.running === engine && this.currentStatus.state === "loading") {
        this.setStatus({ state: "loading", modelPath: loadingPath, progress });
      }
    });
    client.on("delta", ({ text, tokens }) => this.onDelta?.({ text, tokens }));
    child.onExit((exit) => this.handleExit(engine, exit));
    this.running = engine;
    return engine;
  }

  private handleExit(engine: RunningEngine, exit: EngineExit): void {
    if (this.running !== engine) return;
    this.running = undefined;
    this.model = undefined;
    const lastLines = engine.process.lastOutputLines();
    const { code, reason } = describeExit(exit, lastLines);
    engine.client.close(new AppError(code, `The engine stopped unexpectedly: ${reason}`, { exitCode: exit.code, signal: exit.signal }));
    this.setStatus({
      state: "exited",
      reason,
      exitCode: exit.code,
      signal: exit.signal,
      lastLines: lastLines.slice(-10),
      ...(this.modelPath ? { modelPath: this.modelPath } : {}),
    });
  }

  private setStatus(status: EngineStatus): void {
    this.currentStatus = status;
    for (const listener of this.statusListeners) listener(status);
  }
}
