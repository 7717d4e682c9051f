import { describe, expect, it } from "vitest";
import { pacedAnimationFrames, type FrameApi } from "../../renderer/src/state/frame-scheduler.ts";

/** A clock, timers and animation frames that move only when the test says so. */
class ManualFrames implements FrameApi {
  time = 0;
  private frames = new Map<number, () => void>();
  private timers = new Map<number, { at: number; callback: () => void }>();
  private next = 1;
  now = () => this.time;
  requestAnimationFrame = (callback: () => void) => (this.frames.set(this.next, callback), this.next++);
  cancelAnimationFrame = (handle: number) => void this.frames.delete(handle);
  setTimeout = (callback: () => void, ms: number) => (this.timers.set(this.next, { at: this.time + ms, callback }), this.next++);
  clearTimeout = (timer: unknown) => void this.timers.delete(timer as number);

  /** Advances the clock by one 60 Hz frame, firing due timers and then the frame's callbacks. */
  frame(): void {
    this.time += 1000 / 60;
    for (const [handle, timer] of [...this.timers]) {
      if (timer.at > this.time) continue;
      this.timers.delete(handle);
      timer.callback();
    }
    const due = [...this.frames.values()];
    this.frames.clear();
    for (const callback of due) callback();
  }
}

describe("paced animation frames", () => {
  it("runs the first request in the next frame and later ones no sooner than the interval", () => {
    const api = new ManualFrames();
    const scheduler = pacedAnimationFrames(40, api);
    const ranAt: number[] = [];
    const request = () => scheduler.request(() => ranAt.push(Math.round(api.time)));

    request();
    api.frame();
    expect(ranAt).toEqual([17]);

    request();
    for (let frame = 0; frame < 5; frame++) api.frame();
    // 40 ms after the last run is 57 ms: the first frame after that is the 4th (67 ms).
    expect(ranAt).toEqual([17, 67]);
  });

  it("does not hold back an update that comes after a quiet spell (a Pi's ~6 tokens/s)", () => {
    const api = new ManualFrames();
    const scheduler = pacedAnimationFrames(40, api);
    const ranAt: number[] = [];
    scheduler.request(() => ranAt.push(Math.round(api.time)));
    api.frame();
    for (let frame = 0; frame < 10; frame++) api.frame();
    scheduler.request(() => ranAt.push(Math.round(api.time)));
    api.frame();
    expect(ranAt).toEqual([17, 200]);
  });

  it("cancels a request whether it waits for its time or for its frame", () => {
    const api = new ManualFrames();
    const scheduler = pacedAnimationFrames(40, api);
    let runs = 0;
    scheduler.cancel(scheduler.request(() => runs++));
    api.frame();
    scheduler.request(() => runs++);
    api.frame();
    expect(runs).toBe(1);

    const waiting = scheduler.request(() => runs++);
    scheduler.cancel(waiting);
    for (let frame = 0; frame < 6; frame++) api.frame();
    expect(runs).toBe(1);
  });
});
