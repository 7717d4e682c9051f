// @vitest-environment jsdom
import { act, fireEvent, screen, within } from "@testing-library/react";
import axe from "axe-core";
import { describe, expect, it } from "vitest";
import { AppError } from "../../electron/common/contract/errors.ts";
import { loadBundledCatalog } from "../../models/catalog.ts";
import { DeviceStatusItem } from "../../renderer/src/components/DeviceStatusItem/DeviceStatusItem.tsx";
import { LibraryScreen } from "../../renderer/src/components/LibraryScreen/LibraryScreen.tsx";
import { initI18n, resources } from "../../renderer/src/i18n/index.ts";
import { GB, installedModel, piDevice, renderWithLibrary } from "./support/fake-library.ts";
import { settle } from "./support/render-app.tsx";

async function violations(container: Element): Promise<string[]> {
  // jsdom does no layout and has no canvas, so contrast and label-in-name are checked in a real browser instead.
  const rules = { "color-contrast": { enabled: false }, "label-content-name-mismatch": { enabled: false } };
  const result = await axe.run(container, { rules });
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

describe("library in Simplified Chinese", () => {
  it("renders the catalog, fit and errors in Chinese", async () => {
    await renderWithLibrary(<LibraryScreen />, (library) => {
      library.startError = new AppError("UNAVAILABLE", "Not enough disk space", { reason: "disk-space", needBytes: 1.7 * GB, freeBytes: 0.9 * GB });
    });
    act(() => void initI18n("zh-CN"));
    expect(screen.getByRole("heading", { name: "模型库" })).toBeTruthy();
    expect(screen.getByText("推荐本机使用：Gemma 2 2B IT · Q4_0")).toBeTruthy();
    const q4 = screen.getByRole("listitem", { name: "Gemma 2 2B IT · Q4_0" });
    expect(within(q4).getByText("放得下")).toBeTruthy();
    expect(q4.textContent).toContain("需要 2.4 GB，当前可用 5.9 GB（共 8.0 GB）");
    expect(q4.textContent).toContain("在树莓派上最快");

    await act(async () => {
      fireEvent.click(within(q4).getByRole("button", { name: /^下载/ }));
    });
    await act(async () => {
      fireEvent.click(within(q4).getByRole("button", { name: "我接受《Gemma 使用条款》" }));
    });
    await settle();
    expect(within(q4).getByRole("alert").textContent).toContain("磁盘空间不足：需要 1.7 GB，仅剩 0.9 GB。");
  });

  it("has a note for every catalog file, the English ones matching the catalog", () => {
    for (const variant of loadBundledCatalog().variants) {
      expect(resources.en["library"]?.[`notes.${variant.id}`]).toBe(variant.note);
      expect(resources["zh-CN"]["library"]?.[`notes.${variant.id}`]).toMatch(/\p{Script=Han}/u);
    }
  });
});

describe("library accessibility (axe)", () => {
  it("finds no violations with models, a download, an error, the terms step and the device panel", async () => {
    const { container, library } = await renderWithLibrary(
      <>
        <LibraryScreen />
        <DeviceStatusItem />
      </>,
      (library) => {
        library.models = [installedModel("gemma-2-2b-it-Q4_0.gguf", { catalogId: "gemma-2-2b-it-Q4_0" })];
        library.activeId = "gemma-2-2b-it-Q4_0.gguf";
        library.addJob({ id: "gemma-2-2b-it-Q5_K_M", receivedBytes: 300_000_000, totalBytes: 1_920_000_000, bytesPerSecond: 2e6, etaSeconds: 800 });
        library.addJob({ id: "gemma-2-2b-it-Q6_K", state: "failed", error: { code: "UNAVAILABLE", message: "Offline", details: { offline: true } } });
        library.device = piDevice({ temperatureCelsius: 83 });
      },
    );
    await act(async () => {
      fireEvent.click(within(screen.getByRole("listitem", { name: "Gemma 2 2B IT · Q8_0" })).getByRole("button", { name: /^Download/ }));
    });
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Delete gemma-2-2b-it-Q4_0.gguf…" }));
    });
    expect(screen.getByRole("group", { name: "Gemma Terms of Use" })).toBeTruthy();
    expect(library.jobs.size).toBe(2);

    expect(await violations(container)).toEqual([]);
  });
});
