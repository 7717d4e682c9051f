// @vitest-environment jsdom
import { act, fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { AppError } from "../../electron/common/contract/errors.ts";
import { LibraryScreen } from "../../renderer/src/components/LibraryScreen/LibraryScreen.tsx";
import { GB, renderWithLibrary, sampleCatalog, type FakeLibrary } from "./support/fake-library.ts";
import { settle } from "./support/render-app.tsx";

const item = (name: RegExp | string) => screen.getByRole("listitem", { name });

async function click(element: HTMLElement) {
  await act(async () => {
    fireEvent.click(element);
  });
  await settle();
}

async function startDownload(name: string) {
  await click(within(item(name)).getByRole("button", { name: /^Download/ }));
  await click(within(item(name)).getByRole("button", { name: "I accept the Gemma Terms of Use" }));
}

const starts = (main: { calls: { method: string; params: unknown }[] }) => main.calls.filter((c) => c.method === "downloads.start");

describe("library catalog", () => {
  it("shows each file's fit with its numbers, and the one recommended for this device", async () => {
    await renderWithLibrary(<LibraryScreen />);

    expect(screen.getByRole("heading", { name: "Model library" })).toBeTruthy();
    expect(screen.getByText("This device has 5.9 GB of 8.0 GB RAM available.")).toBeTruthy();
    expect(screen.getByText("Recommended for this device: Gemma 2 2B IT · Q4_0")).toBeTruthy();

    const q4 = item("Gemma 2 2B IT · Q4_0");
    expect(within(q4).getByText("Recommended for this device")).toBeTruthy();
    expect(within(q4).getByText("Fits")).toBeTruthy();
    expect(q4.textContent).toContain("Needs 2.4 GB of 5.9 GB available (8.0 GB total) at 4,096 tokens of context.");
    expect(q4.textContent).toContain("Fits comfortably with up to 8,192 tokens of context.");
    expect(q4.textContent).toContain("1.6 GB");
    expect(q4.textContent).not.toContain("about");
    expect(q4.textContent).toContain("Fastest on the Raspberry Pi");

    const tight = item("Gemma 2 9B IT · Q4_0");
    expect(within(tight).getByText("Tight")).toBeTruthy();
    expect(within(tight).queryByText("Recommended for this device")).toBeNull();
    expect(tight.textContent).toContain("Needs 6.4 GB of 5.9 GB available");
    expect(tight.textContent).toContain("It runs if you close other apps");

    const wont = item("Gemma 2 9B IT · Q4_K_M");
    expect(within(wont).getByText("Won't fit")).toBeTruthy();
    expect(wont.textContent).toContain("No context size fits comfortably.");
  });

  it("says the context size that would fit when the chosen one does not", async () => {
    await renderWithLibrary(<LibraryScreen />, (library) => {
      library.catalog = (contextSize) => {
        const listing = sampleCatalog(contextSize);
        const first = listing.items[0];
        if (first) first.fit = { ...first.fit, verdict: "tight", fittingContextSize: 2048 };
        return listing;
      };
    });
    expect(item("Gemma 2 2B IT · Q4_0").textContent).toContain("Fits comfortably with a smaller context: up to 2,048 tokens.");
  });

  it("re-asks the catalog when the context size changes", async () => {
    const { main } = await renderWithLibrary(<LibraryScreen />);
    const select = screen.getByRole("combobox", { name: "Context size" }) as HTMLSelectElement;
    expect(select.value).toBe("4096");
    expect([...select.options].map((o) => o.textContent)).toEqual(["2,048 tokens", "4,096 tokens", "8,192 tokens"]);

    await act(async () => {
      fireEvent.change(select, { target: { value: "8192" } });
    });
    await settle();

    const asked = main.calls.filter((c) => c.method === "library.catalog").map((c) => c.params);
    expect(asked.at(-1)).toEqual({ contextSize: 8192 });
    expect(item("Gemma 2 2B IT · Q4_0").textContent).toContain("at 8,192 tokens of context");
  });

  it("shows the Gemma terms before the first download, and starts only once they are accepted", async () => {
    const { main } = await renderWithLibrary(<LibraryScreen />);
    const terms = screen.getAllByRole("link", { name: "Read the Gemma Terms of Use" });
    expect(terms[0]?.getAttribute("href")).toBe("https://ai.google.dev/gemma/terms");

    const q4 = item("Gemma 2 2B IT · Q4_0");
    await click(within(q4).getByRole("button", { name: "Download Gemma 2 2B IT · Q4_0 (1.6 GB)" }));
    const confirm = within(q4).getByRole("group", { name: "Gemma Terms of Use" });
    expect(within(confirm).getByRole("link", { name: "Read the Gemma Terms of Use" })).toBeTruthy();
    expect(starts(main)).toEqual([]);

    await click(within(confirm).getByRole("button", { name: "Cancel" }));
    expect(starts(main)).toEqual([]);
    expect(within(q4).queryByRole("group")).toBeNull();

    await startDownload("Gemma 2 2B IT · Q4_0");
    expect(starts(main).map((c) => c.params)).toEqual([{ variantId: "gemma-2-2b-it-Q4_0", acceptedTerms: true }]);
    expect(within(item("Gemma 2 2B IT · Q4_0")).getByRole("progressbar", { name: "Download of Gemma 2 2B IT · Q4_0" })).toBeTruthy();

    // Accepted once: the next download starts straight away.
    await click(within(item("Gemma 2 2B IT · Q5_K_M")).getByRole("button", { name: /^Download/ }));
    expect(starts(main)).toHaveLength(2);
    expect(item("Gemma 2 2B IT · Q5_K_M").textContent).toContain("Queued — starts when the current download finishes");
  });

  async function failingStart(error: AppError): Promise<{ library: FakeLibrary; main: { calls: { method: string }[] } }> {
    const harness = await renderWithLibrary(<LibraryScreen />, (library) => {
      library.startError = error;
    });
    await startDownload("Gemma 2 2B IT · Q4_0");
    return harness;
  }

  it("offline: says downloads are unavailable, keeps the catalog, and retries", async () => {
    const { library, main } = await failingStart(
      new AppError("UNAVAILABLE", "Offline — downloads unavailable (cannot reach huggingface.co: ENOTFOUND).", { offline: true, code: "ENOTFOUND" }),
    );
    expect(within(item("Gemma 2 2B IT · Q4_0")).getByRole("alert").textContent).toContain("Offline — downloads unavailable.");
    expect(screen.getByRole("note").textContent).toMatch(/^Offline — downloads unavailable\. Installed models and the catalog below still work/);
    expect(screen.getAllByRole("listitem", { name: /Gemma 2/ })).toHaveLength(7);

    library.startError = undefined;
    await click(screen.getByRole("button", { name: "Retry: Gemma 2 2B IT · Q4_0" }));
    expect(main.calls.filter((c) => c.method === "downloads.start")).toHaveLength(2);
    expect(screen.queryByRole("alert")).toBeNull();
    expect(screen.queryByRole("note")).toBeNull();
  });

  it("not enough disk: says how much is needed and how much is free", async () => {
    await failingStart(
      new AppError("UNAVAILABLE", "Not enough disk space for gemma-2-2b-it-Q4_0.gguf: Needs 1.7 GB, 0.9 GB free.", {
        reason: "disk-space",
        needBytes: 1.7 * GB,
        freeBytes: 0.9 * GB,
      }),
    );
    expect(screen.getByRole("alert").textContent).toContain("Not enough disk space. Needs 1.7 GB, 0.9 GB free.");
  });

  it("gated: asks for a token and links to Settings", async () => {
    const { store } = await renderWithLibrary(<LibraryScreen />, (library) => {
      library.startError = new AppError("UNAVAILABLE", "google/gemma-2-2b-it-GGUF is gated: add a Hugging Face access token in Settings", {
        httpStatus: 401,
        needsToken: true,
      });
    });
    await startDownload("Gemma 2 2B IT · Q4_0");
    expect(screen.getByRole("alert").textContent).toContain("This model is gated: Hugging Face wants an access token");
    await click(screen.getByRole("button", { name: "Add a token in Settings" }));
    expect(store.getState().screen).toBe("settings");
  });

  it("shows a catalog that could not be loaded, with Try again", async () => {
    let fail = true;
    await renderWithLibrary(<LibraryScreen />, (library) => {
      library.catalog = (contextSize) => {
        if (fail) throw new AppError("INTERNAL", "catalog.json is broken");
        return sampleCatalog(contextSize);
      };
    });
    expect(screen.getByText("Couldn't load the catalog: catalog.json is broken")).toBeTruthy();
    fail = false;
    await click(screen.getByRole("button", { name: "Try again" }));
    expect(screen.queryByText(/Couldn't load the catalog/)).toBeNull();
    expect(item("Gemma 2 2B IT · Q4_0")).toBeTruthy();
  });
});
