import type { LibraryState } from "./library-state.ts";

/**
 * "RAM available", one figure for the whole Library: the device panel's reading (refreshed by `device.updated`),
 * else the one the catalog listing was computed with. The banner and the device panel both show this.
 */
export function availableRamOf(library: LibraryState): number | null {
  return library.device?.availableRamBytes ?? library.catalog.value?.availableRamBytes ?? null;
}

export function totalRamOf(library: LibraryState): number | null {
  return library.device?.totalRamBytes ?? library.catalog.value?.totalRamBytes ?? null;
}
