/**
 * ggml's K-quant encoders, as llama-quantize runs them without an importance matrix: quantize_row_q6_K_ref and
 * quantize_row_q4_K_ref (with make_qx_quants / make_qkx2_quants) in ggml/src/ggml-quants.c of the llama.cpp source
 * node-llama-cpp ships (node_modules/node-llama-cpp/llama/gitRelease.bundle). ggml computes in float32: every
 * operation here is rounded with Math.fround in the same order, so the bytes match ggml's bit for bit.
 */
import { fromFloat16Bits, toFloat16Bits } from "./float16.ts";

export const QK_K = 256;
/** block_q6_K: ql[128], qh[64], int8 scales[16], half d. */
export const Q6_K_BLOCK_BYTES = 210;
/** block_q4_K: half d, half dmin, scales[12], qs[128]. */
export const Q4_K_BLOCK_BYTES = 144;

const f = Math.fround;
const GROUP_MAX_EPS = f(1e-15);
const ROUNDING_MAGIC = 12582912;

/** ggml's nearest_int: add 1.5·2^23 in float32 and read the integer back (rounds half to even). */
function nearestInt(value: number): number {
    return f(value + ROUNDING_MAGIC) - ROUNDING_MAGIC;
}

function superBlockCount(elementCount: number): number {
    if (elementCount % QK_K !== 0)
        throw new Error(`K-quant tensors need a multiple of ${QK_K} elements per row, got ${elementCount}`);
    return elementCount / QK_K;
}

const qxValues = new Float32Array(16);
const qxWeights = new Float32Array(16);
const qxWeightedValues = new Float32Array(16);

/** make_qx_quants(n = 16, nmax, x, L, rmse_type = 1, qw = NULL); writes L (0..2·nmax-1), returns the scale. */
function makeQxQuants(nmax: number, x: Float32Array, offset: number, levels: Int8Array, levelOffset: number): number {
    const n = 16;
    let max = 0;
    let amax = 0;
    for (let i = 0; i < n; i++) {
        const xi = x[offset + i] as number;
        qxValues[i] = xi;
        const ax = Math.abs(xi);
        if (ax > amax) {
            amax = ax;
            max = xi;
        }
    }
    if (amax < GROUP_MAX_EPS) {
        levels.fill(0, levelOffset, levelOffset + n);
        return 0;
    }
    // rmse_type 1 weighs each value by x²; w·x does not depend on the scale tried, so it is computed once.
    for (let i = 0; i < n; i++) {
        const xi = qxValues[i] as number;
        const w = f(xi * xi);
        qxWeights[i] = w;
        qxWeightedValues[i] = f(w * xi);
    }
    let iscale = f(-nmax / max);
    let sumlx = 0;
    let suml2 = 0;
    for (let i = 0; i < n; i++) {
        const l = Math.max(-nmax, Math.min(nmax - 1, nearestInt(f(iscale * (qxValues[i] as number)))));
        levels[levelOffset + i] = l + nmax;
        sumlx = f(sumlx + f((qxWeightedValues[i] as number) * l));
        suml2 = f(suml2 + f(f((qxWeights[i] as number) * l) * l));
    }
    let scale = suml2 !== 0 ? f(sumlx / suml2) : 0;
    let best = f(scale * sumlx);
    for (let is = -9; is <= 9; is++) {
        if (is === 0)
            continue;
        iscale = f(-f(nmax + f(f(0.1) * is)) / max);
        sumlx = 0;
        suml2 = 0;
        for (let i = 0; i < n; i++) {
            const l = Math.max(-nmax, Math.min(nmax - 1, nearestInt(f(iscale * (qxValues[i] as number)))));
            sumlx = f(sumlx + f((qxWeightedValues[i] as number) * l));
            suml2 = f(suml2 + f(f((qxWeights[i] as number) * l) * l));
        }
        if (suml2 > 0 && f(sumlx * sumlx) > f(best * suml2)) {
            for (let i = 0; i < n; i++) {
                const l = nearestInt(f(iscale * (qxValues[i] as number)));
                levels[levelOffset + i] = nmax + Math.max(-nmax, Math.min(nmax - 1, l));
            }
            scale = f(sumlx / suml2);
            best = f(scale * sumlx);
        }
    }
    return scale;
}

