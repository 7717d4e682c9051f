import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { statsLinePattern } from "./support/app.ts";
import { launchBrowser, openApp, type OpenedApp } from "./support/browser.ts";
import { endlessAnswerSettings, generatingStatus, loadingStatus, modelLoadTimeoutMs, readyStatus } from "./support/demo.ts";
import { startHost, type RunningHost } from "./support/host.ts";
import { expectVisible } from "./support/wait.ts";
import { screenshotsDir } from "./support/paths.ts";

describe("first start with the demo model, then a streamed answer", () => {
  let browser: Browser | undefined;
  let host: RunningHost | undefined;
  let opened: OpenedApp;

  beforeAll(async () => {
    browser = await launchBrowser();
    host = await startHost({ demo: true, settings: endlessAnswerSettings });
    // Opened as soon as the host prints its URL: the demo model is still being written and loaded.
    opened = await openApp(browser, host.url);
  });

  afterAll(async () => {
    await opened?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await host?.stop();
  });

  it("shows the model loading in the status bar, then ready with the model's name", async () => {
    const { app } = opened;
    await app.expectStatus(readyStatus, modelLoadTimeoutMs);
    const history = await app.statusHistory();
    const readyAt = history.findIndex((text) => readyStatus.test(text));
    expect(history.slice(0, readyAt), `status bar texts seen: ${JSON.stringify(history)}`).toContainEqual(expect.stringMatching(loadingStatus));
    await expect.poll(() => app.messageBox.getAttribute("placeholder")).toMatch(/^Message Gemma…/);
    await expectVisible(app.page.getByText("Ask anything. Everything runs on this device."));
    await app.page.screenshot({ path: path.join(screenshotsDir, "chat-first-start-light.png") });
  });

  it("streams the answer in, and Stop keeps the partial answer, marked Stopped, with its stats line", async () => {
    const { app } = opened;
    const growth = await app.recordAnswerGrowth();
    await app.send("Tell me a long story about the sea");

    const question = app.messages("You").last();
    await expect.poll(() => app.messageText(question)).toBe("Tell me a long story about the sea");
    await app.expectStatus(generatingStatus);
    await app.stopButton.waitFor({ state: "visible" });
    // Several intermediate states of the growing answer, each shown while it is still being generated.
    await expect
      .poll(async () => new Set((await growth.samples()).filter((s) => s.generating && s.length > 0).map((s) => s.length)).size, {
        timeout: 60_000,
        message: "the answer should be seen growing",
      })
      .toBeGreaterThanOrEqual(5);
    const answer = app.lastAnswer();
    await expectVisible(app.marker(answer, "Generating…"));
    const beforeStop = await app.messageText(answer);

    await app.stopButton.click();
    await app.marker(answer, "Stopped").waitFor({ timeout: 30_000 });
    await app.expectStatus(readyStatus);
    const stats = app.statsLine(answer);
    await stats.waitFor({ timeout: 10_000 });
    expect((await stats.textContent())?.trim()).toMatch(statsLinePattern);

    // The partial answer stays, at least as long as it was when Stop was clicked.
    const kept = await app.messageText(answer);
    expect(kept.length).toBeGreaterThanOrEqual(beforeStop.length);
    expect(kept.slice(0, 20)).toBe(beforeStop.slice(0, 20));
    expect(await app.marker(answer, "Generating…").count()).toBe(0);
    await expectVisible(answer.getByRole("button", { name: "Copy message" }));

    const samples = await growth.samples();
    const streamed = samples.filter((s) => s.generating && s.length > 0).map((s) => s.length);
    expect(streamed.at(-1)).toBeGreaterThan(streamed[0] ?? 0);

    // Ready for the next message: Send is back (enabled once something is typed), Stop is gone.
    expect(await app.stopButton.count()).toBe(0);
    await app.messageBox.fill("Thanks");
    await expect.poll(() => app.sendButton.isEnabled()).toBe(true);
    await app.messageBox.fill("");
    // The conversation is listed, titled after the first message.
    expect(await app.conversations.allTextContents()).toEqual(["Tell me a long story about the sea"]);
    expect(opened.errors()).toEqual([]);
  });
});
