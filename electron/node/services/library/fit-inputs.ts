/**
 * The figures every fit verdict is computed from, read in one place so the Library listing (catalog-service.ts) and
 * the out-of-memory advice (memory-advice.ts) cannot disagree: the device, its RAM with what of the app runs now
 * (fit.ts, `appBudget`), and the CPU's repack kernels.
 */
import type { DeviceInfo } from "../../../common/contract/app/library.ts";
import type { DeviceRam, ResidentApp } from "./fit.ts";
import type { RepackKernels } from "./repacked-embedding.ts";

export interface FitInputSources {
  /** `repackKernels`: the CPU's, for the tied embedding's second copy (fit.ts); none counted without it. */
  device: { read(): Promise<DeviceInfo>; repackKernels?(): Promise<RepackKernels> };
  /** What of the app runs now (resident-memory.ts); without it nothing counts as resident. */
  resident?: () => Promise<ResidentApp>;
}

export interface FitInputs {
  device: DeviceInfo;
  ram: DeviceRam;
  repackKernels: RepackKernels | null;
}

export async function readFitInputs(sources: FitInputSources): Promise<FitInputs> {
  const [device, repackKernels, resident] = await Promise.all([
    sources.device.read(),
    sources.device.repackKernels?.() ?? Promise.resolve(null),
    sources.resident?.() ?? Promise.resolve(null),
  ]);
  return { device, ram: { totalBytes: device.totalRamBytes ?? 0, availableBytes: device.availableRamBytes, resident }, repackKernels };
}