export function quantizeQ6_K(values: Float32Array): Uint8Array {
    const blocks = superBlockCount(values.length);
    const out = new Uint8Array(blocks * Q6_K_BLOCK_BYTES);
    const levels = new Int8Array(QK_K);
    const scales = new Float32Array(QK_K / 16);
    for (let block = 0; block < blocks; block++) {
        const x = block * QK_K;
        const y = block * Q6_K_BLOCK_BYTES;
        let maxScale = 0;
        let maxAbsScale = 0;
        for (let ib = 0; ib < QK_K / 16; ib++) {
            const scale = makeQxQuants(32, values, x + 16 * ib, levels, 16 * ib);
            scales[ib] = scale;
            if (Math.abs(scale) > maxAbsScale) {
                maxAbsScale = Math.abs(scale);
                maxScale = scale;
            }
        }
        if (maxAbsScale < GROUP_MAX_EPS)
            continue; // an all-zero block, d = 0
        const iscale = f(-128 / maxScale);
        const dBits = toFloat16Bits(f(1 / iscale));
        out[y + 208] = dBits & 0xff;
        out[y + 209] = dBits >>> 8;
        const d = fromFloat16Bits(dBits);
        for (let ib = 0; ib < QK_K / 16; ib++)
            out[y + 192 + ib] = Math.min(127, nearestInt(f(iscale * (scales[ib] ?? 0)))) & 0xff;
        for (let j = 0; j < QK_K / 16; j++) {
            const subScale = ((out[y + 192 + j] ?? 0) << 24) >> 24;
            const subD = f(d * subScale);
            if (subD === 0)
                continue;
            for (let ii = 0; ii < 16; ii++) {
                const l = nearestInt(f((values[x + 16 * j + ii] ?? 0) / subD));
                levels[16 * j + ii] = Math.max(-32, Math.min(31, l)) + 32;
            }
        }
        for (let half = 0; half < 2; half++) {
            const j = half * 128;
            const ql = y + half * 64;
            const qh = y + 128 + half * 32;
            for (let l = 0; l < 32; l++) {
                const l0 = levels[j + l] ?? 0;
                const l1 = levels[j + l + 32] ?? 0;
                const l2 = levels[j + l + 64] ?? 0;
                const l3 = levels[j + l + 96] ?? 0;
                out[ql + l] = (l0 & 0xf) | ((l2 & 0xf) << 4);
                out[ql + l + 32] = (l1 & 0xf) | ((l3 & 0xf) << 4);
                out[qh + l] = (l0 >> 4) | ((l1 >> 4) << 2) | ((l2 >> 4) << 4) | ((l3 >> 4) << 6);
            }
        }
    }
    return out;
}

export function dequantizeQ6_K(data: Uint8Array, elementCount: number): Float32Array {
    const values = new Float32Array(elementCount);
    for (let block = 0; block < superBlockCount(elementCount); block++) {
        const y = block * Q6_K_BLOCK_BYTES;
        const d = fromFloat16Bits((data[y + 208] ?? 0) | ((data[y + 209] ?? 0) << 8));
        for (let half = 0; half < 2; half++) {
            const ql = y + half * 64;
            const qh = y + 128 + half * 32;
            const sc = y + 192 + half * 8;
            const out = block * QK_K + half * 128;
            for (let l = 0; l < 32; l++) {
                const is = l >> 4;
                const high = data[qh + l] ?? 0;
                const q = [
                    ((data[ql + l] ?? 0) & 0xf) | (((high >> 0) & 3) << 4),
                    ((data[ql + l + 32] ?? 0) & 0xf) | (((high >> 2) & 3) << 4),
                    ((data[ql + l] ?? 0) >> 4) | (((high >> 4) & 3) << 4),
                    ((data[ql + l + 32] ?? 0) >> 4) | (((high >> 6) & 3) << 4)
                ];
                for (let k = 0; k < 4; k++) {
                    const scale = ((data[sc + is + 2 * k] ?? 0) << 24) >> 24;
                    values[out + l + 32 * k] = f(f(d * scale) * ((q[k] ?? 0) - 32));
                }
            }
        }
    }
    return values;
}

