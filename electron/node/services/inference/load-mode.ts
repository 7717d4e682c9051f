/**
 * Read or mmap, per device: "read" wherever the model's own copy, its context, the app and the OS's headroom fit in
 * RAM; "mmap" only where they do not.
 *
 * Measured with `npm run bench -- --only cold-start` (bench/README.md, "Cold start") on the published Gemma 2 2B Q4_0
 * layout (1,629 MB), page cache dropped before each cold start, storage capped with a blkio cgroup at a Pi 4's SD card
 * (45 MB/s) and a Pi 5's (90 MB/s); a shared 2-core VM at load 17–21, medians (min–max) of 2–3 rounds:
 *   start to ready       cold read          cold mmap          warm read          warm mmap
 *   45 MB/s              64.4 (61.4–67.4) s 65.4 (60.0–70.7) s 32.4 (26.8–38.0) s 24.8 (21.6–27.9) s
 *   90 MB/s              37.1 (35.6–38.5) s 42.4 (39.0–45.9) s 26.9 (25.9–27.8) s 20.3 (18.7–22.0) s
 *   disk (~1 GB/s)       39.2 (33.5–71.3) s 46.1 (36.0–51.8) s 41.3 (26.6–48.3) s 39.5 (27.2–42.1) s
 *   disk, a later run    55.0 (46.3–63.6) s 52.5 (45.6–59.3) s 39.9 (26.4–53.3) s 36.6 (31.3–41.9) s
 * - A first start reads the whole file either way (mmap: MAP_POPULATE), so the card's speed sets it: neither mode
 *   wins beyond this machine's noise (the same figure moved 40 % between two runs).
 * - Memory at ready: read 1,981 MiB of the engine's own (anonymous) + 53 MiB of files; mmap 1,517 MiB own + 1,601 MiB
 *   of the mapped file (peak RSS 2,045 vs 3,117 MiB). The 464 MiB mmap leaves in the file are the Q6_K token
 *   embedding, which Gemma also uses as its output matrix: read for every token. The rest of the mapping (the Q4_0
 *   weights llama.cpp repacked into its own copy) is never touched again.
 * So with enough RAM both need the same bytes, but read keeps them the engine's own: the kernel cannot trade the
 * output matrix for page cache and read it back from the SD card (random 4 KB reads: 3,200 IOPS on a Pi 4, 5,000 on
 * a Pi 5, Raspberry Pi's documentation accessories/sd-cards) in the middle of an answer. Where the read copy does not
 * fit (a 2 GB Pi), it would meet the OOM killer or swap; mapped, the kernel drops the unused
 * pages and re-reads what it must: slow, but it runs. mmap's faster warm start (a reload after keep-alive unloaded
 * the model) does not decide it: keep-alive is "forever" by default, and the first start is the slow one.
 * The storage kind only goes into the reason: no measurement here separated read from mmap by storage.
 */
import os from "node:os";
import { stat } from "node:fs/promises";
import type { LoadMode } from "../../../common/contract/index.ts";
import { defaultAppOverheadBytes, headroomFor } from "../library/fit.ts";
import { storageKindOf, type StorageKind } from "./device-storage.ts";

export interface DeviceFacts {
  totalMemoryBytes: number;
  modelBytes: number;
  storage: StorageKind;
}

/**
 * Beyond the file, the engine's own memory while it runs: KV cache and compute buffers. Measured on the published
 * Gemma 2 2B Q4_0 layout (1,629 MB): KV cache 208 MiB at 2,048 tokens, 416 at the default 4,096, compute buffer
 * 127 MiB and runtime 98–118 MiB (`npm run bench -- --only memory`, memory.engineAccount, and bench/memory-growth.ts,
 * 2026-12-07) — 0.43 of the file at 4,096 tokens; 0.5 leaves room for a larger batch.
 */
const contextShareOfModel = 0.5;

/**
 * Memory a read load needs to stay clear of the OOM killer: the model as the engine's own copy, its context, the app
 * (Electron and the renderer; fit.ts's figure) and the OS's headroom (fit.ts's).
 */
export function readLoadNeeds(totalMemoryBytes: number, modelBytes: number): number {
  return modelBytes * (1 + contextShareOfModel) + defaultAppOverheadBytes + headroomFor(totalMemoryBytes);
}

export function chooseLoadMode(facts: DeviceFacts): { mode: LoadMode; reason: string } {
  const needs = readLoadNeeds(facts.totalMemoryBytes, facts.modelBytes);
  const gb = (bytes: number) => (bytes / 1e9).toFixed(1);
  if (facts.totalMemoryBytes >= needs) {
    return { mode: "read", reason: `read: ${gb(facts.totalMemoryBytes)} GB of RAM holds the model's own copy (needs ${gb(needs)} GB)` };
  }
  const slow = facts.storage === "sd-card" || facts.storage === "emmc" || facts.storage === "rotational";
  return {
    mode: "mmap",
    reason:
      `mmap: a read copy needs ${gb(needs)} GB, more than ${gb(facts.totalMemoryBytes)} GB of RAM; mapped, the kernel can drop unused pages of the file` +
      (slow ? ` (on ${facts.storage} storage, pages it drops are read again slowly)` : ""),
  };
}

export async function readDeviceFacts(modelPath: string): Promise<DeviceFacts> {
  return { totalMemoryBytes: os.totalmem(), modelBytes: (await stat(modelPath)).size, storage: await storageKindOf(modelPath) };
}

/** The mode for this device and model; "read" (the engine's default) when the file cannot be looked at. */
export async function loadModeFor(modelPath: string): Promise<LoadMode> {
  return readDeviceFacts(modelPath).then((facts) => chooseLoadMode(facts).mode, () => "read" as const);
}
