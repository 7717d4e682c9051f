/** When to run a callback next: `requestAnimationFrame` in the app, a hand-cranked fake in tests. */
export interface FrameScheduler {
  request(callback: () => void): number;
  cancel(handle: number): void;
}

export const animationFrameScheduler: FrameScheduler = {
  request: (callback) => requestAnimationFrame(() => callback()),
  cancel: (handle) => cancelAnimationFrame(handle),
};

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