const qkxAux = new Uint8Array(32);
const qkxResult = { scale: 0, min: 0 };

/**
 * make_qkx2_quants(n = 32, nmax = 15, x, weights, L, &min, Laux, rmin = -1, rdelta = 0.1, nstep = 20, use_mad = false).
 * Returns a shared object: read it before the next call.
 */
function makeQkx2Quants(x: Float32Array, offset: number, weights: Float32Array, levels: Uint8Array, levelOffset: number): { scale: number; min: number } {
    const n = 32;
    const nmax = 15;
    const aux = qkxAux;
    let min = x[offset] ?? 0;
    let max = min;
    let sumW = weights[0] ?? 0;
    let sumX = f(sumW * min);
    for (let i = 1; i < n; i++) {
        const xi = x[offset + i] ?? 0;
        if (xi < min)
            min = xi;
        if (xi > max)
            max = xi;
        const w = weights[i] ?? 0;
        sumW = f(sumW + w);
        sumX = f(sumX + f(w * xi));
    }
    if (min > 0)
        min = 0;
    if (max === min) {
        levels.fill(0, levelOffset, levelOffset + n);
        qkxResult.scale = 0;
        qkxResult.min = -min;
        return qkxResult;
    }
    let iscale = f(nmax / f(max - min));
    let scale = f(1 / iscale);
    let bestError = 0;
    for (let i = 0; i < n; i++) {
        const xi = x[offset + i] ?? 0;
        const l = Math.max(0, Math.min(nmax, nearestInt(f(iscale * f(xi - min)))));
        levels[levelOffset + i] = l;
        const diff = f(f(f(scale * l) + min) - xi);
        bestError = f(bestError + f((weights[i] ?? 0) * f(diff * diff)));
    }
    for (let is = 0; is <= 20; is++) {
        iscale = f(f(f(-1 + f(f(0.1) * is)) + nmax) / f(max - min));
        let sumL = 0;
        let sumL2 = 0;
        let sumXL = 0;
        for (let i = 0; i < n; i++) {
            const xi = x[offset + i] ?? 0;
            const l = Math.max(0, Math.min(nmax, nearestInt(f(iscale * f(xi - min)))));
            aux[i] = l;
            const w = weights[i] ?? 0;
            sumL = f(sumL + f(w * l));
            sumL2 = f(sumL2 + f(f(w * l) * l));
            sumXL = f(sumXL + f(f(w * l) * xi));
        }
        const D = f(f(sumW * sumL2) - f(sumL * sumL));
        if (D > 0) {
            let thisScale = f(f(f(sumW * sumXL) - f(sumX * sumL)) / D);
            let thisMin = f(f(f(sumL2 * sumX) - f(sumL * sumXL)) / D);
            if (thisMin > 0) {
                thisMin = 0;
                thisScale = f(sumXL / sumL2);
            }
            let curError = 0;
            for (let i = 0; i < n; i++) {
                const diff = f(f(f(thisScale * (aux[i] ?? 0)) + thisMin) - (x[offset + i] ?? 0));
                curError = f(curError + f((weights[i] ?? 0) * f(diff * diff)));
            }
            if (curError < bestError) {
                levels.set(aux, levelOffset);
                bestError = curError;
                scale = thisScale;
                min = thisMin;
            }
        }
    }
    qkxResult.scale = scale;
    qkxResult.min = -min;
    return qkxResult;
}

