import type { LoadMeter } from "../../../common/contract/index.ts";
import { createSpeedMeter, type SpeedMeter } from "../library/speed-meter.ts";

/** The rate is the bytes of the last 5 s (the downloads' meter): one fast or slow step barely moves it. */
const windowMs = 5000;
/** A rate is shown once it spans this long… */
const rateAfterMs = 1000;
/** …and the time left once the load has run this long and the rate changes by at most `steadyChange` a step. */
const timeLeftAfterMs = 2000;
const steadyChange = 0.15;

/**
 * The rate and time left of one load, from the bytes the engine reports. Until the rate is steady the time left is
 * left out; once shown it stays (a figure that appears and disappears reads as a glitch).
 */
export class LoadRateMeter {
  private readonly speed: SpeedMeter;
  private readonly startedAt: number;
  private lastRate: number | null = null;
  private steady = false;

  constructor(private readonly now: () => number = () => performance.now()) {
    this.speed = createSpeedMeter(now, windowMs, rateAfterMs);
    this.startedAt = now();
    this.speed.record(0);
  }

  reading({ loadedBytes, totalBytes }: LoadMeter): LoadMeter {
    this.speed.record(loadedBytes);
    const rate = this.speed.bytesPerSecond();
    const meter: LoadMeter = { loadedBytes, totalBytes };
    // Every byte is in, yet llama.cpp may still be repacking weights and making the context (with mmap, the whole
    // file is read before it reports anything): a rate or "0 s left" would say more than is known.
    if (rate === null || rate <= 0 || loadedBytes >= totalBytes) return meter;
    const previous = this.lastRate;
    this.lastRate = rate;
    if (previous !== null && this.now() - this.startedAt >= timeLeftAfterMs) {
      this.steady ||= Math.abs(rate - previous) <= steadyChange * previous;
    }
    meter.bytesPerSecond = rate;
    if (this.steady) meter.secondsLeft = Math.max(0, totalBytes - loadedBytes) / rate;
    return meter;
  }
}
