import { initialState, type AppState } from "./app-state.ts";
import { createFrameNotifier, type FrameScheduler } from "./frame-scheduler.ts";

/** "frame": batch with everything else that happens before the next animation frame (token deltas). */
export type Urgency = "now" | "frame";

export interface StateContainer {
  /** The latest state, including changes not yet shown (what actions read). */
  getState(): AppState;
  /** The state as last published to subscribers (what React renders): changes only when they are told. */
  getSnapshot(): AppState;
  subscribe(listener: () => void): () => void;
  update(change: (state: AppState) => AppState, urgency: Urgency): void;
  dispose(): void;
}

export function createStateContainer(scheduler: FrameScheduler, initial: AppState = initialState): StateContainer {
  let current = initial;
  let published = initial;
  const listeners = new Set<() => void>();

  const notifier = createFrameNotifier(() => {
    if (published === current) return;
    published = current;
    for (const listener of [...listeners]) listener();
  }, scheduler);

  return {
    getState: () => current,
    getSnapshot: () => published,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    update(change, urgency) {
      const next = change(current);
      if (next === current) return;
      current = next;
      if (urgency === "now") notifier.flushNow();
      else notifier.schedule();
    },
    dispose: () => notifier.dispose(),
  };
}
