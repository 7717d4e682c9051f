// @vitest-environment node
import { mkdtemp, mkdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadBundledCatalog } from "../../models/catalog.ts";
import { createDeviceInfoService } from "../../electron/node/services/library/device-info.ts";
import { assessFit, recommendVariant, type DeviceRam } from "../../electron/node/services/library/fit.ts";
import { memoryModelFromCatalog, memoryModelFromHeader } from "../../electron/node/services/library/memory-estimate.ts";
import { repackedEmbeddingBytes, repackKernelsFor, repackLayout, type RepackKernels } from "../../electron/node/services/library/repacked-embedding.ts";

// Real /proc/cpuinfo text; where each comes from: fixtures/cpuinfo/README.md.
const fixture = (name: string) => readFile(path.join(import.meta.dirname, "fixtures/cpuinfo", name), "utf8");
const pi5 = repackKernelsFor("arm64", await fixture("pi5-cortex-a76.txt"));
const pi4 = repackKernelsFor("arm64", await fixture("pi4-cortex-a72.txt"));
const x86 = repackKernelsFor("x64", await fixture("x86-64-avx512.txt"));

const mib = 1024 * 1024;
const vocabulary = 256_000;
const gemma2bEmbedding = (typeName: string) => ({ typeName, rows: vocabulary, rowLength: 2304 });

describe("which CPUs repack the tied embedding for the output matrix (llama.cpp repack.cpp)", () => {
  it("a Pi 5 (Cortex-A76: dot product, no i8mm) repacks Q6_K, Q8_0, Q4_0, Q4_K, Q5_K; a Pi 4 (Cortex-A72) nothing", () => {
    expect(pi5).toMatchObject({ neon: true, dotprod: true, matmulInt8: false, avx2: false });
    expect(["Q6_K", "Q8_0", "Q4_0", "Q4_K", "Q5_K", "Q2_K", "F16"].map((type) => repackLayout(type, vocabulary, pi5))).toEqual(
      ["q6_K_8x4", "q8_0_4x4", "q4_0_4x4", "q4_K_8x4", "q5_K_8x4", null, null],
    );
    expect(pi4).toMatchObject({ neon: true, dotprod: false, matmulInt8: false });
    expect(["Q6_K", "Q8_0", "Q4_0", "Q4_K"].map((type) => repackLayout(type, vocabulary, pi4))).toEqual([null, null, null, null]);
  });

  it("x86-64 with AVX2 (this machine) repacks Q4_0 and Q4_K but not Q6_K or Q8_0 — the published files' embedding stays single", () => {
    expect(x86).toMatchObject({ avx2: true, avx512: true, dotprod: false });
    expect(["Q6_K", "Q8_0", "Q4_0", "Q4_K", "Q2_K"].map((type) => repackLayout(type, vocabulary, x86))).toEqual([null, null, "q4_0_8x8", "q4_K_8x8", "q2_K_8x8"]);
  });

  it("needs the row count repack.cpp tests for: 8 for the K-quant layouts, 4 for Q8_0/Q4_0 on ARM", () => {
    expect(repackLayout("Q6_K", 256_004, pi5)).toBeNull();
    expect(repackLayout("Q8_0", 256_004, pi5)).toBe("q8_0_4x4");
    expect(repackLayout("Q4_0", 256_002, pi5)).toBeNull();
    // AVX2's Q4_0 layout needs 8 rows; with 4 an ARM CPU with i8mm still has one.
    expect(repackLayout("Q4_0", 256_004, x86)).toBeNull();
  });

  it("the int8 matrix kernels count only with SVE too (node-llama-cpp's arm64 build has no i8mm variant without it)", () => {
    const a76Features = "fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm lrcpc dcpop asimddp";
    expect(repackKernelsFor("arm64", `Features\t: ${a76Features} i8mm`).matmulInt8).toBe(false);
    const withSve: RepackKernels = repackKernelsFor("arm64", `Features\t: ${a76Features} sve i8mm`);
    expect(withSve.matmulInt8).toBe(true);
    expect(repackLayout("Q6_K", vocabulary, withSve)).toBe("q6_K_8x8");
    expect(repackKernelsFor("arm", "Features\t: half thumb fastmult vfp edsp neon vfpv3 tls vfpv4 idiva idivt lpae evtstrm crc32").dotprod).toBe(false);
  });

  it("the second copy is the whole embedding: 461 MiB for Gemma 2 2B in Q6_K, 598 MiB in Q8_0; none when the type is unknown", () => {
    expect(repackedEmbeddingBytes(gemma2bEmbedding("Q6_K"), pi5)).toBe(483_840_000);
    expect(repackedEmbeddingBytes(gemma2bEmbedding("Q6_K"), pi5) / mib).toBeCloseTo(461.4, 1);
    expect(repackedEmbeddingBytes(gemma2bEmbedding("Q8_0"), pi5)).toBe(626_688_000);
    expect(repackedEmbeddingBytes(gemma2bEmbedding("Q6_K"), pi4)).toBe(0);
    expect(repackedEmbeddingBytes(gemma2bEmbedding("Q6_K"), x86)).toBe(0);
    expect(repackedEmbeddingBytes(null, pi5)).toBe(0);
    expect(repackedEmbeddingBytes(gemma2bEmbedding("Q6_K"), null)).toBe(0);
  });

  it("the device service reads the kernels from /proc/cpuinfo", async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), "cpuinfo-"));
    await mkdir(path.join(root, "proc"));
    await writeFile(path.join(root, "proc/cpuinfo"), await fixture("pi5-cortex-a76.txt"));
    expect(await createDeviceInfoService({ root, arch: "arm64", runCommand: () => Promise.reject(new Error("none")) }).repackKernels()).toEqual(pi5);
    const empty = await mkdtemp(path.join(os.tmpdir(), "cpuinfo-"));
    expect((await createDeviceInfoService({ root: empty, arch: "arm64" }).repackKernels()).dotprod).toBe(false);
  });
});

