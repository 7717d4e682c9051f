// @vitest-environment jsdom
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { act, fireEvent, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { EngineStatus } from "../../electron/common/contract/app/engine.ts";
import { Composer } from "../../renderer/src/components/Composer/Composer.tsx";
import { initI18n } from "../../renderer/src/i18n/index.ts";
import { StatusBar } from "../../renderer/src/components/StatusBar/StatusBar.tsx";
import { modelAt } from "./support/fake-main.ts";
import { renderWithMain, settle } from "./support/render-app.tsx";

const modelPath = "/models/gemma-2-2b-it-Q4_0.gguf";
const model = modelAt(modelPath);

async function showStatus(status: EngineStatus) {
  const harness = await renderWithMain(<StatusBar />);
  act(() => harness.main.setStatus(status));
  await settle();
  return harness;
}

const statusText = () => screen.getByRole("status").textContent;

describe("StatusBar", () => {
  it("says when no model is loaded", async () => {
    await renderWithMain(<StatusBar />);
    expect(statusText()).toBe("No model loaded");
    expect(screen.queryByRole("button", { name: "Restart" })).toBeNull();
  });

  it("shows the engine starting", async () => {
    await showStatus({ state: "starting", modelPath });
    expect(statusText()).toBe("Starting engine…");
  });

  it("shows loading progress as a percentage and a progress bar", async () => {
    await showStatus({ state: "loading", modelPath, progress: 0.634 });
    expect(statusText()).toBe("Loading model… 63%");
    expect(screen.getByRole("progressbar").getAttribute("aria-valuenow")).toBe("63");
  });

  it("shows the model name when ready", async () => {
    await showStatus({ state: "ready", model });
    expect(statusText()).toBe("Ready · gemma-2-2b-it-Q4_0");
  });

  it("shows generation in progress", async () => {
    await showStatus({ state: "generating", model });
    expect(statusText()).toBe("Generating · gemma-2-2b-it-Q4_0");
  });

  it("shows a load error", async () => {
    await showStatus({ state: "error", error: { code: "OUT_OF_MEMORY", message: "Not enough memory for this model" } });
    expect(statusText()).toBe("Engine error: Not enough memory for this model");
  });

  it("after a crash offers Restart, which reloads the last model", async () => {
    const { main } = await showStatus({
      state: "exited",
      reason: "killed by SIGKILL (out of memory?)",
      exitCode: null,
      signal: "SIGKILL",
      lastLines: ["llama_model_load: loading tensors", "ggml: alloc failed"],
      modelPath,
    });
    expect(statusText()).toBe("Engine crashed: killed by SIGKILL (out of memory?)");
    expect(screen.getByText(/ggml: alloc failed/)).toBeTruthy();

    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Restart" }));
    });
    await settle();

    expect(main.calls.filter((c) => c.method === "engine.loadModel").map((c) => c.params)).toEqual([{ path: modelPath }]);
    expect(statusText()).toBe("Ready · gemma-2-2b-it-Q4_0");
    expect(screen.queryByRole("button", { name: "Restart" })).toBeNull();
  });

  it("restarts the model it last saw when the crash status has no path", async () => {
    const { main } = await showStatus({ state: "ready", model });
    act(() => main.setStatus({ state: "exited", reason: "exit code 134", exitCode: 134, signal: null, lastLines: [] }));
    await settle();
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Restart" }));
    });
    await settle();
    expect(main.calls.find((c) => c.method === "engine.loadModel")?.params).toEqual({ path: modelPath });
  });

  it("after the keep-alive unloaded the model, says it reloads on the next message and lets one be sent", async () => {
    const { main } = await renderWithMain(
      <>
        <StatusBar />
        <Composer />
      </>,
      (main) => {
        main.status = { state: "ready", model };
        main.settings.value.model.keepAlive = 5;
      },
    );
    act(() => main.setStatus({ state: "no-model" }));
    await settle();
    expect(statusText()).toBe("Model unloaded while idle · it loads again with your next message");
    fireEvent.change(screen.getByRole("textbox", { name: "Message" }), { target: { value: "Still there?" } });
    expect((screen.getByRole("button", { name: "Send" }) as HTMLButtonElement).disabled).toBe(false);

    act(() => void main.settings.apply({ model: { keepAlive: "forever" } }));
    await settle();
    expect(statusText()).toBe("No model loaded");
  });

  it("keeps its height when the Restart button appears (fixed in CSS)", async () => {
    const css = readFileSync(join(import.meta.dirname, "../../renderer/src/components/StatusBar/StatusBar.css"), "utf8");
    const bar = /\.status-bar \{([^}]*)\}/.exec(css)?.[1] ?? "";
    expect(bar).toMatch(/(^|\s)height: 2\.5rem;/);
    expect(bar).not.toMatch(/min-height/);
  });

  it("says which program is using the model through the local API while it does, in the live region, and in Chinese", async () => {
    const { main } = await showStatus({ state: "generating", model });
    act(() => main.emit("api.activity", { program: { client: "ollama-js/0.6.4", endpoint: "/api/chat", model: "gemma2:2b" } }));
    await settle();
    expect(statusText()).toBe("Generating · gemma-2-2b-it-Q4_0 · A program (ollama-js/0.6.4 via /api/chat) is using gemma2:2b");

    act(() => main.emit("api.activity", { program: { client: null, endpoint: "/v1/chat/completions", model: "gemma2:2b" } }));
    await settle();
    expect(statusText()).toBe("Generating · gemma-2-2b-it-Q4_0 · A program (via /v1/chat/completions) is using gemma2:2b");

    act(() => void initI18n("zh-CN"));
    await settle();
    expect(statusText()).toMatch(/ · 有程序（经 \/v1\/chat\/completions）正在使用 gemma2:2b$/);

    act(() => main.setStatus({ state: "ready", model }));
    act(() => main.emit("api.activity", { program: null }));
    await settle();
    expect(statusText()).not.toMatch(/正在使用/);
  });

  it("shows a program that was already using the model when the window opened", async () => {
    await renderWithMain(<StatusBar />, (main) => {
      main.status = { state: "generating", model };
      main.apiActivity = { program: { client: "curl/7.88.1", endpoint: "/api/generate", model: "gemma2:2b" } };
    });
    await settle();
    expect(statusText()).toBe("Generating · gemma-2-2b-it-Q4_0 · A program (curl/7.88.1 via /api/generate) is using gemma2:2b");
  });
});
