// @vitest-environment jsdom
import { act, fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { LibraryScreen } from "../../renderer/src/components/LibraryScreen/LibraryScreen.tsx";
import { StatusBar } from "../../renderer/src/components/StatusBar/StatusBar.tsx";
import { GB, installedModel, renderWithLibrary, type FakeLibrary } from "./support/fake-library.ts";
import { settle } from "./support/render-app.tsx";

const downloaded = installedModel("gemma-2-2b-it-Q4_0.gguf", { catalogId: "gemma-2-2b-it-Q4_0", addedAt: Date.UTC(2025, 0, 15, 12) });
const copied = installedModel("my-gemma-Q5_K_M.gguf", {
  sizeBytes: 1_920_000_000,
  quantization: "Q5_K_M",
  source: { kind: "import", originalPath: "/media/usb/my-gemma-Q5_K_M.gguf" },
  addedAt: null,
});
const inPlace = installedModel("big-Q8_0.gguf", {
  path: "/media/usb/big-Q8_0.gguf",
  sizeBytes: 2_780_000_000,
  quantization: null,
  architecture: "llama",
  source: { kind: "import", originalPath: "/media/usb/big-Q8_0.gguf" },
  inPlace: true,
});

function prepare(library: FakeLibrary) {
  library.models = [downloaded, copied, inPlace];
  library.modelsFolderBytes = 3_550_000_000;
  library.freeDiskBytes = 12.4 * GB;
}

const model = (id: string) => screen.getByRole("listitem", { name: id });

async function click(element: HTMLElement) {
  await act(async () => {
    fireEvent.click(element);
  });
  await settle();
}

describe("installed models", () => {
  it("lists size, quantization, source and date, and the models folder's disk use", async () => {
    await renderWithLibrary(<LibraryScreen />, prepare);
    expect(screen.getByText("Models folder: 3.5 GB used · 12.4 GB free on its disk")).toBeTruthy();

    const first = model("gemma-2-2b-it-Q4_0.gguf").textContent;
    expect(first).toContain("1.6 GB");
    expect(first).toContain("Q4_0");
    expect(first).toContain("Downloaded from bartowski/gemma-2-2b-it-GGUF");
    expect(first).toContain("Added Jan 15, 2025");

    expect(model("my-gemma-Q5_K_M.gguf").textContent).toContain("Imported (copied into the models folder)");
    expect(model("my-gemma-Q5_K_M.gguf").textContent).toContain("Date unknown");
    const third = model("big-Q8_0.gguf").textContent;
    expect(third).toContain("Used in place from /media/usb/big-Q8_0.gguf");
    expect(third).toContain("quantization unknown");
    expect(third).toContain("Not Gemma 2 (llama)");
  });

  it("says when there are no models yet", async () => {
    await renderWithLibrary(<LibraryScreen />);
    expect(screen.getByText("No models yet. Download one above, or import a GGUF file you already have.")).toBeTruthy();
  });

  it("sets a model active: main loads it and the status bar shows the loading", async () => {
    const { main } = await renderWithLibrary(
      <>
        <LibraryScreen />
        <StatusBar />
      </>,
      prepare,
    );
    await click(screen.getByRole("button", { name: "Use gemma-2-2b-it-Q4_0.gguf" }));

    expect(main.calls.filter((c) => c.method === "library.setActive").map((c) => c.params)).toEqual([{ id: "gemma-2-2b-it-Q4_0.gguf" }]);
    expect(within(model("gemma-2-2b-it-Q4_0.gguf")).getByText("Active")).toBeTruthy();
    expect(screen.getByRole("status").textContent).toBe("Loading model… 10%");
    // The catalog entry of that file says it is in use.
    expect(within(screen.getByRole("listitem", { name: "Gemma 2 2B IT · Q4_0" })).getByText("In use")).toBeTruthy();

    await click(screen.getByRole("button", { name: "Stop using gemma-2-2b-it-Q4_0.gguf" }));
    expect(main.calls.filter((c) => c.method === "library.setActive").at(-1)?.params).toEqual({ id: null });
    expect(within(model("gemma-2-2b-it-Q4_0.gguf")).queryByText("Active")).toBeNull();
  });

  it("deletes only after a confirmation that says how much space it frees", async () => {
    const { main } = await renderWithLibrary(<LibraryScreen />, prepare);
    await click(screen.getByRole("button", { name: "Delete my-gemma-Q5_K_M.gguf…" }));
    const confirm = within(model("my-gemma-Q5_K_M.gguf")).getByRole("group");
    expect(confirm.textContent).toContain("Delete my-gemma-Q5_K_M.gguf? This frees 1.9 GB.");
    expect(document.activeElement?.textContent).toBe("Cancel");
    expect(main.methodsCalled()).not.toContain("library.delete");

    await click(within(confirm).getByRole("button", { name: "Cancel" }));
    expect(main.methodsCalled()).not.toContain("library.delete");

    await click(screen.getByRole("button", { name: "Delete my-gemma-Q5_K_M.gguf…" }));
    await click(within(model("my-gemma-Q5_K_M.gguf")).getByRole("button", { name: "Delete" }));
    expect(main.calls.filter((c) => c.method === "library.delete").map((c) => c.params)).toEqual([{ id: "my-gemma-Q5_K_M.gguf" }]);
    expect(screen.queryByRole("listitem", { name: "my-gemma-Q5_K_M.gguf" })).toBeNull();
    expect(screen.getByText("Deleted my-gemma-Q5_K_M.gguf: 1.9 GB freed.")).toBeTruthy();
  });

  it("warns that the model in use is unloaded before it is deleted", async () => {
    await renderWithLibrary(<LibraryScreen />, (library) => {
      prepare(library);
      library.activeId = "gemma-2-2b-it-Q4_0.gguf";
    });
    await click(screen.getByRole("button", { name: "Delete gemma-2-2b-it-Q4_0.gguf…" }));
    expect(within(model("gemma-2-2b-it-Q4_0.gguf")).getByRole("group").textContent).toBe(
      "Delete gemma-2-2b-it-Q4_0.gguf? This frees 1.6 GB. It is the model in use: the chat unloads it first.DeleteCancel",
    );
  });

  it("an in-place import is only removed from the library: its file stays and nothing is freed", async () => {
    await renderWithLibrary(<LibraryScreen />, prepare);
    await click(screen.getByRole("button", { name: "Delete big-Q8_0.gguf…" }));
    expect(model("big-Q8_0.gguf").textContent).toContain("The file stays at /media/usb/big-Q8_0.gguf, so no space is freed.");
    await click(within(model("big-Q8_0.gguf")).getByRole("button", { name: "Remove" }));
    expect(screen.getByText("Removed big-Q8_0.gguf from the library.")).toBeTruthy();
  });
});
