import { describe, expect, it } from "vitest";
import { AppError } from "../../electron/common/contract/errors.ts";
import { isGenerating } from "../../renderer/src/state/app-state.ts";
import { createAppStore } from "../../renderer/src/state/app-store.ts";
import { FakeFrames } from "./support/fake-frames.ts";
import { FakeMain, modelAt } from "./support/fake-main.ts";

async function flush() {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

async function started(prepare?: (main: FakeMain) => void) {
  const main = new FakeMain();
  main.status = { state: "ready", model: modelAt("/models/gemma.gguf") };
  prepare?.(main);
  const frames = new FakeFrames();
  const store = createAppStore(main.client, { scheduler: frames });
  await store.start();
  let notified = 0;
  store.subscribe(() => notified++);
  return { main, frames, store, notifications: () => notified };
}

/** Starts a store, sends a message and lets main announce the (empty) streaming answer. */
async function streaming() {
  const harness = await started();
  const sent = harness.store.actions.send("Hello");
  await flush();
  const conversationId = harness.store.getState().activeId!;
  const answerId = harness.main.answering!;
  const answerText = () => harness.store.getSnapshot().loaded[conversationId]?.messages.find((m) => m.id === answerId)?.text;
  return { ...harness, sent, conversationId, answerId, answerText };
}

describe("app store", () => {
  it("starts with main's engine status and opens the newest conversation", async () => {
    const { store } = await started((main) => {
      main.addConversation("Older", [], 100);
      main.addConversation("Newer", [{ id: "m1", role: "user", text: "hi", status: "complete", createdAt: 1 }], 200);
    });
    await flush();
    const state = store.getSnapshot();
    expect(state.engine.state).toBe("ready");
    expect(state.conversations.map((c) => c.title)).toEqual(["Newer", "Older"]);
    expect(state.activeId).toBe(state.conversations[0]?.id);
    expect(state.loaded[state.activeId!]?.messages.map((m) => m.text)).toEqual(["hi"]);
  });

  it("shows the deltas of one frame with a single notification", async () => {
    const { main, frames, notifications, answerText } = await streaming();
    const before = notifications();

    main.delta("The ");
    main.delta("Raspberry ");
    main.delta("Pi");
    await flush();

    expect(notifications()).toBe(before); // Nothing shown before the frame…
    expect(answerText()).toBe("");
    expect(frames.pending).toBe(1); // …and only one frame asked for.

    frames.frame();
    expect(notifications()).toBe(before + 1);
    expect(answerText()).toBe("The Raspberry Pi");
  });

  it("notifies once per frame while tokens keep coming", async () => {
    const { main, frames, notifications, answerText } = await streaming();
    const before = notifications();
    for (const word of ["one ", "two "]) {
      main.delta(word);
      main.delta(word);
      await flush();
      frames.frame();
    }
    frames.frame(); // An idle frame: nothing new, no notification.
    expect(notifications()).toBe(before + 2);
    expect(answerText()).toBe("one one two two ");
  });

  it("shows the user's message and the empty answer, streaming, as soon as main starts the answer", async () => {
    const { store, conversationId, answerId } = await streaming();
    const messages = store.getSnapshot().loaded[conversationId]?.messages ?? [];
    expect(messages.map((m) => [m.role, m.text, m.status])).toEqual([
      ["user", "Hello", "complete"],
      ["model", "", "streaming"],
    ]);
    expect(messages.at(-1)?.id).toBe(answerId);
    expect(isGenerating(store.getSnapshot(), conversationId)).toBe(true);
  });

  it("shows the change the answer call ends with at once, with main's final text and stats", async () => {
    const { main, frames, store, notifications, answerText, sent, conversationId } = await streaming();
    main.delta("Partial");
    await flush();
    const before = notifications();

    main.finish();
    await sent;
    await flush();

    expect(notifications()).toBeGreaterThan(before);
    expect(frames.pending).toBe(0); // The pending delta frame was folded into the immediate update.
    expect(answerText()).toBe("Partial");
    const answer = store.getSnapshot().loaded[conversationId]?.messages.at(-1);
    expect(answer?.status).toBe("complete");
    expect(answer?.stats?.generatedTokens).toBe(42);
    expect(isGenerating(store.getSnapshot(), conversationId)).toBe(false);
  });

  it("ignores text reported after the answer ended", async () => {
    const { main, frames, answerText, sent } = await streaming();
    const straggler = main.answer!.progress;
    main.delta("Done.");
    main.finish();
    await sent;
    straggler({ type: "delta", text: " again", tokens: 1 });
    await flush();
    frames.frame();
    expect(answerText()).toBe("Done.");
  });

  it("applies chat.changed: only the changed messages are replaced, the others keep their identity", async () => {
    const { main, store } = await started((main) => {
      main.addConversation("Open", [
        { id: "q", role: "user", text: "Hi", status: "complete", createdAt: 1 },
        { id: "a", role: "model", text: "Hello", status: "complete", createdAt: 2 },
      ]);
    });
    await flush();
    const conversationId = store.getState().activeId!;
    const [question] = store.getSnapshot().loaded[conversationId]!.messages;
    const summary = { ...store.getSnapshot().conversations[0]!, title: "Renamed", updatedAt: 9000 };
    main.emit("chat.changed", { conversation: summary, messages: [{ id: "a", role: "model", text: "Hello again", status: "complete", createdAt: 2 }] });
    await flush();
    const shown = store.getSnapshot().loaded[conversationId]!;
    expect(shown.title).toBe("Renamed");
    expect(shown.messages.map((m) => m.text)).toEqual(["Hi", "Hello again"]);
    expect(shown.messages[0]).toBe(question);
    expect(store.getSnapshot().conversations[0]?.title).toBe("Renamed");
  });

  it("follows engine.status events and remembers the model for a restart", async () => {
    const { main, store } = await started();
    main.setStatus({ state: "loading", modelPath: "/models/other.gguf", progress: 0.5 });
    await flush();
    expect(store.getSnapshot().engine).toEqual({ state: "loading", modelPath: "/models/other.gguf", progress: 0.5 });
    main.setStatus({ state: "exited", reason: "crash", exitCode: 1, signal: null, lastLines: [] });
    await flush();
    expect(store.getSnapshot().lastModelPath).toBe("/models/other.gguf");
  });

  it("turns a failed call into a dismissible notice, but not a cancellation", async () => {
    const { main, store } = await started((main) => {
      main.dialogPath = "/models/broken.gguf";
      main.loadError = new AppError("MODEL_INVALID", "broken.gguf is not a GGUF file");
    });
    await store.actions.openModelFile();
    expect(main.calls.find((c) => c.method === "engine.loadModel")?.params).toEqual({ path: "/models/broken.gguf" });
    const [notice] = store.getSnapshot().notices;
    expect(notice).toMatchObject({ code: "MODEL_INVALID", message: "broken.gguf is not a GGUF file" });

    store.actions.dismissNotice(notice!.id);
    store.actions.report(new AppError("CANCELLED", "Cancelled"));
    expect(store.getSnapshot().notices).toEqual([]);
  });

  it("does nothing when the file dialog is cancelled", async () => {
    const { main, store } = await started((main) => (main.dialogPath = null));
    await store.actions.openModelFile();
    expect(main.methodsCalled()).not.toContain("engine.loadModel");
  });
});
