// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatTurn, Conversation } from "../../electron/common/contract/index.ts";
import { toTurns } from "../../electron/node/services/chat/answer-runner.ts";
import { EngineSupervisor } from "../../electron/node/services/inference/supervisor.ts";
import { spawnTestEngine } from "../support/engine.ts";
import { testLoadOptions, tinyModel } from "../support/models.ts";
import { chatHarness, recordingEngine, temporaryFolder } from "./support/chat-harness.ts";

let supervisor: EngineSupervisor;
let folder: { dir: string; remove: () => Promise<void> };

beforeAll(async () => {
  folder = await temporaryFolder("kv-cache");
  supervisor = new EngineSupervisor(spawnTestEngine(), testLoadOptions);
  await supervisor.loadModel(await tinyModel("q4_0"));
});
afterAll(async () => {
  supervisor.dispose();
  await folder.remove();
});

const longFirstQuestion =
  "I have a Raspberry Pi 5 with eight gigabytes of memory and the active cooler. " +
  "Which quantization of Gemma 2 should I download, how large is the file, and how fast will it answer?";

/** A chat with the same messages as `conversation` under a new id, as if it had been imported. */
function copyOf(conversation: Conversation, id: string): Conversation {
  return { ...structuredClone(conversation), id, messages: conversation.messages.map((message, index) => ({ ...message, id: `${id}-${index}` })) };
}

describe("the engine's KV cache across turns and chats", () => {
  it("evaluates only the new message when a chat goes on, the whole history for a chat it did not just answer", async () => {
    const engine = recordingEngine(supervisor);
    const harness = chatHarness({ dir: folder.dir, engine, sampling: () => ({ maxTokens: 8, seed: 1 }) });
    let chats = harness.chats;
    /** Every prompt must carry exactly its own chat's turns before the new message. */
    const send = async (conversationId: string, text: string) => {
      const before: ChatTurn[] = toTurns(chats.get(conversationId).messages);
      const answer = await chats.send(conversationId, text);
      expect(engine.prompts.at(-1)).toMatchObject({ history: before, text });
      expect(answer.status).toBe("complete");
      return answer.stats?.promptTokens ?? Number.NaN;
    };

    const a = await chats.create();
    const firstTurn = await send(a.id, longFirstQuestion);
    const afterTurnOne = chats.get(a.id);
    const followUp = await send(a.id, "And then?");

    const c = await chats.create();
    await send(c.id, "Something else entirely: tell me about cats.");

    // A fresh chat holding A's first turn gets the same follow-up: the engine evaluates all of it.
    await harness.store.save(copyOf(afterTurnOne, "b"));
    chats = await harness.reopen();
    const sameHistoryFresh = await send("b", "And then?");
    expect(engine.prompts.at(-1)?.history).toEqual(engine.prompts[1]?.history);

    expect(followUp).toBeLessThan(firstTurn);
    expect(followUp * 2).toBeLessThan(sameHistoryFresh);
    expect(sameHistoryFresh).toBeGreaterThanOrEqual(firstTurn);

    // Switching chats: each one is given its own history, re-evaluated once, then reused again.
    const cAfterSwitch = await send(c.id, "Go on.");
    const aAfterSwitch = await send(a.id, "Go on.");
    const aOnceMore = await send(a.id, "More, please.");
    expect(cAfterSwitch).toBeGreaterThan(followUp);
    expect(aAfterSwitch).toBeGreaterThan(sameHistoryFresh);
    expect(aOnceMore * 2).toBeLessThan(aAfterSwitch);

    const userTexts = (id: string) => chats.get(id).messages.filter((message) => message.role === "user").map((message) => message.text);
    expect(userTexts(a.id)).toEqual([longFirstQuestion, "And then?", "Go on.", "More, please."]);
    expect(userTexts(c.id)).toEqual(["Something else entirely: tell me about cats.", "Go on."]);
    expect(userTexts("b")).toEqual([longFirstQuestion, "And then?"]);
  });

  it("prepares the next turn while the answer is read: a follow-up evaluates only its own words and the turn's closing", async () => {
    const engine = recordingEngine(supervisor);
    const harness = chatHarness({ dir: folder.dir, engine, sampling: () => ({ maxTokens: 8, seed: 1 }) });
    const { chats } = harness;
    const followUpText = "Which one is faster on a Raspberry Pi 5, and by how much?";
    const readingTime = () => new Promise((resolve) => setTimeout(resolve, 1000));

    const chat = await chats.create();
    await chats.send(chat.id, longFirstQuestion);
    await readingTime();
    const followUp = await chats.send(chat.id, followUpText);
    await readingTime();
    const opening = await chats.send((await chats.create()).id, followUpText);

    // The new chat's <bos><start_of_turn>user\n is in the KV cache already (every chat starts so), so it evaluates
    // just the words and <end_of_turn>\n<start_of_turn>model\n. So does the prepared follow-up: the end of the previous
    // answer and the opening of its turn were evaluated while the answer was read (unprepared: 11 tokens more).
    expect(followUp.status).toBe("complete");
    expect(followUp.stats?.promptTokens).toBe(opening.stats?.promptTokens);
  });
});
