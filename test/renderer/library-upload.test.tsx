// @vitest-environment jsdom
import { act, fireEvent, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { preloadGlobalName } from "../../electron/common/contract/preload-api.ts";
import { LibraryScreen } from "../../renderer/src/components/LibraryScreen/LibraryScreen.tsx";
import { installedModel, renderWithLibrary } from "./support/fake-library.ts";
import { nextFrame, settle } from "./support/render-app.tsx";

/**
 * The browser's side of the HTTP exchange the host's upload route answers (test/host/upload.test.ts runs the real
 * route): what the page sends is recorded, and the test plays the host's answers and the upload's progress events.
 */
class RecordedUpload {
  static last: RecordedUpload | undefined;
  method = "";
  url = "";
  body: unknown;
  status = 0;
  response: unknown = null;
  responseType = "";
  aborted = false;
  readonly upload: { onprogress: ((event: { loaded: number; total: number }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;

  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  send(body: unknown) {
    this.body = body;
    RecordedUpload.last = this;
  }
  abort() {
    this.aborted = true;
    this.onabort?.();
  }
  answer(status: number, response: unknown) {
    this.status = status;
    this.response = response;
    this.onload?.();
  }
}

const realXhr = globalThis.XMLHttpRequest;
beforeEach(() => {
  RecordedUpload.last = undefined;
  globalThis.XMLHttpRequest = RecordedUpload as unknown as typeof XMLHttpRequest;
});
afterEach(() => {
  globalThis.XMLHttpRequest = realXhr;
  delete (window as unknown as Record<string, unknown>)[preloadGlobalName];
});

const importPanel = () => screen.getByRole("region", { name: "Import a GGUF file" });
const file = new File([new Uint8Array(4096)], "gemma-2-2b-it-Q4_0.gguf");

async function chooseAndUpload() {
  fireEvent.change(within(importPanel()).getByLabelText("Or send a file from this device"), { target: { files: [file] } });
  expect(importPanel().textContent).toContain("gemma-2-2b-it-Q4_0.gguf: press Upload to send it.");
  await act(async () => {
    fireEvent.click(within(importPanel()).getByRole("button", { name: "Upload" }));
  });
  await settle();
  const sent = RecordedUpload.last;
  if (!sent) throw new Error("nothing was uploaded");
  return sent;
}

describe("import from a browser: uploading the file", () => {
  it("sends the file's bytes to the host with progress, then offers to use the model", async () => {
    const harness = await renderWithLibrary(<LibraryScreen />);
    const sent = await chooseAndUpload();
    expect([sent.method, sent.url, sent.body]).toEqual(["PUT", "/upload/gemma-2-2b-it-Q4_0.gguf", file]);

    expect(importPanel().textContent).toContain("Checking gemma-2-2b-it-Q4_0.gguf…");
    act(() => sent.upload.onprogress?.({ loaded: 1024, total: 4096 }));
    await settle();
    nextFrame(harness.frames);
    const bar = within(importPanel()).getByRole("progressbar", { name: "Import of gemma-2-2b-it-Q4_0.gguf" }) as HTMLProgressElement;
    expect([bar.value, bar.max]).toEqual([1024, 4096]);
    expect(importPanel().textContent).toContain("Copying gemma-2-2b-it-Q4_0.gguf: ");

    await act(async () => sent.answer(200, { model: installedModel("gemma-2-2b-it-Q4_0.gguf"), warnings: [] }));
    await settle();
    expect(importPanel().textContent).toContain("Imported gemma-2-2b-it-Q4_0.gguf.");
  });

  it("stops the upload with Cancel", async () => {
    await renderWithLibrary(<LibraryScreen />);
    const sent = await chooseAndUpload();
    await act(async () => {
      fireEvent.click(within(importPanel()).getByRole("button", { name: "Cancel import" }));
    });
    await settle();
    expect(sent.aborted).toBe(true);
    expect(within(importPanel()).queryByRole("progressbar")).toBeNull();
  });

  it("says why the host refused the file", async () => {
    await renderWithLibrary(<LibraryScreen />);
    const sent = await chooseAndUpload();
    await act(async () =>
      sent.answer(422, { error: { code: "MODEL_INVALID", message: "gemma-2-2b-it-Q4_0.gguf is not a GGUF model file" } }),
    );
    await settle();
    expect(importPanel().textContent).toContain("Couldn't import gemma-2-2b-it-Q4_0.gguf.");
    expect(importPanel().textContent).toContain("gemma-2-2b-it-Q4_0.gguf is not a GGUF model file");
  });

  it("is not offered in the desktop app, which imports by path", async () => {
    (window as unknown as Record<string, unknown>)[preloadGlobalName] = {};
    await renderWithLibrary(<LibraryScreen />);
    expect(within(importPanel()).queryByLabelText("Or send a file from this device")).toBeNull();
  });
});
