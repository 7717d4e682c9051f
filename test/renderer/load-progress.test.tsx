// @vitest-environment jsdom
import { act, screen } from "@testing-library/react";
import axe from "axe-core";
import { describe, expect, it } from "vitest";
import type { EngineStatus } from "../../electron/common/contract/app/engine.ts";
import { StatusBar } from "../../renderer/src/components/StatusBar/StatusBar.tsx";
import { initI18n } from "../../renderer/src/i18n/index.ts";
import { renderWithMain, settle } from "./support/render-app.tsx";

const modelPath = "/models/gemma-2-2b-it-Q4_0.gguf";
const totalBytes = 1_629_509_152;

function loading(progress: number, meter?: Partial<NonNullable<Extract<EngineStatus, { state: "loading" }>["meter"]>>): EngineStatus {
  return { state: "loading", modelPath, progress, ...(meter && { meter: { loadedBytes: Math.round(progress * totalBytes), totalBytes, ...meter } }) };
}

async function showLoading(status: EngineStatus) {
  const harness = await renderWithMain(<StatusBar />);
  act(() => harness.main.setStatus(status));
  await settle();
  return harness;
}

const bar = () => screen.getByRole("progressbar", { name: "Model loading progress" });

describe("the model load in the status bar", () => {
  it("gives the bar its value for assistive technology, and the bytes read so far", async () => {
    await showLoading(loading(0.5, {}));
    expect(bar().getAttribute("aria-valuenow")).toBe("50");
    expect(bar().getAttribute("aria-valuemin")).toBe("0");
    expect(bar().getAttribute("aria-valuemax")).toBe("100");
    expect(screen.getByText("0.8 GB of 1.6 GB")).toBeTruthy();
    // No rate yet: neither a speed nor a time left.
    expect(document.body.textContent).not.toMatch(/MB\/s|left/);
  });

  it("adds the rate once the engine has one, and the time left only once it is steady", async () => {
    const { main } = await showLoading(loading(0.25, { bytesPerSecond: 45_200_000 }));
    expect(bar().getAttribute("aria-valuetext")).toBe("25% · 0.4 GB of 1.6 GB · 45.2 MB/s");
    expect(document.body.textContent).not.toContain("left");

    act(() => main.setStatus(loading(0.5, { bytesPerSecond: 45_000_000, secondsLeft: 18.1 })));
    await settle();
    expect(bar().getAttribute("aria-valuenow")).toBe("50");
    expect(screen.getByText("0.8 GB of 1.6 GB · 45.0 MB/s · 18 s left")).toBeTruthy();

    act(() => main.setStatus(loading(0.1, { bytesPerSecond: 20_000_000, secondsLeft: 125 })));
    await settle();
    expect(screen.getByText("0.2 GB of 1.6 GB · 20.0 MB/s · 2 min left")).toBeTruthy();
  });

  it("keeps the percentage alone when the engine reports no bytes (an older engine)", async () => {
    await showLoading(loading(0.634));
    expect(bar().getAttribute("aria-valuenow")).toBe("63");
    expect(bar().getAttribute("aria-valuetext")).toBe("63%");
    expect(screen.getByRole("status").textContent).toBe("Loading model… 63%");
  });

  it("says it in Simplified Chinese", async () => {
    await showLoading(loading(0.5, { bytesPerSecond: 45_000_000, secondsLeft: 18 }));
    act(() => void initI18n("zh-CN"));
    await settle();
    expect(screen.getByRole("progressbar", { name: "模型加载进度" }).getAttribute("aria-valuenow")).toBe("50");
    expect(screen.getByText("已读取 0.8 GB，共 1.6 GB · 45.0 MB/s · 剩余 18 秒")).toBeTruthy();
  });

  it("has no accessibility violations", async () => {
    const { container } = await showLoading(loading(0.5, { bytesPerSecond: 45_000_000, secondsLeft: 18 }));
    const result = await axe.run(container, { rules: { "color-contrast": { enabled: false } } });
    expect(result.violations.map((v) => v.id)).toEqual([]);
  });
});
