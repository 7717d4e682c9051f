import { describe, expect, it } from "vitest";
import { LoadRateMeter } from "../../electron/node/services/inference/load-meter.ts";

const total = 1_600_000_000;

/** A meter on a clock the test moves: `at(ms, bytes)` is a progress report at that time. */
function meterOnClock() {
  let now = 0;
  const meter = new LoadRateMeter(() => now);
  return (ms: number, loadedBytes: number) => {
    now = ms;
    return meter.reading({ loadedBytes, totalBytes: total });
  };
}

describe("the load's rate and time left", () => {
  it("gives neither before the rate spans a second", () => {
    const at = meterOnClock();
    expect(at(200, 10_000_000)).toEqual({ loadedBytes: 10_000_000, totalBytes: total });
    expect(at(600, 30_000_000)).toEqual({ loadedBytes: 30_000_000, totalBytes: total });
  });

  it("shows a rate first and the time left only once the rate holds steady", () => {
    const at = meterOnClock();
    const first = at(1000, 50_000_000);
    expect(first.bytesPerSecond).toBeCloseTo(50_000_000);
    expect(first.secondsLeft).toBeUndefined();
    // Still under two seconds into the load: no time left yet, however steady.
    expect(at(1500, 75_000_000).secondsLeft).toBeUndefined();
    const steady = at(2500, 125_000_000);
    expect(steady.bytesPerSecond).toBeCloseTo(50_000_000);
    expect(steady.secondsLeft).toBeCloseTo((total - 125_000_000) / 50_000_000);
  });

  it("holds the time left back while the rate swings, and keeps it once shown", () => {
    const meter = meterOnClock();
    // 10 MB/s, then 100 MB/s: the 5 s window's rate keeps climbing, so it is not steady.
    meter(1000, 10_000_000);
    expect(meter(2100, 120_000_000).secondsLeft).toBeUndefined();
    expect(meter(3200, 230_000_000).secondsLeft).toBeUndefined();
    const settled = meter(4300, 340_000_000);
    expect(settled.secondsLeft).toBeDefined();
    // A stall afterwards slows the rate but the time left stays shown, growing.
    const stalled = meter(5400, 345_000_000);
    expect(stalled.secondsLeft).toBeGreaterThan(settled.secondsLeft ?? Infinity);
  });

  it("smooths the rate over the last five seconds: one fast step barely moves it", () => {
    const at = meterOnClock();
    let bytes = 0;
    for (let ms = 500; ms <= 6000; ms += 500) at(ms, (bytes += 20_000_000));
    const before = at(6500, (bytes += 20_000_000)).bytesPerSecond ?? 0;
    const after = at(7000, bytes + 60_000_000).bytesPerSecond ?? 0;
    expect(before).toBeCloseTo(40_000_000, -5);
    // The step itself ran at 120 MB/s, three times the rate: the shown rate rises by under a quarter.
    expect(after / before).toBeLessThan(1.25);
  });

  it("drops the rate and the time left once every byte is in, while the engine still prepares", () => {
    const at = meterOnClock();
    at(1000, 400_000_000);
    expect(at(2000, 800_000_000).bytesPerSecond).toBeCloseTo(400_000_000);
    expect(at(4000, total)).toEqual({ loadedBytes: total, totalBytes: total });
  });
});
