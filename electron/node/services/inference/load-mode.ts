/**
 * Read or mmap, per device: "read" wherever the model's own copy, its context, the app and the OS's headroom fit in
 * RAM; "mmap" where they do not (then the kernel can drop clean pages of the file and fault them in again, where a
 * read copy would meet the OOM killer). Measured with `npm run bench -- --only cold-start` (bench/README.md): on the
 * published Gemma 2 2B Q4_0 layout the engine peaks at 2,045 MiB reading and 3,117 MiB mapping — the 1,072 MiB more
 * are the file's pages, clean and droppable — and cold starts took about as long either way.
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
 * Gemma 2 2B Q4_0 layout (1,629 MB): KV cache 208 MiB at 2,048 tokens, 416 at the default 4,096, compute buffer and
 * runtime 277 MiB (the #18 memory account) — 0.43 of the file at 4,096 tokens; 0.5 leaves room for a larger batch.
 */
const contextShareOfModel = 0.5;

/** Memory a read load needs to stay clear of the OOM killer: the model as the engine's own copy, its context, the
 * app (Electron and the renderer; fit.ts's figure) and the OS's headroom (fit.ts's). */
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
