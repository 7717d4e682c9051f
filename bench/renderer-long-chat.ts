/**
 * The renderer at any chat size: a chat of thousands of messages, some answers holding a 100 KB code block, under
 * CPU throttling. Three phases, each recorded on its own: opening the chat from the sidebar, wheel- and then
 * jump-scrolling through it, and an answer streaming at its end.
 */
import type { ChatMessage, Conversation } from "../electron/common/contract/index.ts";
import { measurementScript, openRendererSession, stopCapture, waitForLogText, type PageCapture } from "./renderer-session.ts";
import type { CDPSession } from "playwright-core";
import { priorConversation, streamedAnswer } from "./scripted-chat.ts";
import { frameDeltas, percentile, round, wholeFrames } from "./stats.ts";

export interface LongChatOptions {
  rendererDir: string;
  cpuThrottle: number;
  messages: number;
  /** Every this many messages, an answer carries a big code block. */
  bigBlockEvery: number;
  bigBlockBytes: number;
  /** Pieces of the answer streamed at the end. */
  tokens: number;
  intervalMs: number;
  /** Diagnosis (it slows the page): started before each phase, stopped after it, e.g. a Chromium trace or a CPU profile. */
  probe?: { start(cdp: CDPSession): Promise<void>; stop(cdp: CDPSession, phase: string): Promise<void> };
}

export interface PhaseFigures {
  frameP95Ms: number | null;
  frameMaxMs: number | null;
  longestTaskMs: number;
  longTasks: number;
  ms: number;
}

export interface LongChatRun {
  messages: number;
  bigBlocks: number;
  open: PhaseFigures;
  wheelScroll: PhaseFigures;
  jumpScroll: PhaseFigures;
  /** Wheel and jump scrolling together. */
  scroll: PhaseFigures;
  stream: PhaseFigures;
}

export const longChatTitle = "Long chat (renderer benchmark)";
const longChatMarker = "End of the long chat for the renderer benchmark.";
const shortChatMarker = "End of the short chat for the renderer benchmark.";

/** `bytes` of TypeScript-like code in one fenced block (each line distinct, as real code is). */
export function bigCodeBlock(seed: number, bytes: number): string {
  const lines = ["```ts"];
  let size = 0;
  for (let line = 0; size < bytes; line++) {
    const text = `export function step${seed}_${line}(input: number[], scale = ${line % 17}): number { return input.reduce((sum, value) => sum + value * scale, ${line}); }`;
    lines.push(text);
    size += text.length + 1;
  }
  lines.push("```");
  return lines.join("\n");
}

function withMarker(conversation: Conversation, marker: string): Conversation {
  const messages = conversation.messages.map((message, index): ChatMessage =>
    index === conversation.messages.length - 1 ? { ...message, text: `${message.text}\n\n${marker}` } : message,
  );
  return { ...conversation, messages };
}

export function longChat(options: Pick<LongChatOptions, "messages" | "bigBlockEvery" | "bigBlockBytes">, now: number): Conversation {
  const base = priorConversation("bench-long-chat", options.messages, now - 3_600_000);
  const messages = base.messages.map((message, index): ChatMessage =>
    message.role === "model" && index % options.bigBlockEvery === 1
      ? { ...message, text: `${message.text}\n\nThe whole file:\n\n${bigCodeBlock(index, options.bigBlockBytes)}` }
      : message,
  );
  return withMarker({ ...base, title: longChatTitle, updatedAt: now - 3_600_000, messages }, longChatMarker);
}

function phase(capture: PageCapture, ms: number): PhaseFigures {
  const deltas = wholeFrames(frameDeltas(capture.frames));
  return {
    frameP95Ms: round(percentile(deltas, 95)),
    frameMaxMs: deltas.length > 0 ? round(Math.max(...deltas)) : null,
    longestTaskMs: round(Math.max(0, ...capture.longTasks.map((task) => task.duration))) ?? 0,
    longTasks: capture.longTasks.length,
    ms: round(ms) ?? 0,
  };
}

function merged(a: PageCapture, b: PageCapture): PageCapture {
  // Frame deltas are taken within each capture: the gap between the two is not a frame.
  return { frames: [], longTasks: [...a.longTasks, ...b.longTasks], startedAt: a.startedAt, endedAt: b.endedAt };
}

