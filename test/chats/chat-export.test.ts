// @vitest-environment node
import { describe, expect, it } from "vitest";
import type { ChatMessage, Conversation } from "../../electron/common/contract/index.ts";
import { exportConversation, fileSlug } from "../../electron/node/services/chat/chat-export.ts";
import { snippet } from "../../electron/node/services/chat/chat-search.ts";
import { fakeStats } from "./support/chat-harness.ts";

const at = (minute: number) => Date.UTC(2025, 0, 2, 3, minute, 0);
const answered = { modelName: "Gemma 2 2B", quantization: "Q4_0", sampling: { temperature: 0.8, topK: 40, seed: 7, maxTokens: 256 } };

const firstVersion: ChatMessage = { id: "m2", role: "model", text: "It has four Cortex-A76 cores.", status: "complete", createdAt: at(1), stopReason: "end", stats: fakeStats, ...answered };
const secondVersion = { text: "Four **Cortex-A76** cores at 2.4 GHz.", status: "complete" as const, createdAt: at(2), stopReason: "end" as const, stats: fakeStats, ...answered };

const knownChat: Conversation = {
  id: "chat-1",
  title: "Pi 5: CPU?",
  createdAt: at(0),
  updatedAt: at(4),
  systemPrompt: "Answer briefly.\nUse Markdown.",
  messages: [
    { id: "m1", role: "user", text: "What CPU does the Pi 5 have?", status: "complete", createdAt: at(0) },
    {
      ...firstVersion,
      ...secondVersion,
      alternatives: [
        { text: firstVersion.text, status: "complete", createdAt: at(1), stopReason: "end", stats: fakeStats, ...answered },
        secondVersion,
      ],
      selectedAlternative: 1,
    },
    { id: "m3", role: "user", text: "And the GPU?", status: "complete", createdAt: at(3) },
    { id: "m4", role: "model", text: "A VideoCore", status: "stopped", createdAt: at(4), stopReason: "stopped", stats: fakeStats, ...answered },
  ],
};

const expectedMarkdown = `# Pi 5: CPU?

Exported from Edge Gemma on 2025-01-02T03:30:00.000Z.

**System prompt:**

> Answer briefly.
> Use Markdown.

## You

What CPU does the Pi 5 have?

## Gemma 2 2B (Q4_0)

Four **Cortex-A76** cores at 2.4 GHz.

_Version 2 of 2 · 5 tokens · 5.00 tokens/s · prompt 10 tokens · 1.0 s · temperature 0.8, top-k 40, seed 7_

## You

And the GPU?

## Gemma 2 2B (Q4_0)

A VideoCore

_Stopped before the end._

_5 tokens · 5.00 tokens/s · prompt 10 tokens · 1.0 s · temperature 0.8, top-k 40, seed 7_
`;

const stats = fakeStats;
const model = { name: "Gemma 2 2B", quantization: "Q4_0" };
const settings = { temperature: 0.8, topK: 40, seed: 7, maxTokens: 256 };

const expectedJson = {
  format: "edge-gemma-chat",
  formatVersion: 1,
  exportedAt: "2025-01-02T03:30:00.000Z",
  id: "chat-1",
  title: "Pi 5: CPU?",
  createdAt: "2025-01-02T03:00:00.000Z",
  updatedAt: "2025-01-02T03:04:00.000Z",
  systemPrompt: "Answer briefly.\nUse Markdown.",
  messages: [
    { role: "user", text: "What CPU does the Pi 5 have?", createdAt: "2025-01-02T03:00:00.000Z" },
    {
      role: "model",
      text: "Four **Cortex-A76** cores at 2.4 GHz.",
      status: "complete",
      stopReason: "end",
      createdAt: "2025-01-02T03:02:00.000Z",
      model,
      settings,
      stats,
      error: null,
      version: { shown: 2, of: 2 },
    },
    { role: "user", text: "And the GPU?", createdAt: "2025-01-02T03:03:00.000Z" },
    {
      role: "model",
      text: "A VideoCore",
      status: "stopped",
      stopReason: "stopped",
      createdAt: "2025-01-02T03:04:00.000Z",
      model,
      settings,
      stats,
      error: null,
      version: null,
    },
  ],
};

describe("exporting a chat", () => {
  it("writes the expected Markdown", () => {
    const exported = exportConversation(knownChat, "markdown", { exportedAt: at(30) });
    expect(exported.fileName).toBe("Pi-5-CPU.md");
    expect(exported.content).toBe(expectedMarkdown);
  });

  it("writes the expected JSON, with model, quantization, settings and stats per answer", () => {
    const exported = exportConversation(knownChat, "json", { exportedAt: at(30) });
    expect(exported.fileName).toBe("Pi-5-CPU.json");
    expect(exported.content).toBe(`${JSON.stringify(expectedJson, null, 2)}\n`);
  });

  it("uses the default system prompt for a chat without its own, and none when both are empty", () => {
    const { systemPrompt: _own, ...withoutOwn } = knownChat;
    const withDefault = exportConversation(withoutOwn, "json", { exportedAt: at(30), defaultSystemPrompt: "Be kind." });
    expect(JSON.parse(withDefault.content)).toMatchObject({ systemPrompt: "Be kind." });
    const withNone = exportConversation({ ...knownChat, systemPrompt: "" }, "markdown", { exportedAt: at(30), defaultSystemPrompt: "Be kind." });
    expect(withNone.content).not.toContain("System prompt");
  });

  it("makes file names from titles in any script", () => {
    expect(fileSlug("树莓派 5 的散热?")).toBe("树莓派-5-的散热");
    expect(fileSlug("///")).toBe("chat");
  });
});

describe("search snippets", () => {
  it("cut at spaces on both sides, and anywhere in text without spaces", () => {
    const text = `${"lorem ipsum ".repeat(6)}the Raspberry Pi 5 ${"dolor sit amet ".repeat(6)}`;
    expect(snippet(text, text.indexOf("Raspberry"), 9)).toBe("…ipsum lorem ipsum lorem ipsum the Raspberry Pi 5 dolor sit amet dolor sit amet…");
    const chinese = `${"这是一个很长的句子".repeat(6)}树莓派${"另一个句子".repeat(10)}`;
    expect(snippet(chinese, chinese.indexOf("树莓派"), 3)).toBe(`…${chinese.slice(chinese.indexOf("树莓派") - 40, chinese.indexOf("树莓派") + 43)}…`);
  });
});
