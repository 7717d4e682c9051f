/**
 * When llama.cpp holds Gemma 2's tied token embedding twice, and how many bytes the second copy takes: the one
 * definition of that rule (used by fit.ts through the memory model of memory-estimate.ts).
 *
 * Sources: llama.cpp as the engine runs it (node-llama-cpp 3.22.1's llama bundle, commit de3ff815).
 * - src/models/gemma2.cpp:33,37: `token_embd` is created for the token lookup and again, TENSOR_DUPLICATED, as the
 *   output matrix. src/llama-arch.cpp:720,725: the lookup's op is GGML_OP_GET_ROWS, the output's GGML_OP_MUL_MAT
 *   (src/llama-model-loader.cpp:1167-1172 picks the buffer type of the duplicate as LLM_TENSOR_OUTPUT's).
 * - src/llama-model-loader.cpp:1394-1409: the duplicate reuses the original only when both landed in the same buffer
 *   type; otherwise a new tensor is created and its bytes added to the data to load (`size_data += ggml_nbytes`).
 * - src/llama-model.cpp:1061-1106,1475: the CPU's buffer list puts the extra buffer types (CPU_REPACK) before plain
 *   CPU when `use_extra_bufts` (the default; node-llama-cpp's addon does not change it).
 * - ggml/src/ggml-cpu/repack.cpp:5191-5203: CPU_REPACK supports only MUL_MAT (and MUL_MAT_ID) of a 2-D weight for
 *   which `ggml_repack_get_optimal_repack_type` (repack.cpp:4925-5141) has a layout: the output matrix can go there,
 *   the lookup cannot. repack.cpp:5245: its size is `ggml_nbytes`, the same bytes as the file's tensor.
 * - The layouts, by type, first match wins, with the row count (`ne[1]`, the vocabulary) divisibility each needs:
 *   repack.cpp:4974-5139, transcribed in `layoutsByType` below.
 * - Those `ggml_cpu_has_*` tests are compile-time (ggml/src/ggml-cpu/ggml-cpu.c:3659-3673, 3811-3841): what counts is
 *   the CPU backend variant that gets loaded. node-llama-cpp's prebuilt linux-arm64 and linux-x64 binaries
 *   (node_modules/@node-llama-cpp/linux-{arm64,x64}/bins/) ship every variant of ggml/src/CMakeLists.txt:493-531, and
 *   the loader picks the highest-scoring one the CPU supports (ggml/src/ggml-cpu/arch/arm/cpu-feats.cpp:6-36 from
 *   getauxval HWCAPs, ggml/src/ggml-feats.h:99-108; arch/x86/cpu-feats.cpp:270-300 from cpuid). So on arm64 the
 *   dot-product kernels are there iff the CPU has `asimddp` (variant armv8.2_1: DOTPROD alone), and the int8
 *   matrix-multiply ones iff it also has fphp, asimdhp, sve and i8mm (armv8.6_1: DOTPROD FP16_VECTOR_ARITHMETIC SVE
 *   MATMUL_INT8: no variant has I8MM without SVE). On x86-64 AVX2 needs the haswell variant (SSE42 AVX F16C FMA AVX2
 *   BMI2), AVX512 the skylakex one (those + AVX512F). 32-bit ARM (armv7l) has no dot-product variant.
 *   node-llama-cpp picks @node-llama-cpp/linux-arm64 on Linux arm64 (dist/bindings/utils/compileLLamaCpp.js:456-458),
 *   built with GGML_CPU_ALL_VARIANTS + GGML_BACKEND_DL (compileLLamaCpp.js:114-122); the addon loads the variants
 *   (llama/addon/addon.cpp:333) and ggml keeps the best score (ggml/src/ggml-backend-reg.cpp:480-555). On a Pi 5 that is
 *   armv8.2_2 (armv8.2_3 and up need SVE): `llvm-objdump -d` of its libggml-cpu-armv8.2_2.so shows 1,117 `sdot` and no
 *   `smmla` instructions; a Pi 4 gets armv8.0_1, which has no `sdot`.
 * - A Raspberry Pi 5 (Cortex-A76: asimddp, fphp, asimdhp; no sve, no i8mm) therefore repacks a Q6_K embedding as
 *   q6_K_8x4 and a Q8_0 one as q8_0_4x4; a Pi 4 (Cortex-A72: no asimddp) repacks nothing; x86-64 with AVX2 repacks
 *   Q4_0, Q4_K, IQ4_NL and MXFP4 embeddings but not Q6_K or Q8_0 (measured: `npm run bench -- --only memory`, the
 *   published Q4_0 file: CPU model buffer 462 MiB + CPU_REPACK 1,086 MiB = the file).
 * - Measured on arm64 with node-llama-cpp's installed binaries under qemu-user (`npm run test:package`,
 *   test/package/engine-checks.mjs): QEMU_CPU=cortex-a76 loads armv8.2_2 and CPU_REPACK holds every non-F32 tensor of
 *   the tiny Q4_0 model, its Q6_K embedding included (1.37 MiB of 1.368 MiB; 1.27 on x86-64 AVX2, without the
 *   embedding's 0.103); cortex-a72 loads armv8.0_1 and has no CPU_REPACK buffer.
 */
