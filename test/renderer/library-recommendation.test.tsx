// @vitest-environment jsdom
import { act, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { LibraryScreen } from "../../renderer/src/components/LibraryScreen/LibraryScreen.tsx";
import { initI18n } from "../../renderer/src/i18n/index.ts";
import { renderWithLibrary } from "./support/fake-library.ts";

/** The fixture is an 8 GB Pi 5 (library-fixtures.ts); its explanation comes from main's recommendation.ts. */
describe("the recommendation banner explains the pick", () => {
  it("says why this file for this device and names the runner-up", async () => {
    await renderWithLibrary(<LibraryScreen />);
    const banner = screen.getByRole("group", { name: "Why this file" });
    const lines = [...banner.querySelectorAll("p")].map((p) => p.textContent);
    expect(lines[0]).toBe("Recommended for this device: Gemma 2 2B IT · Q4_0");
    expect(lines[1]).toBe("This device: 8.0 GB of RAM (5.9 GB free now), 4 × Cortex-A76 cores (arm64).");
    expect(lines[2]).toMatch(/^Gemma 2 2B IT · Q4_0 needs \d\.\d GB with 4,096 tokens of context, and fits comfortably with up to 8,192 tokens\.$/);
    expect(lines[3]).toMatch(/^On this arm64 CPU Q4_0 is the fast choice/);
    expect(lines[4]).toMatch(/^Gemma 2 9B IT · Q4_0 would need \d\.\d GB: more than is free with room to spare/);
    expect(lines[5]).toMatch(/^Runner-up: Gemma 2 2B IT · Q8_0 — better answers, but it reads prompts more slowly on this CPU and needs \d\.\d GB more RAM\.$/);
  });

  it("says it in Chinese", async () => {
    await renderWithLibrary(<LibraryScreen />);
    act(() => void initI18n("zh-CN"));
    try {
      const text = screen.getByRole("group", { name: "为什么推荐这个文件" }).textContent ?? "";
      expect(text).toContain("本设备：内存 8.0 GB（当前可用 5.9 GB），4 个 Cortex-A76 核心（arm64）。");
      expect(text).toContain("次选：Gemma 2 2B IT · Q8_0——回答更好");
    } finally {
      act(() => void initI18n("en"));
    }
  });
});
