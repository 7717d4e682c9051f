import { AppError } from "../../common/contract/index.ts";

interface Waiter {
  grant: (release: () => void) => void;
  fail: (error: AppError) => void;
}

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
  private running = false;
  private readonly waiting: Waiter[] = [];
  private readonly stopWatching: () => void;

  constructor(private readonly options: GenerationQueueOptions) {
    this.stopWatching = options.onDesktopChange(() => this.next());
  }

  get waitingCount(): number {
    return this.waiting.length;
  }

  get busy(): boolean {
    return this.running;
  }

  /** Resolves with the function that hands the engine on; rejects with RATE_LIMITED when the queue is full. */
  acquire(signal: AbortSignal): Promise<() => void> {
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
    this.stopWatching();
    for (const waiter of this.waiting.splice(0)) waiter.fail(new AppError("UNAVAILABLE", "The API is shutting down"));
  }

  private next(): void {
    if (this.running || this.options.desktopBusy()) return;
    const waiter = this.waiting.shift();
    if (!waiter) return;
    this.running = true;
    let released = false;
    waiter.grant(() => {
      if (released) return;
      released = true;
      this.running = false;
      this.next();
    });
  }
}
