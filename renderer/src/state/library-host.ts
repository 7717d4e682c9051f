import { preloadGlobalName } from "../../../electron/common/contract/preload-api.ts";

interface DesktopBridge {
  /** Electron's `webUtils.getPathForFile`, if the preload exposes it (see /tmp/library-ui-wiring.md). */
  getPathForFile?: (file: File) => string;
}

function bridge(): DesktopBridge | undefined {
  if (typeof window === "undefined") return undefined;
  const value: unknown = (window as unknown as Record<string, unknown>)[preloadGlobalName];
  return typeof value === "object" && value !== null ? (value as DesktopBridge) : undefined;
}

/** In Electron (the preload's API object is there) files are picked with the native dialog; in a browser, by path. */
export function isDesktopHost(): boolean {
  return bridge() !== undefined;
}

/** Where a dropped file lies on disk: only Electron can tell, and only through the preload. */
export function pathOfDroppedFile(file: File): string | null {
  try {
    return bridge()?.getPathForFile?.(file) || null;
  } catch {
    return null;
  }
}
