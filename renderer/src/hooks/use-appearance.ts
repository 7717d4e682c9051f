import { useLayoutEffect } from "react";
import type { Settings, Theme } from "../../../electron/common/contract/app/settings.ts";
import { initI18n, isLanguage, type Language } from "../i18n/index.ts";
import { useAppState } from "../state/StoreProvider.tsx";
import { applyTheme } from "../theme.ts";

type Appearance = Settings["appearance"];
const cacheKey = "edge-gemma.appearance";

function apply(appearance: Appearance, root: HTMLElement): void {
  applyTheme(appearance.theme, root);
  root.style.fontSize = `${appearance.fontSize}px`;
  initI18n(appearance.language);
}

/**
 * The appearance last applied, kept in localStorage so the next start paints in the right language
 * and theme before main's settings arrive (they still decide). Missing or unreadable: nothing.
 */
export function restoreCachedAppearance(root: HTMLElement = document.documentElement): void {
  try {
    const cached = JSON.parse(localStorage.getItem(cacheKey) ?? "null") as Partial<Appearance> | null;
    if (!cached || !isLanguage(cached.language)) return;
    const theme: Theme = cached.theme === "light" || cached.theme === "dark" ? cached.theme : "system";
    const fontSize = typeof cached.fontSize === "number" && cached.fontSize >= 10 && cached.fontSize <= 32 ? cached.fontSize : 16;
    apply({ theme, fontSize, language: cached.language as Language }, root);
  } catch {
    // No storage (an opaque origin) or a damaged entry: main's settings will do.
  }
}

/**
 * Applies the appearance settings as they arrive or change: theme (`<html data-theme>`), font size
 * (the root's, which every rem follows) and language (every `useTranslation` re-renders at once).
 */
export function useAppearance(root: HTMLElement = document.documentElement): void {
  const appearance = useAppState((s) => s.settings.value?.appearance);
  useLayoutEffect(() => {
    if (!appearance) return;
    apply(appearance, root);
    try {
      localStorage.setItem(cacheKey, JSON.stringify(appearance));
    } catch {
      // Not stored: the next start shows English until the settings arrive.
    }
  }, [appearance, root]);
}
