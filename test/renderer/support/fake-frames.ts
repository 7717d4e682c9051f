import type { FrameScheduler } from "../../../renderer/src/state/frame-scheduler.ts";

/** A requestAnimationFrame that runs only when the test says a frame has passed. */
export class FakeFrames implements FrameScheduler {
  private callbacks = new Map<number, () => void>();
  private nextHandle = 1;

  request(callback: () => void): number {
    const handle = this.nextHandle++;
    this.callbacks.set(handle, callback);
    return handle;
  }

  cancel(handle: number): void {
    this.callbacks.delete(handle);
  }

  get pending(): number {
    return this.callbacks.size;
  }

  /** Runs every callback requested before this frame. */
  frame(): void {
    const due = [...this.callbacks.values()];
    this.callbacks.clear();
    for (const callback of due) callback();
  }
}
