/** IEEE 754 binary16 conversions as ggml does them (GGML_FP32_TO_FP16 / GGML_FP16_TO_FP32). */

const conversionFloat = new Float32Array(1);
const conversionBits = new Uint32Array(conversionFloat.buffer);

/** IEEE 754 binary16 bits of `value`, rounded to nearest even (what ggml's FP32_TO_FP16 does). */
export function toFloat16Bits(value: number): number {
    conversionFloat[0] = value;
    const bits = conversionBits[0] ?? 0;
    const sign = (bits >>> 16) & 0x8000;
    const exponent = (bits >>> 23) & 0xff;
    const mantissa = bits & 0x7fffff;
    if (exponent === 0xff)
        return sign | 0x7c00 | (mantissa === 0 ? 0 : 0x200);

    const halfExponent = exponent - 127 + 15;
    if (halfExponent >= 0x1f)
        return sign | 0x7c00;

    if (halfExponent <= 0) {
        if (halfExponent < -10)
            return sign;
        const shift = 14 - halfExponent;
        return sign | roundShiftRightEven(mantissa | 0x800000, shift);
    }

    // A rounding carry out of the mantissa correctly bumps the exponent.
    return sign | roundShiftRightEven((halfExponent << 23) | mantissa, 13);
}

export function fromFloat16Bits(bits: number): number {
    const sign = bits & 0x8000 ? -1 : 1;
    const exponent = (bits >>> 10) & 0x1f;
    const mantissa = bits & 0x3ff;
    if (exponent === 0)
        return sign * mantissa * 2 ** -24;
    if (exponent === 0x1f)
        return mantissa === 0 ? sign * Infinity : NaN;
    return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

function roundShiftRightEven(value: number, shift: number): number {
    const truncated = value >>> shift;
    const remainder = value & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (remainder > halfway || (remainder === halfway && (truncated & 1) === 1))
        return truncated + 1;
    return truncated;
}
