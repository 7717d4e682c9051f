// @vitest-environment jsdom
import { act, fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { LibraryScreen } from "../../renderer/src/components/LibraryScreen/LibraryScreen.tsx";
import { initI18n } from "../../renderer/src/i18n/index.ts";
import { renderWithLibrary } from "./support/fake-library.ts";
import { nextFrame, settle } from "./support/render-app.tsx";

const id = "gemma-2-2b-it-Q4_0";
const name = "Gemma 2 2B IT · Q4_0";
const row = () => screen.getByRole("listitem", { name });
const at = new Date(2026, 11, 6, 20, 31, 5).getTime();

describe("a download that is retrying says why, which try and when", () => {
  it("names an empty reply (not offline) and the give-up bound", async () => {
    const harness = await renderWithLibrary(<LibraryScreen />, (library) => library.addJob({ id, receivedBytes: 400_000_000 }));
    act(
      () =>
        void harness.library.progress(id, {
          retry: {
            attempt: 2, maxAttempts: 6, nextAttemptAt: at, giveUpWithinSeconds: 217,
            error: { code: "UNAVAILABLE", message: "cdn closed", details: { reason: "closed-without-answer", host: "cdn-lfs.example", code: "UND_ERR_SOCKET", offline: false, retryable: true } },
          },
        }),
    );
    await settle();
    nextFrame(harness.frames);
    const notice = within(row()).getByRole("status");
    expect(notice.textContent).toBe(
      `cdn-lfs.example closed the connection without answering (UND_ERR_SOCKET). Try 2 of 6 at ${new Date(at).toLocaleTimeString("en")}. ` +
        "A download that keeps failing like this stops after 6 tries in a row, within 4 min.",
    );
    expect(screen.queryByText(/Offline/)).toBeNull();
  });

  it("states a trickle's rule in Chinese too", async () => {
    try {
      const harness = await renderWithLibrary(<LibraryScreen />, (library) => library.addJob({ id, receivedBytes: 400_000_000 }));
      act(() => void initI18n("zh-CN"));
      act(
        () =>
          void harness.library.progress(id, {
            retry: {
              attempt: 3, maxAttempts: 6, nextAttemptAt: at, giveUpWithinSeconds: 217,
              error: { code: "UNAVAILABLE", message: "slow", details: { reason: "stalled", stall: "slow", floorBytesPerSecond: 1000, windowSeconds: 30, idleSeconds: 30 } },
            },
          }),
      );
      await settle();
      nextFrame(harness.frames);
      expect(screen.getByRole("status").textContent).toMatch(/^下载停滞：30 秒内速度低于 1\.0 kB\/s。 将于 .* 进行第 3 次尝试（共 6 次）。 如果一直这样失败，下载会在连续 6 次尝试后停止/);
    } finally {
      initI18n("en");
    }
  });
});

describe("models found on this Pi", () => {
  it("lists a found Ollama model with where it is, and Use adopts it in place and makes it active", async () => {
    const harness = await renderWithLibrary(<LibraryScreen />, (library) => {
      library.found = [
        {
          store: "ollama", name: "gemma2:2b", otherNames: ["gemma2:latest"], storeRoot: "/usr/share/ollama/.ollama/models",
          path: "/usr/share/ollama/.ollama/models/blobs/sha256-00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
          sizeBytes: 1_600_000_000, quantization: "Q4_0", sha256: "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff", catalogId: null,
        },
      ];
    });
    const found = screen.getByRole("region", { name: "Found on this Pi" });
    const item = within(found).getByRole("listitem", { name: "gemma2:2b" });
    expect(item.textContent).toContain("In Ollama's folder /usr/share/ollama/.ollama/models");
    expect(item.textContent).toContain("Also called gemma2:latest");
    expect(item.textContent).toContain("never copies it");

    await act(async () => {
      fireEvent.click(within(item).getByRole("button", { name: "Use gemma2:2b in place" }));
    });
    await settle();
    await settle();
    expect(harness.main.calls.filter((call) => call.method === "library.useFound").map((call) => call.params)).toEqual([
      { path: "/usr/share/ollama/.ollama/models/blobs/sha256-00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff" },
    ]);
    expect(harness.main.calls.some((call) => call.method === "library.setActive")).toBe(true);
    expect(screen.queryByRole("region", { name: "Found on this Pi" })).toBeNull();
    expect(screen.getByText("Found on this Pi: gemma2:2b in Ollama's folder, used in place")).toBeTruthy();
  });
});
