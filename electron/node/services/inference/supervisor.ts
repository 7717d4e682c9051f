import {
  AppError,
  createRpcClient,
  engineContract,
  type EngineContract,
  type EngineStatus,
  type GenerationDelta,
  type GenerationRequest,
  type GenerationResult,
  type LoadMode,
  type LoadOptions,
  type ModelInfo,
  type RpcClient,
} from "../../../common/contract/index.ts";
import { describeExit } from "./exit-reason.ts";
import { LoadRateMeter } from "./load-meter.ts";
import { loadModeFor } from "./load-mode.ts";
import type { EngineExit, EngineProcess, SpawnEngine } from "./engine-process.ts";
import { defaultWatchdogBounds, stalledError, Watchdog, withinBound, type WatchdogBounds } from "./watchdog.ts";

export interface GenerateOptions {
  /** Stop: aborting cancels the engine's call, which then answers with what it has ("stopped"). */
  signal?: AbortSignal;
  /** Each piece of text as it comes (the streamed text is not repeated in the result). */
  onDelta?: (delta: GenerationDelta) => void;
}

export type { LoadOptions };

interface RunningEngine {
  process: EngineProcess;
  client: RpcClient<EngineContract>;
  /** Set when the supervisor ended this engine on purpose, so its exit is not reported as a crash. */
  endedBecause?: AppError;
  watchdog?: Watchdog;
  /** It has sent something since it started (its start-up is over). */
  heard: boolean;
  /** The rate of the load under way. */
  loadMeter?: LoadRateMeter;
}

/** How long Stop and Unload wait for the engine to answer before they end it instead. */
const answerBoundMs = 5_000;

/**
 * Owns the engine process: starts it, loads the chosen model, reports an explicit status, and after a
 * crash restarts it (reloading the model) on the next request. A load or an answer that makes no progress
 * within the watchdog's bounds ends the engine; loads wait their turn here, so one that hangs never holds
 * up the next. Everything it needs is injected.
 */
export class EngineSupervisor {
  private running: RunningEngine | undefined;
  private currentStatus: EngineStatus = { state: "no-model" };
  private readonly statusListeners = new Set<(status: EngineStatus) => void>();
  private modelPath: string | undefined;
  private model: ModelInfo | undefined;
  private loads: Promise<unknown> = Promise.resolve();
  /** Bumped by unload: loads asked for before it are not started any more. */
  private unloads = 0;

