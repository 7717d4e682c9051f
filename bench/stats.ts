/** Pure statistics helpers of the benchmark: no I/O, so `test/bench` checks them directly. */

/** A figure as the report gives it: the median of several measurements with their range. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  n: number;
}

function finite(values: readonly number[]): number[] {
  return values.filter((value) => Number.isFinite(value));
}

function sorted(values: readonly number[]): number[] {
  return finite(values).sort((a, b) => a - b);
}

/** The middle value (mean of the two middle ones for an even count); NaN for no values. */
export function median(values: readonly number[]): number {
  const ordered = sorted(values);
  const count = ordered.length;
  if (count === 0) return Number.NaN;
  const middle = Math.floor(count / 2);
  return count % 2 === 1 ? (ordered[middle] as number) : ((ordered[middle - 1] as number) + (ordered[middle] as number)) / 2;
}

/**
 * The p-th percentile (0–100) by linear interpolation between closest ranks (the "R-7" / NumPy default
 * definition): p0 is the minimum, p50 the median, p100 the maximum. NaN for no values.
 */
export function percentile(values: readonly number[], p: number): number {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be between 0 and 100, not ${p}`);
  const ordered = sorted(values);
  if (ordered.length === 0) return Number.NaN;
  const rank = (p / 100) * (ordered.length - 1);
  const below = Math.floor(rank);
  const above = Math.ceil(rank);
  const low = ordered[below] as number;
  const high = ordered[above] as number;
  return low + (high - low) * (rank - below);
}

/** Median with min–max of the finite values. */
export function spread(values: readonly number[]): Spread {
  const ordered = sorted(values);
  return {
    median: median(ordered),
    min: ordered.length ? (ordered[0] as number) : Number.NaN,
    max: ordered.length ? (ordered[ordered.length - 1] as number) : Number.NaN,
    n: ordered.length,
  };
}

/** Per-pair ratios b/a of two equally long series measured interleaved (pair i = a[i], b[i]). */
export function pairedRatios(a: readonly number[], b: readonly number[]): number[] {
  if (a.length !== b.length) throw new RangeError(`paired series differ in length: ${a.length} and ${b.length}`);
  return a.map((value, index) => (b[index] as number) / value);
}

/** Per-pair differences b − a of two equally long series measured interleaved. */
export function pairedDifferences(a: readonly number[], b: readonly number[]): number[] {
  if (a.length !== b.length) throw new RangeError(`paired series differ in length: ${a.length} and ${b.length}`);
  return a.map((value, index) => (b[index] as number) - value);
}

/** Tokens per second; NaN when the interval is empty (one token, or none). */
export function rate(count: number, ms: number): number {
  return ms > 0 ? (count * 1000) / ms : Number.NaN;
}

/**
 * The order of the two sides in each pair: A B, B A, A B, … (an ABBA pattern), so a steady drift of the
 * machine's speed during the run favours neither side. Each figure is still a ratio within one pair.
 */
export function pairOrder(pairIndex: number): readonly ["a", "b"] | readonly ["b", "a"] {
  return pairIndex % 2 === 0 ? (["a", "b"] as const) : (["b", "a"] as const);
}

/** Frame times (ms) from a series of requestAnimationFrame timestamps. */
export function frameDeltas(timestamps: readonly number[]): number[] {
  const deltas: number[] = [];
  for (let index = 1; index < timestamps.length; index++) deltas.push((timestamps[index] as number) - (timestamps[index - 1] as number));
  return deltas;
}

/** Headless Chromium begins a frame 60 times a second. */
export const frameIntervalMs = 1000 / 60;

/**
 * Frame deltas as whole display frames: requestAnimationFrame's timestamps are frame begin times, so a delta is a
 * whole number of frame intervals plus ~0.1 ms of timer jitter (an on-time frame reads 16.6, 16.7 or 16.8 ms).
 * Snapping to the grid keeps that jitter from deciding a "≤ 16.7 ms" target; a late frame still counts whole.
 */
export function wholeFrames(deltas: readonly number[], intervalMs = frameIntervalMs): number[] {
  return deltas.map((delta) => Math.max(1, Math.round(delta / intervalMs)) * intervalMs);
}

/** Peak of a sampled quantity: tracks the maximum of everything it was given. */
export class PeakTracker {
  private peakValue = 0;
  private samples = 0;

  add(value: number): void {
    this.samples++;
    if (value > this.peakValue) this.peakValue = value;
  }

  get peak(): number {
    return this.peakValue;
  }

  get count(): number {
    return this.samples;
  }
}

/** Rounds for display and for the JSON report: NaN and infinities become null (JSON has no NaN). */
export function round(value: number, digits = 2): number | null {
  if (!Number.isFinite(value)) return null;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export const bytesPerMiB = 2 ** 20;

export function toMiB(bytes: number): number {
  return bytes / bytesPerMiB;
}

/** A Spread with rounded numbers (JSON has no NaN: unmeasured values become null). */
export interface RoundedSpread {
  median: number | null;
  min: number | null;
  max: number | null;
  n: number;
}

export function rounded(value: Spread, digits = 3): RoundedSpread {
  return { median: round(value.median, digits), min: round(value.min, digits), max: round(value.max, digits), n: value.n };
}
