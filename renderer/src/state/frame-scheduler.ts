/** When to run a callback next: `requestAnimationFrame` in the app, a hand-cranked fake in tests. */
export interface FrameScheduler {
  request(callback: () => void): number;
  cancel(handle: number): void;
}

export interface FrameApi {
  requestAnimationFrame(callback: () => void): number;
  cancelAnimationFrame(handle: number): void;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(timer: unknown): void;
  now(): number;
}

const browserFrames: FrameApi = {
  requestAnimationFrame: (callback) => requestAnimationFrame(() => callback()),
  cancelAnimationFrame: (handle) => cancelAnimationFrame(handle),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
  now: () => performance.now(),
};

/**
 * Animation frames, at most one per `minIntervalMs`: what is scheduled within that time waits for the first frame
 * after it. Streamed tokens are then shown in batches of a few, and the frames in between stay free for the
 * browser: a Pi-class CPU cannot parse, lay out and paint a growing answer 60 times a second. (At a Pi's
 * ~6 tokens/s each token still shows in the next frame.)
 */
export function pacedAnimationFrames(minIntervalMs: number, api: FrameApi = browserFrames): FrameScheduler {
  let lastFrameAt = -Infinity;
  let nextHandle = 1;
  const waiting = new Map<number, { timer?: unknown; frame?: number }>();
  return {
    request(callback) {
      const handle = nextHandle++;
      const entry: { timer?: unknown; frame?: number } = {};
      waiting.set(handle, entry);
      const run = () => {
        waiting.delete(handle);
        lastFrameAt = api.now();
        callback();
      };
      const wait = lastFrameAt + minIntervalMs - api.now();
      if (wait <= 0) entry.frame = api.requestAnimationFrame(run);
      else entry.timer = api.setTimeout(() => (entry.frame = api.requestAnimationFrame(run)), wait);
      return handle;
    },
    cancel(handle) {
      const entry = waiting.get(handle);
      if (!entry) return;
      waiting.delete(handle);
      if (entry.frame !== undefined) api.cancelAnimationFrame(entry.frame);
      else api.clearTimeout(entry.timer);
    },
  };
}

/** The app's pace for batched updates (streamed tokens, import progress): at most 25 updates a second. */
export const animationFrameScheduler: FrameScheduler = pacedAnimationFrames(40);

/**
 * Coalesces notifications: `schedule()` any number of times within a frame runs `notify` once at the
 * next frame; `flushNow()` notifies at once and drops the pending frame (its news is included).
 */
export function createFrameNotifier(notify: () => void, scheduler: FrameScheduler) {
  let pending: number | undefined;
  return {
    schedule() {
      if (pending !== undefined) return;
      pending = scheduler.request(() => {
        pending = undefined;
        notify();
      });
    },
    flushNow() {
      if (pending !== undefined) scheduler.cancel(pending);
      pending = undefined;
      notify();
    },
    dispose() {
      if (pending !== undefined) scheduler.cancel(pending);
      pending = undefined;
    },
  };
}
