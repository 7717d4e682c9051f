// @vitest-environment node
import { describe, expect, it } from "vitest";
import type { EngineStatus } from "../../electron/common/contract/index.ts";
import { KeepAlive, type IdleTimers, type KeepAliveEngine } from "../../electron/node/services/chat/keep-alive.ts";
import { fakeModel } from "./support/chat-harness.ts";

/** Timers that only fire when the test says so. */
function manualTimers() {
  const pending = new Map<number, { callback: () => void; ms: number }>();
  let nextHandle = 1;
  const timers: IdleTimers = {
    start: (callback, ms) => {
      pending.set(nextHandle, { callback, ms });
      return nextHandle++;
    },
    cancel: (handle) => void pending.delete(handle as number),
  };
  return {
    timers,
    durations: () => [...pending.values()].map((timer) => timer.ms),
    fireAll: () => {
      const due = [...pending.values()];
      pending.clear();
      for (const timer of due) timer.callback();
    },
  };
}

/** The supervisor's status, load and unload, without an engine. */
function fakeSupervisor(): KeepAliveEngine & { status: EngineStatus; calls: string[]; setStatus(status: EngineStatus): void } {
  const listeners = new Set<(status: EngineStatus) => void>();
  const calls: string[] = [];
  const engine = {
    status: { state: "no-model" } as EngineStatus,
    calls,
    setStatus(status: EngineStatus) {
      engine.status = status;
      for (const listener of listeners) listener(status);
    },
    onStatus(listener: (status: EngineStatus) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async loadModel(modelPath: string) {
      calls.push(`load ${modelPath}`);
      engine.setStatus({ state: "ready", model: fakeModel });
      return fakeModel;
    },
    async unload() {
      calls.push("unload");
      engine.setStatus({ state: "no-model" });
    },
  };
  return engine;
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("the keep-alive", () => {
  it("unloads the model after the idle minutes and reloads it before the next prompt", async () => {
    const engine = fakeSupervisor();
    const clock = manualTimers();
    const keepAlive = new KeepAlive({ engine, idleMinutes: () => 5, timers: clock.timers });

    engine.setStatus({ state: "ready", model: fakeModel });
    expect(clock.durations()).toEqual([5 * 60_000]);
    clock.fireAll();
    await settle();
    expect(engine.calls).toEqual(["unload"]);
    expect(keepAlive.unloadedModelPath).toBe(fakeModel.path);

    await keepAlive.ensureLoaded();
    expect(engine.calls).toEqual(["unload", `load ${fakeModel.path}`]);
    expect(keepAlive.unloadedModelPath).toBeUndefined();
    expect(clock.durations()).toEqual([5 * 60_000]);
    keepAlive.dispose();
    expect(clock.durations()).toEqual([]);
  });

  it("does not count time spent answering, and restarts the countdown after each answer", async () => {
    const engine = fakeSupervisor();
    const clock = manualTimers();
    new KeepAlive({ engine, idleMinutes: () => 2, timers: clock.timers });
    engine.setStatus({ state: "ready", model: fakeModel });
    engine.setStatus({ state: "generating", model: fakeModel });
    expect(clock.durations()).toEqual([]);
    engine.setStatus({ state: "ready", model: fakeModel });
    expect(clock.durations()).toEqual([2 * 60_000]);
  });

  it("keeps the model loaded with 'forever', and picks up a changed setting at once", async () => {
    const engine = fakeSupervisor();
    const clock = manualTimers();
    let minutes: number | "forever" = "forever";
    const keepAlive = new KeepAlive({ engine, idleMinutes: () => minutes, timers: clock.timers });
    engine.setStatus({ state: "ready", model: fakeModel });
    expect(clock.durations()).toEqual([]);
    minutes = 10;
    keepAlive.settingsChanged();
    expect(clock.durations()).toEqual([10 * 60_000]);
  });

  it("leaves alone a model the user unloaded, and one that is busy when the timer fires", async () => {
    const engine = fakeSupervisor();
    const clock = manualTimers();
    const keepAlive = new KeepAlive({ engine, idleMinutes: () => 1, timers: clock.timers });
    engine.setStatus({ state: "ready", model: fakeModel });
    await engine.unload();
    await keepAlive.ensureLoaded();
    expect(engine.calls).toEqual(["unload"]);

    engine.setStatus({ state: "ready", model: fakeModel });
    const fire = clock.fireAll;
    engine.status = { state: "generating", model: fakeModel };
    fire();
    await settle();
    expect(engine.calls).toEqual(["unload"]);
  });
});

describe("the keep-alive with programs' keep_alive", () => {
  const start = 1_000_000;

  it("keeps the model until the later of the desktop's countdown and a program's request, and reports that time", async () => {
    const engine = fakeSupervisor();
    const clock = manualTimers();
    let now = start;
    const keepAlive = new KeepAlive({ engine, idleMinutes: () => 5, timers: clock.timers, now: () => now });
    engine.setStatus({ state: "ready", model: fakeModel });
    expect(keepAlive.expiresAt()).toBe(start + 5 * 60_000);

    keepAlive.holdForPrograms(60 * 60_000);
    expect(clock.durations()).toEqual([60 * 60_000]);
    expect(keepAlive.expiresAt()).toBe(start + 60 * 60_000);

    // A shorter request later does not cut the desktop's countdown short.
    now += 1_000;
    keepAlive.holdForPrograms(10_000);
    expect(keepAlive.expiresAt()).toBe(now + 5 * 60_000);
    clock.fireAll();
    await settle();
    expect(engine.calls).toEqual(["unload"]);
    expect(keepAlive.expiresAt()).toBeUndefined();
  });

  it("keeps a program's duration for the model (a request without keep_alive restarts it), forgets it with the model, and keeps it forever when asked", () => {
    const engine = fakeSupervisor();
    const clock = manualTimers();
    let now = start;
    const keepAlive = new KeepAlive({ engine, idleMinutes: () => 1, timers: clock.timers, now: () => now });
    engine.setStatus({ state: "ready", model: fakeModel });
    keepAlive.holdForPrograms(30 * 60_000);
    now += 20 * 60_000;
    keepAlive.holdForPrograms(undefined);
    expect(keepAlive.expiresAt()).toBe(now + 30 * 60_000);

    engine.setStatus({ state: "no-model" });
    engine.setStatus({ state: "ready", model: fakeModel });
    keepAlive.holdForPrograms(undefined);
    expect(keepAlive.expiresAt()).toBe(now + 60_000);

    keepAlive.holdForPrograms(Infinity);
    expect(keepAlive.expiresAt()).toBe(Infinity);
    expect(clock.durations()).toEqual([]);
  });

  it("waits out a hold longer than a timer can in turns, and unloads for keep_alive 0 so the next prompt loads it again", async () => {
    const engine = fakeSupervisor();
    const clock = manualTimers();
    const keepAlive = new KeepAlive({ engine, idleMinutes: () => 1, timers: clock.timers, now: () => start });
    engine.setStatus({ state: "ready", model: fakeModel });
    keepAlive.holdForPrograms(30 * 24 * 3_600_000);
    expect(clock.durations()).toEqual([2_147_483_647]);
    clock.fireAll();
    expect(clock.durations()).toEqual([30 * 24 * 3_600_000 - 2_147_483_647]);
    expect(engine.calls).toEqual([]);

    await keepAlive.unloadForPrograms();
    expect(engine.calls).toEqual(["unload"]);
    await keepAlive.ensureLoaded();
    expect(engine.calls).toEqual(["unload", `load ${fakeModel.path}`]);
  });
});
