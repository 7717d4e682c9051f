import { describe, expect, it } from "vitest";
import { AppError } from "../../electron/common/contract/errors.ts";
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

  it("replaces the conversation on chat.updated, at once, with main's final text and stats", async () => {
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
    expect(store.getSnapshot().sending).toEqual({});
  });

  it("ignores a delta that arrives after the answer was finalised", async () => {
    const { main, frames, answerText, conversationId, answerId, sent } = await streaming();
    main.delta("Done.");
    main.finish();
    await sent;
    // A straggler for the same message (main already counted it in the final text).
    main.emit("chat.delta", {
      conversationId,
      messageId: answerId,
      text: " again",
      tokens: 1,
    });
    await flush();
    frames.frame();
    expect(answerText()).toBe("Done.");
  });

  it("adds a streaming answer when a delta names a message main has not announced", async () => {
    const { main, frames, store, conversationId } = await streaming();
    main.emit("chat.delta", {
      conversationId,
      messageId: "surprise",
      text: "Hi",
      tokens: 1,
    });
    await flush();
    frames.frame();
    const added = store.getSnapshot().loaded[conversationId]?.messages.at(-1);
    expect(added).toMatchObject({ id: "surprise", role: "model", text: "Hi", status: "streaming" });
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
