import type { EngineStatus, ModelInfo } from "../../../common/contract/index.ts";

/** What the keep-alive needs of the engine supervisor. */
export interface KeepAliveEngine {
  readonly status: EngineStatus;
  onStatus(listener: (status: EngineStatus) => void): () => void;
  loadModel(modelPath: string): Promise<ModelInfo>;
  unload(): Promise<void>;
}

export interface IdleTimers {
  start(callback: () => void, ms: number): unknown;
  cancel(handle: unknown): void;
}

export const systemTimers: IdleTimers = {
  start: (callback, ms) => setTimeout(callback, ms).unref(),
  cancel: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface KeepAliveOptions {
  engine: KeepAliveEngine;
  /** The `model.keepAlive` setting: "forever", or minutes of idleness before the model is unloaded. */
  idleMinutes: () => number | "forever";
  timers?: IdleTimers;
  onError?: (error: unknown) => void;
}

/**
 * Unloads the model after the chosen number of idle minutes (the countdown restarts whenever the engine
 * becomes ready again, i.e. after every answer) and loads it again before the next prompt: wire
 * `ensureLoaded` as the chat service's `beforePrompt`. The supervisor forgets a model it unloads, so the
 * path to reload is kept here.
 */
export class KeepAlive {
  private timer: unknown;
  private releasedPath: string | undefined;
  private readonly timers: IdleTimers;
  private readonly stopListening: () => void;

  constructor(private readonly options: KeepAliveOptions) {
    this.timers = options.timers ?? systemTimers;
    this.stopListening = options.engine.onStatus((status) => this.statusChanged(status));
    this.statusChanged(options.engine.status);
  }

  /** The model unloaded for idleness, if any (the next prompt reloads it). */
  get unloadedModelPath(): string | undefined {
    return this.releasedPath;
  }

  /** Call when `model.keepAlive` changes: the countdown restarts with the new duration. */
  settingsChanged(): void {
    this.statusChanged(this.options.engine.status);
  }

  /** Before a prompt: reloads the model this service unloaded, or restarts the countdown. */
  async ensureLoaded(): Promise<void> {
    const { engine } = this.options;
    if (engine.status.state === "no-model" && this.releasedPath !== undefined) {
      await engine.loadModel(this.releasedPath);
      return;
    }
    this.statusChanged(engine.status);
  }

  dispose(): void {
    this.disarm();
    this.stopListening();
  }

  private statusChanged(status: EngineStatus): void {
    if (status.state === "ready" || status.state === "generating" || status.state === "loading") this.releasedPath = undefined;
    if (status.state === "ready") this.arm();
    else this.disarm();
  }

  private arm(): void {
    this.disarm();
    const minutes = this.options.idleMinutes();
    if (minutes === "forever") return;
    this.timer = this.timers.start(() => void this.idle(), minutes * 60_000);
  }

  private disarm(): void {
    if (this.timer === undefined) return;
    this.timers.cancel(this.timer);
    this.timer = undefined;
  }

  private async idle(): Promise<void> {
    this.timer = undefined;
    const status = this.options.engine.status;
    if (status.state !== "ready") return;
    try {
      await this.options.engine.unload();
      this.releasedPath = status.model.path;
    } catch (error) {
      this.options.onError?.(error);
    }
  }
}