export function quantizeQ4_K(values: Float32Array): Uint8Array {
    const blocks = superBlockCount(values.length);
    const out = new Uint8Array(blocks * Q4_K_BLOCK_BYTES);
    const levels = new Uint8Array(QK_K);
    const weights = new Float32Array(32);
    const scales = new Float32Array(QK_K / 32);
    const mins = new Float32Array(QK_K / 32);
    for (let block = 0; block < blocks; block++) {
        const x = block * QK_K;
        const y = block * Q4_K_BLOCK_BYTES;
        let maxScale = 0;
        let maxMin = 0;
        for (let j = 0; j < QK_K / 32; j++) {
            let sumX2 = 0;
            for (let l = 0; l < 32; l++) {
                const xl = values[x + 32 * j + l] ?? 0;
                sumX2 = f(sumX2 + f(xl * xl));
            }
            const avX = f(Math.sqrt(f(sumX2 / 32)));
            for (let l = 0; l < 32; l++)
                weights[l] = f(avX + Math.abs(values[x + 32 * j + l] ?? 0));
            const { scale, min } = makeQkx2Quants(values, x + 32 * j, weights, levels, 32 * j);
            scales[j] = scale;
            mins[j] = min;
            if (scale > maxScale)
                maxScale = scale;
            if (min > maxMin)
                maxMin = min;
        }
        const invScale = maxScale > 0 ? f(63 / maxScale) : 0;
        const invMin = maxMin > 0 ? f(63 / maxMin) : 0;
        const packed = y + 4;
        for (let j = 0; j < QK_K / 32; j++) {
            const ls = Math.min(63, nearestInt(f(invScale * (scales[j] ?? 0))) & 0xff);
            const lm = Math.min(63, nearestInt(f(invMin * (mins[j] ?? 0))) & 0xff);
            if (j < 4) {
                out[packed + j] = ls;
                out[packed + j + 4] = lm;
            } else {
                out[packed + j + 4] = (ls & 0xf) | ((lm & 0xf) << 4);
                out[packed + j - 4] = (out[packed + j - 4] ?? 0) | ((ls >> 4) << 6);
                out[packed + j] = (out[packed + j] ?? 0) | ((lm >> 4) << 6);
            }
        }
        const dBits = toFloat16Bits(f(maxScale / 63));
        const dminBits = toFloat16Bits(f(maxMin / 63));
        out[y] = dBits & 0xff;
        out[y + 1] = dBits >>> 8;
        out[y + 2] = dminBits & 0xff;
        out[y + 3] = dminBits >>> 8;
        for (let j = 0; j < QK_K / 32; j++) {
            const [sc, m] = scaleMinK4(out, packed, j);
            const d = f(fromFloat16Bits(dBits) * sc);
            if (d === 0)
                continue;
            const dm = f(fromFloat16Bits(dminBits) * m);
            for (let ii = 0; ii < 32; ii++) {
                const l = nearestInt(f(f((values[x + 32 * j + ii] ?? 0) + dm) / d));
                levels[32 * j + ii] = Math.max(0, Math.min(15, l));
            }
        }
        for (let chunk = 0; chunk < 4; chunk++) {
            for (let l = 0; l < 32; l++)
                out[y + 16 + chunk * 32 + l] = (levels[chunk * 64 + l] ?? 0) | ((levels[chunk * 64 + l + 32] ?? 0) << 4);
        }
    }
    return out;
}

/** ggml's get_scale_min_k4: the 6-bit scale and min of sub-block j. */
function scaleMinK4(data: Uint8Array, packed: number, j: number): [scale: number, min: number] {
    const q = (k: number): number => data[packed + k] ?? 0;
    if (j < 4)
        return [q(j) & 63, q(j + 4) & 63];
    return [(q(j + 4) & 0xf) | ((q(j - 4) >> 6) << 4), (q(j + 4) >> 4) | ((q(j) >> 6) << 4)];
}

export function dequantizeQ4_K(data: Uint8Array, elementCount: number): Float32Array {
    const values = new Float32Array(elementCount);
    for (let block = 0; block < superBlockCount(elementCount); block++) {
        const y = block * Q4_K_BLOCK_BYTES;
        const d = fromFloat16Bits((data[y] ?? 0) | ((data[y + 1] ?? 0) << 8));
        const dmin = fromFloat16Bits((data[y + 2] ?? 0) | ((data[y + 3] ?? 0) << 8));
        for (let chunk = 0; chunk < 4; chunk++) {
            const [sc1, m1] = scaleMinK4(data, y + 4, 2 * chunk);
            const [sc2, m2] = scaleMinK4(data, y + 4, 2 * chunk + 1);
            const out = block * QK_K + chunk * 64;
            for (let l = 0; l < 32; l++) {
                const packed = data[y + 16 + chunk * 32 + l] ?? 0;
                values[out + l] = f(f(f(d * sc1) * (packed & 0xf)) - f(dmin * m1));
                values[out + l + 32] = f(f(f(d * sc2) * (packed >> 4)) - f(dmin * m2));
            }
        }
    }
    return values;
}
