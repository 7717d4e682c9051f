/** Seeded random numbers for the fuzzers: the same seed gives the same inputs, so a failure replays. */

/** mulberry32: a small, well-mixed 32-bit PRNG (enough for test inputs, not for secrets). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
