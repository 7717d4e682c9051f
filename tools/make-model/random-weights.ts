/** Deterministic, fast pseudo-random weights: one independent stream per (seed, tensor name). */

/** Standard deviation of the sum of four independent uniform bytes (each has variance (256² - 1) / 12). */
const FOUR_BYTE_SUM_STD = Math.sqrt((4 * (256 * 256 - 1)) / 12);
const FOUR_BYTE_SUM_MEAN = 4 * 127.5;

export class WeightStream {
    private state: number;

    constructor(seed: number, streamName: string) {
        this.state = mixSeed(seed, streamName);
    }

    /**
     * Fills `target` with bell-shaped values (Irwin–Hall sum of the four bytes of one mulberry32 output)
     * with the given mean and standard deviation. Cheap enough for billions of weights.
     */
    fillNormalish(target: Float32Array, std: number, mean = 0): void {
        const scale = std / FOUR_BYTE_SUM_STD;
        const offset = mean - FOUR_BYTE_SUM_MEAN * scale;
        let state = this.state;
        for (let i = 0; i < target.length; i++) {
            state = (state + 0x6d2b79f5) | 0;
            let bits = Math.imul(state ^ (state >>> 15), state | 1);
            bits ^= bits + Math.imul(bits ^ (bits >>> 7), bits | 61);
            bits ^= bits >>> 14;
            const byteSum = (bits & 0xff) + ((bits >>> 8) & 0xff) + ((bits >>> 16) & 0xff) + ((bits >>> 24) & 0xff);
            target[i] = offset + byteSum * scale;
        }
        this.state = state;
    }
}

/** FNV-1a over the stream name, folded with the seed and finalized with a murmur3-style mix. */
function mixSeed(seed: number, streamName: string): number {
    let hash = 0x811c9dc5 ^ Math.imul(seed | 0, 0x9e3779b1);
    for (let i = 0; i < streamName.length; i++)
        hash = Math.imul(hash ^ streamName.charCodeAt(i), 0x01000193);
    hash ^= hash >>> 16;
    hash = Math.imul(hash, 0x85ebca6b);
    hash ^= hash >>> 13;
    hash = Math.imul(hash, 0xc2b2ae35);
    return hash ^ (hash >>> 16);
}
