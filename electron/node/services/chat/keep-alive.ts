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

/** setTimeout's largest delay (@types/node timers.d.ts, from Node's timers documentation: a larger delay is set to 1). */
const maxTimerMs = 2_147_483_647;

export interface KeepAliveOptions {
  engine: KeepAliveEngine;
  /** The `model.keepAlive` setting: "forever", or minutes of idleness before the model is unloaded. */
  idleMinutes: () => number | "forever";
  timers?: IdleTimers;
  /** Wall-clock milliseconds (tests). */
  now?: () => number;
  onError?: (error: unknown) => void;
}

/**
 * Unloads the model after the chosen number of idle minutes (the countdown restarts whenever the engine
 * becomes ready again, i.e. after every answer) and loads it again before the next prompt: wire
 * `ensureLoaded` as the chat service's `beforePrompt`. The supervisor forgets a model it unloads, so the
 * path to reload is kept here.
 *
 * Programs (the local API's `keep_alive`) may ask for the model to stay longer: the later of the two expiries wins,
 * so a program never unloads the model sooner than the desktop's setting would (except `keep_alive: 0`, an explicit
 * "unload now"; the desktop's next prompt loads it again), and the desktop's setting never cuts short what a program
 * asked for. Among programs, as in Ollama's scheduler (server/sched.go at ollama/ollama@fb30760: useLoadedRunner
 * replaces the runner's sessionDuration, and the timer restarts when a request finishes), the latest request's
 * duration replaces the one before and sticks to the loaded model until it is unloaded.
 */
export class KeepAlive {
  private timer: unknown;
  /** When the armed countdown unloads the model (wall-clock ms; Infinity: never). */
  private deadline: number | undefined;
  private releasedPath: string | undefined;
  /** How long programs last asked the loaded model to stay after their request, and until when that holds. */
  private programHold: { modelPath: string; ms: number; until: number } | undefined;
  private readonly timers: IdleTimers;
  private readonly now: () => number;
  private readonly stopListening: () => void;

  constructor(private readonly options: KeepAliveOptions) {
    this.timers = options.timers ?? systemTimers;
    this.now = options.now ?? Date.now;
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

  /**
   * A program's request on the loaded model ended: it stays loaded at least `ms` from now (Infinity: until unloaded
   * otherwise). Without `ms`, the duration the last program gave for this model applies again, if any.
   */
  holdForPrograms(ms: number | undefined): void {
    const status = this.options.engine.status;
    if (status.state !== "ready" && status.state !== "generating") return;
    const modelPath = status.model.path;
    const held = ms ?? (this.programHold?.modelPath === modelPath ? this.programHold.ms : undefined);
    if (held === undefined) return;
    this.programHold = { modelPath, ms: held, until: this.now() + held };
    if (status.state === "ready") this.arm();
  }

  /** A program asked for the model to go now (`keep_alive: 0`); the desktop's next prompt loads it again. */
  async unloadForPrograms(): Promise<void> {
    const status = this.options.engine.status;
    if (status.state !== "ready") return;
    await this.options.engine.unload();
    this.releasedPath = status.model.path;
  }

  /**
   * When the loaded model will be unloaded (wall-clock ms; Infinity: never); undefined with none loaded. While it
   * answers, the countdown has not started: this is when it would end if the answer ended now.
   */
  expiresAt(): number | undefined {
    const state = this.options.engine.status.state;
    if (state === "ready") return this.deadline;
    return state === "generating" ? this.nextDeadline(this.now()) : undefined;
  }

  dispose(): void {
    this.disarm();
    this.stopListening();
  }

  private statusChanged(status: EngineStatus): void {
    if (status.state === "ready" || status.state === "generating" || status.state === "loading") this.releasedPath = undefined;
    const loadedPath = status.state === "ready" || status.state === "generating" ? status.model.path : undefined;
    if (this.programHold && this.programHold.modelPath !== loadedPath) this.programHold = undefined;
    if (status.state === "ready") this.arm();
    else this.disarm();
  }

  /** The later of the desktop's idle countdown, starting now, and what programs asked for. */
  private nextDeadline(now: number): number {
    const minutes = this.options.idleMinutes();
    const desktop = minutes === "forever" ? Infinity : now + minutes * 60_000;
    return Math.max(desktop, this.programHold?.until ?? -Infinity);
  }

  private arm(): void {
    this.disarm();
    const now = this.now();
    const deadline = this.nextDeadline(now);
    this.deadline = deadline;
    if (deadline !== Infinity) this.schedule(deadline, now);
  }

  /** Node's timers hold at most 2^31-1 ms (about 24.8 days; a longer delay fires at once): longer waits take turns. */
  private schedule(deadline: number, now: number): void {
    const delay = Math.max(0, deadline - now);
    this.timer = this.timers.start(() => {
      this.timer = undefined;
      if (delay > maxTimerMs) this.schedule(deadline, now + maxTimerMs);
      else void this.idle();
    }, Math.min(delay, maxTimerMs));
  }

  private disarm(): void {
    this.deadline = undefined;
    if (this.timer === undefined) return;
    this.timers.cancel(this.timer);
    this.timer = undefined;
  }

  private async idle(): Promise<void> {
    this.deadline = undefined;
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