describe("the Library's fit for the published gemma2:2b Q4_0 (tied embedding in Q6_K) on Raspberry Pis", () => {
  const devices: Record<string, DeviceRam> = {
    "4 GB": { totalBytes: 4_129_000_000, availableBytes: 3_300_000_000 },
    "8 GB": { totalBytes: 8_443_609_088, availableBytes: 7_180_000_000 },
  };
  const catalog = loadBundledCatalog();
  const q4 = catalog.variants.find((variant) => variant.id === "gemma-2-2b-it-Q4_0")!;
  const assessCatalog = (ram: DeviceRam, repackKernels: RepackKernels) =>
    catalog.variants.map((variant) => ({
      id: variant.id,
      parameters: variant.shape.parameters,
      quantization: variant.quantization,
      fit: assessFit(memoryModelFromCatalog(variant), ram, { repackKernels }),
    }));

  it("a Pi 5 counts the file + 461 MiB; a Pi 4 and x86-64 the file alone", () => {
    const model = memoryModelFromCatalog(q4);
    for (const ram of Object.values(devices)) {
      expect(assessFit(model, ram, { repackKernels: pi5 }).weightsBytes).toBe(q4.sizeBytes + 483_840_000);
      expect(assessFit(model, ram, { repackKernels: pi4 }).weightsBytes).toBe(q4.sizeBytes);
      expect(assessFit(model, ram, { repackKernels: x86 }).weightsBytes).toBe(q4.sizeBytes);
    }
  });

  it("4 GB Pi 5: 3.16 GB needed with 4096 tokens — tight, fits with headroom only up to 1024 tokens; nothing reaches the 2048 the recommendation needs", () => {
    const fit = assessFit(memoryModelFromCatalog(q4), devices["4 GB"]!, { repackKernels: pi5 });
    expect(fit).toMatchObject({ verdict: "tight", fittingContextSize: 1024 });
    expect(Math.round(fit.needBytes / 1e6)).toBe(3157);
    expect(recommendVariant(assessCatalog(devices["4 GB"]!, pi5), { preferQ4_0: true })).toBeNull();
    // The same board with a Pi 4's CPU (no second copy): fits with 4096 tokens, and Q4_0 is recommended as before.
    expect(assessFit(memoryModelFromCatalog(q4), devices["4 GB"]!, { repackKernels: pi4 })).toMatchObject({ verdict: "fits", fittingContextSize: 4096 });
    expect(recommendVariant(assessCatalog(devices["4 GB"]!, pi4), { preferQ4_0: true })).toBe("gemma-2-2b-it-Q4_0");
  });

  it("8 GB Pi 5: 2B Q4_0 still fits with 8192 tokens and is recommended; 9B Q4_0 no longer fits at all", () => {
    const assessed = assessCatalog(devices["8 GB"]!, pi5);
    expect(assessed.find(({ id }) => id === "gemma-2-2b-it-Q4_0")!.fit).toMatchObject({ verdict: "fits", fittingContextSize: 8192 });
    expect(assessed.find(({ id }) => id === "gemma-2-9b-it-Q4_0")!.fit).toMatchObject({ verdict: "wont-fit", fittingContextSize: null });
    expect(recommendVariant(assessed, { preferQ4_0: true })).toBe("gemma-2-2b-it-Q4_0");
  });

  it("a header estimate takes the embedding's type from the file's quantization the same way", () => {
    const shape = q4.shape;
    const header = memoryModelFromHeader({ weightsBytes: 1_000, shape, quantization: "Q4_0" });
    expect(header.embedding).toEqual(gemma2bEmbedding("Q6_K"));
    expect(memoryModelFromHeader({ weightsBytes: 1_000, shape, quantization: "Q8_0" }).embedding).toEqual(gemma2bEmbedding("Q8_0"));
    expect(memoryModelFromHeader({ weightsBytes: 1_000, shape, quantization: "F16" }).embedding).toBeNull();
  });
});
