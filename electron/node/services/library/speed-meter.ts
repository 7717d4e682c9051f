/** Download speed over a sliding window and the time left, from an injected clock. */

export interface SpeedMeter {
  /** Records the running total of bytes received. */
  record(totalBytes: number): void;
  /** Bytes per second over the last window, or null before there is enough to say. */
  bytesPerSecond(): number | null;
  etaSeconds(totalBytes: number | null): number | null;
  reset(): void;
}

export function createSpeedMeter(now: () => number, windowMs = 5000, minSpanMs = 500): SpeedMeter {
  let samples: { at: number; bytes: number }[] = [];
  const meter: SpeedMeter = {
    record(totalBytes) {
      const at = now();
      samples.push({ at, bytes: totalBytes });
      while (samples.length > 2 && (samples[1]?.at ?? at) <= at - windowMs) samples.shift();
    },
    bytesPerSecond() {
      const first = samples[0];
      const last = samples.at(-1);
      if (!first || !last) return null;
      const span = last.at - first.at;
      if (span < minSpanMs) return null;
      return Math.max(0, ((last.bytes - first.bytes) * 1000) / span);
    },
    etaSeconds(totalBytes) {
      const speed = meter.bytesPerSecond();
      const last = samples.at(-1);
      if (totalBytes === null || !last || speed === null || speed <= 0) return null;
      return Math.max(0, (totalBytes - last.bytes) / speed);
    },
    reset() {
      samples = [];
    },
  };
  return meter;
}
