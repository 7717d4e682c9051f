// @vitest-environment jsdom
import { act, fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { AppError } from "../../electron/common/contract/errors.ts";
import { LibraryScreen } from "../../renderer/src/components/LibraryScreen/LibraryScreen.tsx";
import { GB, installedModel, renderWithLibrary, type LibraryHarness } from "./support/fake-library.ts";
import { nextFrame, settle } from "./support/render-app.tsx";

const id = "gemma-2-2b-it-Q4_0";
const name = "Gemma 2 2B IT · Q4_0";
const row = () => screen.getByRole("listitem", { name });

async function click(label: string) {
  await act(async () => {
    fireEvent.click(within(row()).getByRole("button", { name: label }));
  });
  await settle();
}

/** A screen where the Q4_0 download is already under way (main restored it, or it was started earlier). */
async function downloading(): Promise<LibraryHarness> {
  const harness = await renderWithLibrary(<LibraryScreen />, (library) => {
    library.addJob({ id, receivedBytes: 820_000_000, totalBytes: 1_630_000_000, bytesPerSecond: 2_300_000, etaSeconds: 352 });
  });
  return harness;
}

const calls = (harness: LibraryHarness, method: string) => harness.main.calls.filter((c) => c.method === method).map((c) => c.params);

describe("library downloads", () => {
  it("shows progress inline with bytes, speed and time left, updated by progress events", async () => {
    const harness = await downloading();
    const bar = within(row()).getByRole("progressbar", { name: `Download of ${name}` }) as HTMLProgressElement;
    expect(bar.value).toBe(820_000_000);
    expect(bar.max).toBe(1_630_000_000);
    expect(row().textContent).toContain("0.8 GB of 1.6 GB · 2.3 MB/s · 6 min left");

    act(() => void harness.library.progress(id, { receivedBytes: 1_600_000_000, bytesPerSecond: 2_100_000, etaSeconds: 14 }));
    await settle();
    nextFrame(harness.frames); // Progress is shown with the next animation frame.
    expect(row().textContent).toContain("1.6 GB of 1.6 GB · 2.1 MB/s · 14 s left");

    act(() => void harness.library.progress(id, { state: "verifying", bytesPerSecond: null, etaSeconds: null }));
    await settle();
    expect(row().textContent).toContain("Checking the file's SHA-256…");
  });

  it("pause, resume and cancel call main and follow its answer", async () => {
    const harness = await downloading();
    await click(`Pause download of ${name}`);
    expect(calls(harness, "downloads.pause")).toEqual([{ id }]);
    expect(row().textContent).toContain("Paused at 0.8 GB of 1.6 GB");

    await click(`Resume download of ${name}`);
    expect(calls(harness, "downloads.resume")).toEqual([{ id }]);
    expect(within(row()).getByRole("button", { name: `Pause download of ${name}` })).toBeTruthy();

    await click(`Cancel download of ${name}`);
    expect(calls(harness, "downloads.cancel")).toEqual([{ id }]);
    expect(within(row()).queryByRole("progressbar")).toBeNull();
    expect(within(row()).getByRole("button", { name: /^Download/ })).toBeTruthy();
  });

  it("shows a queued download with Pause and Cancel", async () => {
    await renderWithLibrary(<LibraryScreen />, (library) => library.addJob({ id, state: "queued" }));
    expect(row().textContent).toContain("Queued — starts when the current download finishes");
    expect(within(row()).getByRole("button", { name: `Cancel download of ${name}` })).toBeTruthy();
  });

  it("a damaged file says so, that nothing was activated, and Retry resumes", async () => {
    const harness = await downloading();
    act(
      () =>
        void harness.library.progress(id, {
          state: "failed",
          receivedBytes: 0,
          error: {
            code: "MODEL_INVALID",
            message: "The downloaded gemma-2-2b-it-Q4_0.gguf is corrupt: its SHA-256 does not match the one published for it.",
            details: { reason: "sha256-mismatch", expectedSha256: "a".repeat(64), actualSha256: "b".repeat(64), retryable: true },
          },
        }),
    );
    await settle();
    const alert = within(row()).getByRole("alert");
    expect(alert.textContent).toContain("The file was damaged in transit");
    expect(alert.textContent).toContain("nothing was activated");

    await click(`Retry: ${name}`);
    expect(calls(harness, "downloads.resume")).toEqual([{ id }]);
    expect(within(row()).queryByRole("alert")).toBeNull();
  });

  it("a resume refused for lack of disk shows the figures on the row", async () => {
    await renderWithLibrary(<LibraryScreen />, (library) => {
      library.addJob({ id, state: "paused", receivedBytes: 500_000_000 });
      library.resumeError = new AppError("UNAVAILABLE", "Not enough disk space", { reason: "disk-space", needBytes: 1.7 * GB, freeBytes: 0.9 * GB });
    });
    await click(`Resume download of ${name}`);
    expect(within(row()).getByRole("alert").textContent).toContain("Needs 1.7 GB, 0.9 GB free.");
    await click(`Dismiss the error about ${name}`);
    expect(within(row()).queryByRole("alert")).toBeNull();
  });

  it("a failed download that went offline shows the offline note", async () => {
    const harness = await downloading();
    act(
      () =>
        void harness.library.progress(id, {
          state: "failed",
          error: { code: "UNAVAILABLE", message: "Offline — downloads unavailable (cannot reach huggingface.co: ENOTFOUND).", details: { offline: true } },
        }),
    );
    await settle();
    expect(within(row()).getByRole("alert").textContent).toContain("Offline — downloads unavailable.");
    expect(screen.getByRole("note").textContent).toContain("Offline — downloads unavailable");
  });

  it("once downloaded and installed, offers to use the model", async () => {
    const harness = await downloading();
    harness.library.models = [installedModel("gemma-2-2b-it-Q4_0.gguf", { catalogId: id })];
    act(() => {
      harness.library.progress(id, { state: "completed", receivedBytes: 1_630_000_000 });
      harness.main.emit("library.changed", { reason: "downloaded", id: "gemma-2-2b-it-Q4_0.gguf" });
    });
    await settle();
    expect(within(row()).getByText("Installed")).toBeTruthy();
    await click(`Use this model: ${name}`);
    expect(calls(harness, "library.setActive")).toEqual([{ id: "gemma-2-2b-it-Q4_0.gguf" }]);
    expect(within(row()).getByText("In use")).toBeTruthy();
  });

  it("lists a download that is not in the catalog under Other downloads", async () => {
    await renderWithLibrary(<LibraryScreen />, (library) =>
      library.addJob({ id: "custom-model", variantId: null, file: "custom-model.gguf", state: "paused", receivedBytes: 100_000_000 }),
    );
    expect(screen.getByRole("heading", { name: "Other downloads" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "Resume download of custom-model.gguf" })).toBeTruthy();
  });
});
