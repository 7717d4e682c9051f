import { AppError, type ProgramActivity } from "../../common/contract/index.ts";

interface Waiter {
  grant: (release: () => void) => void;
  fail: (error: AppError) => void;
  preempted: () => void;
  program: ProgramActivity | null;
}

/** How long programs are held back for a desktop answer that was announced but never started (its load failed, say). */
const desktopHoldMs = 10_000;

export interface GenerationQueueOptions {
  /** Requests that may wait for the engine; one more is refused (HTTP 503 with Retry-After). */
  maxWaiting: number;
  /** The person at the screen goes first: while this is true nothing is granted. */
  desktopBusy: () => boolean;
  /** Called when `desktopBusy` may have changed. */
  onDesktopChange: (listener: () => void) => () => void;
}

/**
 * The engine answers one prompt at a time; API requests take turns here, in arrival order, and wait while the
 * desktop chat is answering. A request whose client leaves while it waits gives up its place.
 */
export class GenerationQueue {
  private running: Waiter | undefined;
  private readonly waiting: Waiter[] = [];
  private idle: (() => void)[] = [];
  /** The desktop asked for the engine: nothing is granted until its answer has started (then `desktopBusy` holds). */
  private held: ReturnType<typeof setTimeout> | undefined;
  private readonly stopWatching: () => void;
  private readonly activityListeners = new Set<(program: ProgramActivity | null) => void>();

  constructor(private readonly options: GenerationQueueOptions) {
    this.stopWatching = options.onDesktopChange(() => this.next());
  }

  get waitingCount(): number {
    return this.waiting.length;
  }

  get busy(): boolean {
    return this.running !== undefined;
  }

  /**
   * The person at the screen wants an answer: the program's answer under way is stopped (`onPreempt`), no other is
   * started, and this resolves once the engine is free.
   */
  async yieldToDesktop(): Promise<void> {
    clearTimeout(this.held);
    this.held = setTimeout(() => {
      this.held = undefined;
      this.next();
    }, desktopHoldMs);
    this.held.unref?.();
    const running = this.running;
    if (!running) return;
    running.preempted();
    await new Promise<void>((resolve) => this.idle.push(resolve));
  }

  /** Told which program has the engine whenever that changes (null: none). */
  onActivity(listener: (program: ProgramActivity | null) => void): () => void {
    this.activityListeners.add(listener);
    return () => this.activityListeners.delete(listener);
  }

  /**
   * Resolves with the function that hands the engine on; rejects with RATE_LIMITED when the queue is full.
   * `onPreempt` is called if the desktop chat needs the engine while this request has it; `program` is who is asking.
   */
  acquire(signal: AbortSignal, onPreempt: () => void = () => {}, program: ProgramActivity | null = null): Promise<() => void> {
    if (this.waiting.length >= this.options.maxWaiting) {
      return Promise.reject(new AppError("RATE_LIMITED", `The engine is busy and ${this.waiting.length} requests are already waiting: try again later`));
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        grant: (release) => {
          signal.removeEventListener("abort", leave);
          resolve(release);
        },
        fail: reject,
        preempted: onPreempt,
        program,
      };
      const leave = () => {
        const index = this.waiting.indexOf(waiter);
        if (index !== -1) this.waiting.splice(index, 1);
        reject(new AppError("CANCELLED", "The client went away while waiting"));
      };
      if (signal.aborted) return leave();
      signal.addEventListener("abort", leave, { once: true });
      this.waiting.push(waiter);
      this.next();
    });
  }

  dispose(): void {
    clearTimeout(this.held);
    this.stopWatching();
    for (const waiter of this.waiting.splice(0)) waiter.fail(new AppError("UNAVAILABLE", "The API is shutting down"));
    if (this.running) this.announce(null);
    this.activityListeners.clear();
  }

  private announce(program: ProgramActivity | null): void {
    for (const listener of this.activityListeners) listener(program);
  }

  private next(): void {
    if (this.running) return;
    for (const resolve of this.idle.splice(0)) resolve();
    if (this.options.desktopBusy()) {
      clearTimeout(this.held);
      this.held = undefined;
      return;
    }
    if (this.held) return;
    const waiter = this.waiting.shift();
    if (!waiter) return;
    this.running = waiter;
    this.announce(waiter.program);
    let released = false;
    waiter.grant(() => {
      if (released) return;
      released = true;
      this.running = undefined;
      this.next();
      // Handed straight on: the next program was announced instead.
      if (!this.running) this.announce(null);
    });
  }
}