import { ggmlTypeLayout } from "../../gguf/ggml-types.ts";

/** The CPU kernels llama.cpp's repack code tests for (`ggml_cpu_has_*`), as the loaded CPU backend variant has them. */
export interface RepackKernels {
  neon: boolean;
  dotprod: boolean;
  matmulInt8: boolean;
  sve: boolean;
  avx2: boolean;
  avx512: boolean;
}

export const noRepackKernels: RepackKernels = { neon: false, dotprod: false, matmulInt8: false, sve: false, avx2: false, avx512: false };

/** The feature words of the first CPU in /proc/cpuinfo: arm64's `Features` line, x86's `flags` line. */
export function cpuinfoFeatureWords(cpuinfo: string | null): Set<string> {
  const match = cpuinfo?.match(/^(?:Features|flags)\s*:(.*)$/m);
  return new Set((match?.[1] ?? "").trim().split(/\s+/).filter(Boolean));
}

/** What the CPU backend variant node-llama-cpp's prebuilt loads on this CPU compiles in (see the header). */
export function repackKernelsFor(arch: string, cpuinfo: string | null): RepackKernels {
  const has = cpuinfoFeatureWords(cpuinfo);
  const all = (...words: string[]) => words.every((word) => has.has(word));
  if (arch === "arm64") {
    const dotprod = all("asimd", "asimddp");
    const matmulInt8 = dotprod && all("fphp", "asimdhp", "sve", "i8mm");
    return { ...noRepackKernels, neon: has.has("asimd"), dotprod, matmulInt8, sve: matmulInt8 };
  }
  if (arch === "x64") {
    const avx2 = all("sse4_2", "avx", "f16c", "fma", "avx2", "bmi2");
    return { ...noRepackKernels, avx2, avx512: avx2 && has.has("avx512f") };
  }
  return noRepackKernels;
}

type Layout = readonly [name: string, when: (kernels: RepackKernels) => boolean, rowMultiple: number];

/**
 * repack.cpp:4974-5139, in its order. The SVE 8x8 Q4_0 layout also needs a 256-bit SVE vector length
 * (`ggml_cpu_get_sve_cnt() == QK8_0`); when it does not apply the i8mm 4x8 one does (rows % 8 implies rows % 4), so
 * whether there is a layout does not depend on it. RISC-V and s390x layouts are left out: the app ships for arm64 and x86-64.
 */
