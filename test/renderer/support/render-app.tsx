import { act, cleanup, render, type RenderResult } from "@testing-library/react";
import type { ReactNode } from "react";
import { afterEach } from "vitest";
import { createAppStore, type AppStore } from "../../../renderer/src/state/app-store.ts";
import { StoreProvider } from "../../../renderer/src/state/StoreProvider.tsx";
import { FakeFrames } from "./fake-frames.ts";
import { FakeMain } from "./fake-main.ts";

afterEach(() => cleanup());

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
export async function renderWithMain(ui: ReactNode, prepare?: (main: FakeMain) => void): Promise<Harness> {
  const main = new FakeMain();
  prepare?.(main);
  const frames = new FakeFrames();
  const store = createAppStore(main.client, { scheduler: frames });
  const view = render(<StoreProvider store={store}>{ui}</StoreProvider>);
  await act(() => store.start());
  await settle();
  return { ...view, main, frames, store };
}
