// @vitest-environment jsdom
import { act, fireEvent, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { AppError } from "../../electron/common/contract/errors.ts";
import { preloadGlobalName } from "../../electron/common/contract/preload-api.ts";
import { LibraryScreen } from "../../renderer/src/components/LibraryScreen/LibraryScreen.tsx";
import { initI18n } from "../../renderer/src/i18n/index.ts";
import { renderWithLibrary, type LibraryHarness } from "./support/fake-library.ts";
import { nextFrame, settle } from "./support/render-app.tsx";

const path = "/home/pi/Downloads/gemma-2-2b-it-Q4_K_M.gguf";
const importPanel = () => screen.getByRole("region", { name: "Import a GGUF file" });
const pathField = () => within(importPanel()).getByRole("textbox", { name: "Path of the .gguf file" }) as HTMLInputElement;
const imports = (harness: LibraryHarness) => harness.main.calls.filter((c) => c.method === "library.import").map((c) => c.params);

async function click(element: HTMLElement) {
  await act(async () => {
    fireEvent.click(element);
  });
  await settle();
}

async function importPath(value: string, mode?: "Use it in place (no copy; the file must stay where it is)") {
  fireEvent.change(pathField(), { target: { value } });
  if (mode) fireEvent.click(within(importPanel()).getByRole("radio", { name: mode }));
  await click(within(importPanel()).getByRole("button", { name: "Import" }));
}

function drop(file: File) {
  act(() => {
    fireEvent.dragEnter(importPanel(), { dataTransfer: { types: ["Files"], files: [file] } });
  });
  expect(screen.getByText("Drop the .gguf file to import it")).toBeTruthy();
  act(() => {
    fireEvent.drop(importPanel(), { dataTransfer: { types: ["Files"], files: [file] } });
  });
  expect(screen.queryByText("Drop the .gguf file to import it")).toBeNull();
}

afterEach(() => {
  delete (window as unknown as Record<string, unknown>)[preloadGlobalName];
});

describe("import (browser host: a path on the device)", () => {
  it("offers a path field instead of a file dialog", async () => {
    await renderWithLibrary(<LibraryScreen />);
    expect(within(importPanel()).queryByRole("button", { name: "Choose file…" })).toBeNull();
    expect(importPanel().textContent).toContain("the file must already be on the device running Edge Gemma");
    expect((within(importPanel()).getByRole("button", { name: "Import" }) as HTMLButtonElement).disabled).toBe(true);
  });

  it("copies with progress, then offers to use the model", async () => {
    const harness = await renderWithLibrary(<LibraryScreen />, (library) => {
      library.holdImports = true;
    });
    await importPath(path);
    expect(imports(harness)).toEqual([{ path, mode: "copy" }]);
    expect(importPanel().textContent).toContain("Checking gemma-2-2b-it-Q4_K_M.gguf…");

    act(() => harness.library.importProgress(800_000_000, 1_710_000_000));
    await settle();
    nextFrame(harness.frames);
    const bar = within(importPanel()).getByRole("progressbar", { name: "Import of gemma-2-2b-it-Q4_K_M.gguf" }) as HTMLProgressElement;
    expect(bar.value).toBe(800_000_000);
    expect(importPanel().textContent).toContain("Copying gemma-2-2b-it-Q4_K_M.gguf: 0.8 GB of 1.7 GB");

    act(() => harness.library.finishImport());
    await settle();
    expect(importPanel().textContent).toContain("Imported gemma-2-2b-it-Q4_K_M.gguf.");
    expect(screen.getByRole("listitem", { name: "gemma-2-2b-it-Q4_K_M.gguf" })).toBeTruthy(); // The installed list was refreshed.

    await click(within(importPanel()).getByRole("button", { name: "Use this model: gemma-2-2b-it-Q4_K_M.gguf" }));
    expect(harness.main.calls.find((c) => c.method === "library.setActive")?.params).toEqual({ id: "gemma-2-2b-it-Q4_K_M.gguf" });
    // Then the chat, where the model is wanted.
    expect(harness.store.getState().screen).toBe("chat");
  });

  it("uses a file in place, and warns when it is not Gemma 2", async () => {
    const harness = await renderWithLibrary(<LibraryScreen />, (library) => {
      library.importArchitecture = "llama";
      library.importWarnings = ['This is a "llama" model, not Gemma 2: it may work…'];
    });
    await importPath("/media/usb/llama.gguf", "Use it in place (no copy; the file must stay where it is)");
    expect(imports(harness)).toEqual([{ path: "/media/usb/llama.gguf", mode: "in-place" }]);
    expect(within(importPanel()).getByRole("note").textContent).toContain("This model's architecture is llama, not Gemma 2");
  });

  it("can cancel a running import", async () => {
    await renderWithLibrary(<LibraryScreen />, (library) => {
      library.holdImports = true;
    });
    await importPath(path);
    await click(within(importPanel()).getByRole("button", { name: "Cancel import" }));
    expect(within(importPanel()).queryByRole("progressbar")).toBeNull();
    expect(within(importPanel()).queryByRole("alert")).toBeNull();
  });

  it("shows why a file can't be imported, once, and takes the user there", async () => {
    await renderWithLibrary(<LibraryScreen />, (library) => {
      library.importError = new AppError("MODEL_INVALID", "notes.gguf is not a GGUF file (it does not start with the GGUF signature).", {
        reason: "load-failed",
        path: "/home/pi/notes.gguf",
      });
    });
    await importPath("/home/pi/notes.gguf");
    expect(importPanel().textContent).toContain("Couldn't import notes.gguf.");
    const alert = within(importPanel()).getByRole("alert");
    expect(alert.textContent).toContain("It isn't a usable GGUF model file: it doesn't start with the GGUF signature");
    // Main's own words (which repeat the name) only under Details; the name is said once before them.
    const details = within(alert).getByText("Details").closest("details");
    expect(details?.open).toBe(false);
    expect(details?.textContent).toContain("notes.gguf is not a GGUF file (it does not start with the GGUF signature).");
    expect(importPanel().textContent?.split("notes.gguf").length).toBe(3);
    // Where the user is looking: the outcome takes the focus (and is scrolled into view).
    expect(document.activeElement).toBe(alert.closest(".import-status"));
    await click(within(alert).getByRole("button", { name: "Dismiss the error about notes.gguf" }));
    expect(within(importPanel()).queryByRole("alert")).toBeNull();
  });

  it("says exactly what is wrong with a refused GGUF file, in English and in Chinese", async () => {
    await renderWithLibrary(<LibraryScreen />, (library) => {
      library.importError = new AppError("MODEL_INVALID", "cut.gguf: The file ends early, in the tensor data.", {
        reason: "truncated",
        section: "tensor-data",
        fileSize: 1000,
        neededBytes: 2048,
        path: "/home/pi/cut.gguf",
      });
    });
    await importPath("/home/pi/cut.gguf");
    const alert = within(importPanel()).getByRole("alert");
    expect(alert.textContent).toContain("cut.gguf is incomplete: it ends early, in the tensor data (1000 bytes; at least 2048 needed). Copy or download it again.");
    expect(within(alert).queryByRole("button", { name: /Retry/ })).toBeNull();
    try {
      act(() => void initI18n("zh-CN"));
      expect(alert.textContent).toContain("cut.gguf 不完整：文件在张量数据处提前结束（1000 字节，至少需要 2048 字节）。");
    } finally {
      act(() => void initI18n("en"));
    }
  });

  it("explains that a dropped file stays on this computer", async () => {
    await renderWithLibrary(<LibraryScreen />);
    drop(new File(["GGUF"], "gemma.gguf"));
    expect(importPanel().textContent).toContain("gemma.gguf is on this computer, but models are imported on the device running Edge Gemma.");
    drop(new File(["x"], "photo.jpg"));
    expect(importPanel().textContent).toContain("photo.jpg isn't a .gguf file");
  });
});

describe("import (Electron: the native dialog)", () => {
  it("picks the file with the dialog, then imports it", async () => {
    (window as unknown as Record<string, unknown>)[preloadGlobalName] = {};
    const harness = await renderWithLibrary(<LibraryScreen />, (_library, main) => {
      main.dialogPath = path;
    });
    await click(within(importPanel()).getByRole("button", { name: "Choose file…" }));
    expect(harness.main.methodsCalled()).toContain("dialog.openModelFile");
    expect(pathField().value).toBe(path);
    await click(within(importPanel()).getByRole("button", { name: "Import" }));
    expect(imports(harness)).toEqual([{ path, mode: "copy" }]);
  });

  it("a dropped file: its path through the preload's getPathForFile, or an explanation without it", async () => {
    const bridge: { getPathForFile?: (file: File) => string } = {};
    (window as unknown as Record<string, unknown>)[preloadGlobalName] = bridge;
    await renderWithLibrary(<LibraryScreen />);
    drop(new File(["GGUF"], "gemma.gguf"));
    expect(importPanel().textContent).toContain("Dropped gemma.gguf, but the app can't see where it is stored.");
    expect(pathField().value).toBe("");

    bridge.getPathForFile = (file) => `/home/pi/Downloads/${file.name}`;
    drop(new File(["GGUF"], "gemma.gguf"));
    expect(pathField().value).toBe("/home/pi/Downloads/gemma.gguf");
    expect(importPanel().textContent).toContain("Dropped gemma.gguf: choose how to import it, then press Import.");
  });
});