const layoutsByType: Readonly<Record<string, readonly Layout[]>> = {
  Q4_0: [
    ["q4_0_8x8", (k) => k.avx2 || (k.sve && k.matmulInt8), 8],
    ["q4_0_4x8", (k) => k.neon && k.matmulInt8, 4],
    ["q4_0_4x4", (k) => k.neon && k.dotprod, 4],
  ],
  Q4_K: [
    ["q4_K_8x8", (k) => k.avx2, 8],
    ["q4_K_8x8", (k) => k.neon && k.matmulInt8, 8],
    ["q4_K_8x4", (k) => k.neon && k.dotprod, 8],
  ],
  Q2_K: [["q2_K_8x8", (k) => k.avx512, 8]],
  Q5_K: [
    ["q5_K_8x8", (k) => k.neon && k.matmulInt8, 8],
    ["q5_K_8x4", (k) => k.neon && k.dotprod, 8],
  ],
  Q6_K: [
    ["q6_K_8x8", (k) => k.neon && k.matmulInt8, 8],
    ["q6_K_8x4", (k) => k.neon && k.dotprod, 8],
  ],
  IQ4_NL: [
    ["iq4_nl_8x8", (k) => k.avx2, 8],
    ["iq4_nl_4x4", (k) => k.neon && k.dotprod, 4],
  ],
  MXFP4: [
    ["mxfp4_8x8", (k) => k.avx2, 8],
    ["mxfp4_4x4", (k) => k.neon && k.dotprod, 4],
  ],
  Q8_0: [
    ["q8_0_4x8", (k) => k.neon && k.matmulInt8, 4],
    ["q8_0_4x4", (k) => k.neon && k.dotprod, 4],
  ],
  Q1_0: [
    ["q1_0_4x8", (k) => k.neon && k.matmulInt8, 4],
    ["q1_0_4x4", (k) => k.neon && k.dotprod, 4],
  ],
};

/** `ggml_repack_get_optimal_repack_type` for a 2-D weight of this ggml type with `rows` rows (ne[1]): the layout's name, or null. */
export function repackLayout(typeName: string, rows: number, kernels: RepackKernels): string | null {
  for (const [name, when, rowMultiple] of layoutsByType[typeName] ?? []) if (when(kernels) && rows % rowMultiple === 0) return name;
  return null;
}

/** The tied embedding as the memory estimate knows it: ggml type name, rows (the vocabulary) and row length. */
export interface EmbeddingTensor {
  typeName: string;
  rows: number;
  rowLength: number;
}

const ggmlTypeIds = Array.from({ length: 64 }, (_, id) => id);

/** `ggml_nbytes` of a 2-D tensor of this type (ggml-types.ts's block sizes); null for an unknown type or a partial block. */
export function tensorBytes(tensor: EmbeddingTensor): number | null {
  const layout = ggmlTypeIds.map(ggmlTypeLayout).find((candidate) => candidate?.name === tensor.typeName);
  if (!layout || tensor.rowLength % layout.blockElements !== 0) return null;
  return (tensor.rowLength / layout.blockElements) * layout.blockBytes * tensor.rows;
}

/**
 * Bytes llama.cpp holds beyond the file for a tied embedding: the whole tensor once more when the output matrix gets a
 * CPU_REPACK layout (the lookup keeps the plain copy), otherwise 0.
 */
export function repackedEmbeddingBytes(embedding: EmbeddingTensor | null | undefined, kernels: RepackKernels | null | undefined): number {
  if (!embedding || !kernels || !repackLayout(embedding.typeName, embedding.rows, kernels)) return 0;
  return tensorBytes(embedding) ?? 0;
}

/**
 * The tied embedding's type when only the file's quantization (general.file_type) is known: what llama-quantize gives
 * `token_embd` of a model without `output.weight` unless told otherwise (src/llama-quant.cpp:454-475: the output
 * tensor's rule — Q8_0 for MXFP4_MOE or when the row is not a multiple of the type's block, Q5_K for the IQ1/IQ2/IQ3_XXS
 * files, otherwise Q6_K unless the type is already Q8_0). A file quantized with --token-embedding-type or
 * --output-tensor-type differs; the header reader (electron/node/gguf) does not hand the tensor's own type out yet.
 * Null (not counted) where this is not certain: F16, BF16, F32, unknown types, rows not a multiple of 256.
 */
export function defaultTiedEmbeddingType(fileQuantization: string | null | undefined, rowLength: number): string | null {
  if (!fileQuantization) return null;
  const quantization = fileQuantization.toUpperCase();
  if (["F32", "F16", "BF16"].includes(quantization)) return null;
  if (quantization === "Q8_0" || quantization === "MXFP4_MOE") return "Q8_0";
  if (rowLength % 256 !== 0) return null;
  if (["IQ2_XXS", "IQ2_XS", "IQ3_XXS", "IQ1_S", "IQ2_S", "IQ2_M", "IQ1_M"].includes(quantization)) return "Q5_K";
  return "Q6_K";
}
