// @vitest-environment node
import { afterEach, describe, expect, it } from "vitest";
import type { EngineStatus } from "../../electron/common/contract/index.ts";
import { MemoryConversationStore } from "../../electron/node/services/chat/conversation-store.ts";
import { EngineSupervisor } from "../../electron/node/services/inference/supervisor.ts";
import { ClientChats } from "../chats/support/client-chats.ts";
import { spawnTestEngine } from "../support/engine.ts";
import { testLoadOptions, tinyModel } from "../support/models.ts";

let supervisor: EngineSupervisor | undefined;
afterEach(() => supervisor?.dispose());

function startChats() {
  supervisor = new EngineSupervisor(spawnTestEngine(), testLoadOptions);
  const statuses: EngineStatus[] = [];
  supervisor.onStatus((status) => statuses.push(status));
  const deltas: string[] = [];
  const sampling = { maxTokens: 12, seed: 1 };
  const chats = new ClientChats(
    { supervisor, store: new MemoryConversationStore(), events: { changed: () => undefined }, sampling: () => sampling },
    (_conversationId, { text }) => deltas.push(text),
  );
  return { supervisor, chats, statuses, deltas, sampling };
}

describe("the engine supervisor with a real engine process", () => {
  it("goes starting → loading → ready → generating → ready", async () => {
    const { supervisor, chats, statuses } = startChats();
    await supervisor.loadModel(await tinyModel("q4_0"));
    const conversation = await chats.create();
    const answer = await chats.send(conversation.id, "Hello there");
    expect(answer.status).toBe("complete");
    const states = statuses.map((status) => status.state).filter((state, index, all) => state !== all[index - 1]);
    expect(states).toEqual(["starting", "loading", "ready", "generating", "ready"]);
    expect(statuses.find((status) => status.state === "ready")).toMatchObject({ model: { architecture: "gemma2" } });
  });

  it("reports a killed engine as ENGINE_CRASHED, keeps the chat and the partial answer, and recovers on the next message", async () => {
    const { supervisor, chats, statuses, deltas, sampling } = startChats();
    await supervisor.loadModel(await tinyModel("q4_0"));
    const conversation = await chats.create();
    await chats.send(conversation.id, "First question");

    const killAfterFirstTokens = new Promise<void>((resolve) => {
      const started = deltas.length;
      const timer = setInterval(() => {
        if (deltas.length >= started + 3) {
          clearInterval(timer);
          process.kill(supervisor.pid ?? 0, "SIGKILL");
          resolve();
        }
      }, 5);
    });
    sampling.maxTokens = 400;
    const crashed = chats.send(conversation.id, "Write a very long essay about computers.");
    await killAfterFirstTokens;
    const interrupted = await crashed;

    expect(interrupted.status).toBe("crashed");
    expect(interrupted.error?.code).toBe("ENGINE_CRASHED");
    expect(interrupted.error?.message).toMatch(/SIGKILL/);
    expect(interrupted.text.length).toBeGreaterThan(0);
    const exited = statuses.at(-1);
    expect(exited).toMatchObject({ state: "exited", signal: "SIGKILL" });

    const kept = chats.get(conversation.id);
    expect(kept.messages.map((message) => [message.role, message.status])).toEqual([
      ["user", "complete"],
      ["model", "complete"],
      ["user", "complete"],
      ["model", "crashed"],
    ]);
    expect(kept.messages[3]?.text).toBe(interrupted.text);

    sampling.maxTokens = 12;
    const recovered = await chats.send(conversation.id, "Are you back?");
    expect(recovered.status).toBe("complete");
    expect(recovered.text.length).toBeGreaterThan(0);
    expect(supervisor.status.state).toBe("ready");
    expect(chats.get(conversation.id).messages).toHaveLength(6);
    // Two loads and three answers with a real engine: over a minute when the shared machine is busy.
  }, 180_000);

  it("says what to do when asked to chat with no model", async () => {
    const { chats } = startChats();
    const conversation = await chats.create();
    const answer = await chats.send(conversation.id, "Hello?");
    expect(answer.status).toBe("error");
    expect(answer.error).toMatchObject({ code: "MODEL_NOT_LOADED", message: "Open a model before chatting" });
  });
});