export async function measureLongChat(options: LongChatOptions, log: (line: string) => void): Promise<LongChatRun> {
  const now = Date.now();
  const long = longChat(options, now);
  const short = withMarker({ ...priorConversation("bench-short-chat", 4, now), title: "Short chat", updatedAt: now }, shortChatMarker);
  const pieces = streamedAnswer(options.tokens);
  const finalMarker = pieces.slice(-6).join("").trim();
  const session = await openRendererSession({ ...options, conversations: [long, short], pieces }, log);
  try {
    const { page } = session;
    await page.goto(session.url);
    await waitForLogText(page, shortChatMarker);
    await page.locator("textarea").first().waitFor({ state: "visible", timeout: 60_000 });
    await page.waitForTimeout(1500);

    // Open: from the click in the sidebar until the chat's last message is on screen, and a second after.
    const { probe } = options;
    const traced = async (name: string, capture: Promise<PageCapture>) => {
      const result = await capture;
      await probe?.stop(session.cdp, name);
      return result;
    };
    const start = async () => {
      await probe?.start(session.cdp);
      await page.evaluate(measurementScript);
    };
    await start();
    let startedAt = performance.now();
    await page.locator(`button[title="${longChatTitle}"]`).click();
    await waitForLogText(page, longChatMarker);
    await page.waitForTimeout(1000);
    const open = phase(await traced("open", stopCapture(page)), performance.now() - startedAt);
    // Code is highlighted off the main thread (a worker): counted to see that it happened at all.
    const highlighted = await page.locator("pre code.hljs").count();
    log(`  long chat open: longest task ${open.longestTaskMs} ms, ${open.longTasks} long tasks, ${open.ms} ms; highlighted code blocks on screen: ${highlighted}`);

    const log_ = page.locator("[role=log]");
    const box = await log_.boundingBox();
    if (!box) throw new Error("the chat log has no box");
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);

    // Wheel: up through the newest messages (big code blocks among them), as a reader scrolls back.
    await start();
    startedAt = performance.now();
    for (let step = 0; step < 40; step++) {
      await page.mouse.wheel(0, -500);
      await page.waitForTimeout(60);
    }
    await page.waitForTimeout(500);
    const wheelCapture = await traced("wheel", stopCapture(page));
    const wheelScroll = phase(wheelCapture, performance.now() - startedAt);

    // Jump: dragging the scrollbar's thumb to far-away places lands on rows never measured.
    await start();
    startedAt = performance.now();
    for (const fraction of [0.1, 0.55, 0.02, 0.8, 0.33, 0, 0.66, 0.95, 0.45]) {
      await log_.evaluate((element, at) => (element.scrollTop = at * (element.scrollHeight - element.clientHeight)), fraction);
      await page.waitForTimeout(400);
    }
    const jumpCapture = await traced("jump", stopCapture(page));
    const jumpScroll = phase(jumpCapture, performance.now() - startedAt);
    const scrollDeltas = [...wholeFrames(frameDeltas(wheelCapture.frames)), ...wholeFrames(frameDeltas(jumpCapture.frames))];
    const scroll = {
      ...phase(merged(wheelCapture, jumpCapture), wheelScroll.ms + jumpScroll.ms),
      frameP95Ms: round(percentile(scrollDeltas, 95)),
      frameMaxMs: scrollDeltas.length > 0 ? round(Math.max(...scrollDeltas)) : null,
    };
    log(`  long chat scroll: wheel p95 ${wheelScroll.frameP95Ms} ms, jump p95 ${jumpScroll.frameP95Ms} ms, longest task ${scroll.longestTaskMs} ms`);

    // Stream: back at the end, an answer streams in.
    await log_.evaluate((element) => (element.scrollTop = element.scrollHeight));
    await page.waitForTimeout(800);
    const composer = page.locator("textarea").first();
    await composer.fill("One more answer at the end of this long chat, please.");
    await start();
    startedAt = performance.now();
    await composer.press("Enter");
    await session.streamDone;
    await waitForLogText(page, finalMarker);
    const stream = phase(await traced("stream", stopCapture(page)), performance.now() - startedAt);
    log(`  long chat stream: p95 ${stream.frameP95Ms} ms, longest task ${stream.longestTaskMs} ms`);

    const bigBlocks = long.messages.filter((message) => message.text.includes("The whole file:")).length;
    return { messages: long.messages.length, bigBlocks, open, wheelScroll, jumpScroll, scroll, stream };
  } finally {
    await session.close();
  }
}
