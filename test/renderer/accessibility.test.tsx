// @vitest-environment jsdom
import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import axe from "axe-core";
import { describe, expect, it } from "vitest";
import { AppError } from "../../electron/common/contract/errors.ts";
import { App } from "../../renderer/src/components/App/App.tsx";
import { modelAt, sampleStats } from "./support/fake-main.ts";
import { renderWithMain, settle } from "./support/render-app.tsx";

async function violations(container: Element): Promise<string[]> {
  // jsdom does no layout, so contrast is checked in a real browser instead.
  const result = await axe.run(container, { rules: { "color-contrast": { enabled: false } } });
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

describe("accessibility (axe)", () => {
  it("finds no violations in a chat with code, a stopped answer, a crash and a banner", async () => {
    const path = "/models/gemma-2-2b-it-Q4_0.gguf";
    const { container, main } = await renderWithMain(<App />, (main) => {
      main.addConversation("Code please", [
        { id: "u1", role: "user", text: "Code please", status: "complete", createdAt: 1 },
        { id: "m1", role: "model", text: "```ts\nconst x = 1;\n```", status: "complete", createdAt: 2, stats: sampleStats },
        { id: "m2", role: "model", text: "Half", status: "stopped", createdAt: 3 },
      ]);
      main.loadError = new AppError("MODEL_INVALID", "Not a GGUF file");
    });
    act(() => main.setStatus({ state: "exited", reason: "SIGKILL", exitCode: null, signal: "SIGKILL", lastLines: ["x"], modelPath: path }));
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Open GGUF file…" }));
    });
    await settle();
    expect(screen.getByRole("alert").textContent).toContain("Not a GGUF file");
    expect(screen.getByRole("region", { name: "The engine ran out of memory" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "Restart" })).toBeTruthy();

    expect(await violations(container)).toEqual([]);
  });

  it("finds no violations on the empty first start", async () => {
    const { container } = await renderWithMain(<App />);
    expect(screen.getByRole("status").textContent).toBe("No model loaded");
    expect(await violations(container)).toEqual([]);
  });

  it("finds no violations on the settings screen, with a refused value and the notices banner", async () => {
    const { container } = await renderWithMain(<App />, (main) => {
      main.settings.notices = ["The settings file was damaged; the defaults are used."];
    });
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Settings" }));
    });
    await settle();
    const temperature = screen.getByRole("spinbutton", { name: "Temperature" });
    fireEvent.change(temperature, { target: { value: "9" } });
    await act(async () => {
      fireEvent.blur(temperature);
    });
    await settle();
    expect(screen.getAllByRole("alert")).toHaveLength(2);
    expect(await violations(container)).toEqual([]);
  });

  it("finds no violations with versions, an open editor, search results, the chat settings and the undo toast", async () => {
    const { container } = await renderWithMain(<App />, (main) => {
      main.status = { state: "ready", model: modelAt("/models/gemma-2-2b-it-Q4_0.gguf") };
      main.addConversation("Other", [{ id: "o1", role: "user", text: "Bye", status: "complete", createdAt: 1 }], 10);
      const chat = main.addConversation("Versions", [
        { id: "u1", role: "user", text: "Hi", status: "complete", createdAt: 1 },
        {
          id: "m1",
          role: "model",
          text: "Two",
          status: "stopped",
          createdAt: 2,
          alternatives: [
            { text: "One", status: "complete", createdAt: 1 },
            { text: "Two", status: "stopped", createdAt: 2 },
          ],
          selectedAlternative: 1,
        },
      ], 20);
      chat.contextStartId = "m1";
    });
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Edit" }));
      fireEvent.click(screen.getByRole("button", { name: "Chat settings" }));
      fireEvent.click(screen.getByRole("button", { name: "Delete “Other”" }));
    });
    await settle();
    fireEvent.change(screen.getByRole("searchbox", { name: "Search chats" }), { target: { value: "hi" } });
    await waitFor(() => expect(screen.getByRole("list", { name: "1 matching chat" })).toBeTruthy());
    expect(screen.getByRole("group", { name: "Answer versions" })).toBeTruthy();
    expect(screen.getByText("“Other”")).toBeTruthy();
    expect(await violations(container)).toEqual([]);
  });
});