  constructor(
    private readonly spawn: SpawnEngine,
    private loadOptions: LoadOptions = {},
    private readonly bounds: WatchdogBounds = defaultWatchdogBounds,
    /** Read or mmap when the load options leave it open: load-mode.ts. */
    private readonly pickLoadMode: (modelPath: string) => Promise<LoadMode> = loadModeFor,
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

  /** Loads in turn: a load asked for while another runs starts when that one has ended, however it ends. */
  loadModel(modelPath: string): Promise<ModelInfo> {
    const unloadsBefore = this.unloads;
    const run = this.loads.then(() => {
      if (this.unloads !== unloadsBefore) throw new AppError("CANCELLED", "The model was unloaded before it finished loading");
      return this.load(modelPath);
    });
    this.loads = run.catch(() => undefined);
    return run;
  }

  /** Always answers: a load under way is ended with its engine, an engine that does not answer is ended too. */
  async unload(): Promise<void> {
    this.unloads++;
    this.modelPath = undefined;
    this.model = undefined;
    const engine = this.running;
    const state = this.currentStatus.state;
    if (engine && (state === "starting" || state === "loading")) {
      this.end(engine, new AppError("CANCELLED", "The model was unloaded before it finished loading"));
    } else if (engine) {
      const answered = await withinBound(engine.client.call("unload", {}).then(() => true, () => true), answerBoundMs);
      if (!answered) this.end(engine, new AppError("ENGINE_STALLED", `The engine did not answer Unload within ${answerBoundMs / 1000} s, so it was stopped`));
    }
    this.setStatus({ state: "no-model" });
  }

  /**
   * Generates one answer; after a crash the engine is restarted and the model reloaded first. Stop is the abort of
   * `signal`: an engine that does not answer it within a few seconds is ended (the call fails with ENGINE_STALLED).
   */
  async generate(request: GenerationRequest, { signal, onDelta }: GenerateOptions = {}): Promise<GenerationResult> {
    if (!this.model || !this.running) {
      if (!this.modelPath) throw new AppError("MODEL_NOT_LOADED", "Open a model before chatting");
      await this.loadModel(this.modelPath);
    }
    const engine = this.running;
    const model = this.model;
    if (!engine || !model) throw new AppError("MODEL_NOT_LOADED", "Open a model before chatting");
    this.setStatus({ state: "generating", model });
    let stopBound: ReturnType<typeof setTimeout> | undefined;
    const onStop = () => {
      stopBound = setTimeout(
        () => this.end(engine, new AppError("ENGINE_STALLED", `The engine did not answer Stop within ${answerBoundMs / 1000} s, so it was stopped`)),
        answerBoundMs,
      );
    };
    signal?.addEventListener("abort", onStop, { once: true });
    try {
      return await this.watched(engine, "answering", () =>
        engine.client.call("generate", request, {
          ...(signal && { signal }),
          onProgress: (delta) => {
            engine.watchdog?.heartbeat();
            onDelta?.(delta);
          },
        }),
      );
    } finally {
      clearTimeout(stopBound);
      signal?.removeEventListener("abort", onStop);
      if (this.running === engine && this.currentStatus.state === "generating") this.setStatus({ state: "ready", model });
    }
  }

  /** Ends the engine process for good (app quit). */
  dispose(): void {
    const engine = this.running;
    if (engine) this.end(engine, new AppError("CANCELLED", "The app is closing"));
  }

  private async load(modelPath: string): Promise<ModelInfo> {
    const engine = this.ensureRunning(modelPath);
    this.modelPath = modelPath;
    this.model = undefined;
    this.setStatus({ state: "loading", modelPath, progress: 0 });
    engine.loadMeter = new LoadRateMeter();
    try {
      const loadMode = this.loadOptions.loadMode ?? (await this.pickLoadMode(modelPath));
      const model = await this.watched(engine, "loading the model", () => engine.client.call("load", { modelPath, ...this.loadOptions, loadMode }));
      this.model = model;
      if (this.running === engine) this.setStatus({ state: "ready", model });
      return model;
    } catch (error) {
      const appError = error instanceof AppError ? error : new AppError("INTERNAL", String(error));
      // A crash may be bad luck (the next request retries); a model that is invalid or hangs the engine is forgotten.
      if (appError.code !== "ENGINE_CRASHED" && appError.code !== "OUT_OF_MEMORY") this.modelPath = undefined;
      if (this.running === engine || this.running === undefined) {
        if (appError.code !== "CANCELLED") this.setStatus({ state: "error", error: appError.toWire(), modelPath });
      }
      throw appError;
    }
  }

  /** Runs one engine call under the watchdog: no sign of progress within its bounds ends the engine. */
  private async watched<T>(engine: RunningEngine, doing: string, call: () => Promise<T>): Promise<T> {
    const watchdog = new Watchdog(this.bounds, (stall) => this.end(engine, stalledError(stall, doing)), engine.heard);
    engine.watchdog = watchdog;
    try {
      return await call();
    } finally {
      watchdog.stop();
      if (engine.watchdog === watchdog) engine.watchdog = undefined;
    }
  }

  /** Ends an engine on purpose: its pending calls fail with `reason`, and the next request starts a new one. */
  private end(engine: RunningEngine, reason: AppError): void {
    engine.watchdog?.stop();
    engine.endedBecause ??= reason;
    if (this.running === engine) {
      this.running = undefined;
      this.model = undefined;
    }
    engine.client.close(reason);
    engine.process.kill();
  }

  private ensureRunning(modelPath: string): RunningEngine {
    if (this.running) return this.running;
    this.setStatus({ state: "starting", modelPath });
    const child = this.spawn();
    const client = createRpcClient(child.transport, engineContract, { validateIncoming: true });
    const engine: RunningEngine = { process: child, client, heard: false };
    child.transport.onMessage(() => (engine.heard = true));
    client.on("loadProgress", ({ modelPath: loadingPath, progress, meter }) => {
      engine.watchdog?.heartbeat();
      if (this.running === engine && this.currentStatus.state === "loading") {
        this.setStatus({ state: "loading", modelPath: loadingPath, progress, meter: engine.loadMeter?.reading(meter) ?? meter });
      }
    });
    client.on("heartbeat", ({ work }) => engine.watchdog?.heartbeat(work));
    child.onExit((exit) => this.handleExit(engine, exit));
    this.running = engine;
    return engine;
  }

  private handleExit(engine: RunningEngine, exit: EngineExit): void {
    const lastLines = engine.process.lastOutputLines();
    if (engine.endedBecause) {
      if (engine.endedBecause.code === "ENGINE_STALLED") this.reportStall(engine.endedBecause, exit, lastLines);
      return;
    }
    if (this.running !== engine) return;
    this.running = undefined;
    this.model = undefined;
    const { code, reason } = describeExit(exit, lastLines);
    engine.client.close(new AppError(code, `The engine stopped unexpectedly: ${reason}`, { exitCode: exit.code, signal: exit.signal }));
    this.setStatus({
      state: "exited",
      reason,
      code,
      exitCode: exit.code,
      signal: exit.signal,
      lastLines: lastLines.slice(-10),
      ...(this.modelPath ? { modelPath: this.modelPath } : {}),
    });
  }

  /** A stalled answer keeps its model and the engine is started again with it; a stalled load has said so already. */
  private reportStall(error: AppError, exit: EngineExit, lastLines: string[]): void {
    const modelPath = this.modelPath;
    if (this.running !== undefined || !modelPath) return;
    this.setStatus({
      state: "exited",
      reason: error.message,
      code: error.code,
      exitCode: exit.code,
      signal: exit.signal,
      lastLines: lastLines.slice(-10),
      modelPath,
    });
    this.loadModel(modelPath).catch(() => undefined);
  }

  private setStatus(status: EngineStatus): void {
    this.currentStatus = status;
    for (const listener of this.statusListeners) listener(status);
  }
}
