import { act, cleanup, fireEvent, render, screen, type RenderResult } from "@testing-library/react";
import type { ReactNode } from "react";
import { afterEach } from "vitest";
import { initI18n } from "../../../renderer/src/i18n/index.ts";
import type { Host } from "../../../renderer/src/state/app-state.ts";
import { createAppStore, type AppStore } from "../../../renderer/src/state/app-store.ts";
import { StoreProvider } from "../../../renderer/src/state/StoreProvider.tsx";
import { FakeFrames } from "./fake-frames.ts";
import { FakeMain } from "./fake-main.ts";

afterEach(() => {
  cleanup();
  initI18n("en");
  // The appearance settings write to <html>: start every test from the page's own.
  document.documentElement.removeAttribute("style");
  document.documentElement.dataset["theme"] = "system";
  localStorage.clear();
});

export interface Harness extends RenderResult {
  main: FakeMain;
  frames: FakeFrames;
  store: AppStore;
}

/** Lets every message in flight between the fake main and the renderer arrive, inside act(). */
export async function settle(): Promise<void> {
  await act(async () => {
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

/** One animation frame passes (the store shows the token deltas that arrived). */
export function nextFrame(frames: FakeFrames): void {
  act(() => frames.frame());
}

/**
 * Renders `ui` inside a store wired to a fresh FakeMain (prepared by `prepare` before the store
 * starts), with hand-cranked animation frames.
 */
export async function renderWithMain(
  ui: ReactNode,
  prepare?: (main: FakeMain) => void,
  options: { host?: Host; main?: FakeMain } = {},
): Promise<Harness> {
  initI18n("en");
  const main = options.main ?? new FakeMain();
  prepare?.(main);
  const frames = new FakeFrames();
  const store = createAppStore(main.client, { scheduler: frames, ...(options.host && { host: options.host }) });
  const view = render(<StoreProvider store={store}>{ui}</StoreProvider>);
  await act(() => store.start());
  await settle();
  return { ...view, main, frames, store };
}

/** Picks the app's language in Settings (the Settings screen is open) and lets the app re-render in it. */
export async function chooseLanguage(language: "en" | "zh-CN"): Promise<void> {
  await act(async () => {
    fireEvent.change(screen.getByRole("combobox", { name: "Language" }), { target: { value: language } });
  });
  await settle();
}
