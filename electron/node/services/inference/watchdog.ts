import { AppError } from "../../../common/contract/index.ts";

/** How long the engine may go without a sign of life, or without progress, before it is stopped. */
export interface WatchdogBounds {
  /** From the request to the engine's first heartbeat (the process may still be starting). */
  startMs: number;
  /** Between heartbeats: silence means the process is stopped or its event loop is stuck. */
  silentMs: number;
  /** Heartbeats whose work does not change: a load or an evaluation that gets nowhere. */
  stalledMs: number;
}

/**
 * Generous on purpose: the engine's work counter moves with every load step and every evaluated batch, and it sends
 * a heartbeat every second meanwhile, so two minutes without progress (or 20 s of silence) is a hang, not a slow Pi.
 * The watchdog test (test/engine/watchdog.test.ts) uses shorter bounds.
 */
export const defaultWatchdogBounds: WatchdogBounds = { startMs: 60_000, silentMs: 20_000, stalledMs: 120_000 };

export interface Stall {
  kind: "silent" | "stalled";
  /** How long it waited, for the user's message. */
  waitedMs: number;
}

/** Watches one engine call: call `heartbeat` on every sign from the engine; `onStall` fires once if a bound passes. */
export class Watchdog {
  private silence: ReturnType<typeof setTimeout> | undefined;
  private stall: ReturnType<typeof setTimeout> | undefined;
  private lastWork: number | undefined;
  private stopped = false;

  /** `started`: the engine has been heard from already, so it gets no start-up allowance. */
  constructor(
    private readonly bounds: WatchdogBounds,
    private readonly onStall: (stall: Stall) => void,
    started: boolean,
  ) {
    const allowance = started ? 0 : bounds.startMs;
    this.armSilence(started ? bounds.silentMs : bounds.startMs);
    this.armStall(allowance + bounds.stalledMs);
  }

  /** A heartbeat; `work` undefined means progress in itself (a streamed token, a load step). */
  heartbeat(work?: number): void {
    if (this.stopped) return;
    this.armSilence(this.bounds.silentMs);
    if (work === undefined || work !== this.lastWork) {
      this.lastWork = work ?? this.lastWork;
      this.armStall(this.bounds.stalledMs);
    }
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.silence);
    clearTimeout(this.stall);
  }

  private armSilence(ms: number): void {
    clearTimeout(this.silence);
    this.silence = setTimeout(() => this.fire({ kind: "silent", waitedMs: ms }), ms);
  }

  private armStall(ms: number): void {
    clearTimeout(this.stall);
    this.stall = setTimeout(() => this.fire({ kind: "stalled", waitedMs: ms }), ms);
  }

  private fire(stall: Stall): void {
    if (this.stopped) return;
    this.stop();
    this.onStall(stall);
  }
}

/** The error a stalled call fails with. */
export function stalledError(stall: Stall, doing: string): AppError {
  const seconds = Math.round(stall.waitedMs / 1000);
  const what = stall.kind === "silent" ? `stopped responding for ${seconds} s` : `made no progress for ${seconds} s`;
  return new AppError("ENGINE_STALLED", `The engine ${what} while ${doing}, so it was stopped`, { waitedMs: stall.waitedMs, kind: stall.kind });
}

/** The promise's value, or undefined when it takes longer than `ms`. */
export async function withinBound<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
