import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, openApp, type OpenedApp } from "./support/browser.ts";
import { endlessAnswerSettings, generatingStatus, loadingStatus, modelLoadTimeoutMs, readyStatus } from "./support/demo.ts";
import { startHost, type RunningHost } from "./support/host.ts";
import { expectVisible } from "./support/wait.ts";
import { screenshotsDir } from "./support/paths.ts";

const crashedStatus = /^Engine crashed: .+/;

describe("the engine process dies", () => {
  let browser: Browser | undefined;
  let host: RunningHost;
  let opened: OpenedApp;

  beforeAll(async () => {
    browser = await launchBrowser();
    host = await startHost({ demo: true, settings: endlessAnswerSettings });
    opened = await openApp(browser, host.url);
    await opened.app.expectStatus(readyStatus, modelLoadTimeoutMs);
  });

  afterAll(async () => {
    await opened?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await host?.stop();
  });

  /** SIGKILLs the host's engine child, the way the OOM killer would. */
  function killEngine(): number {
    const pid = host.enginePid();
    if (pid === undefined) throw new Error(`the host has no engine process; host output:\n${host.output()}`);
    process.kill(pid, "SIGKILL");
    return pid;
  }

  it("mid-answer: the status bar says so, the chat keeps the partial answer, and the next message restarts the engine", async () => {
    const { app, page } = opened;
    await app.send("Describe the mountains");
    await app.expectStatus(generatingStatus);
    await app.waitForAnswerText(40);
    const killed = killEngine();

    await app.expectStatus(crashedStatus);
    await app.restartButton.waitFor({ state: "visible" });
    // The first answer of this chat (a locator is lazy: `.last()` would later find the next answer).
    const interrupted = app.messages("Gemma").first();
    await app.marker(interrupted, "Interrupted — engine crashed").waitFor();
    const partial = await app.messageText(interrupted);
    expect(partial.length).toBeGreaterThanOrEqual(40);
    expect(await app.messageText(app.messages("You").last())).toBe("Describe the mountains");
    // The crash is told once, in the status bar: no error banner, no lost connection.
    expect(await app.notices.count()).toBe(0);
    expect(await app.stopButton.count()).toBe(0);
    await page.screenshot({ path: path.join(screenshotsDir, "chat-engine-crashed-light.png") });

    // The next message works: main restarts the engine and reloads the model first.
    const seenBefore = (await app.statusHistory()).length;
    await app.send("Are you back?");
    await app.expectStatus(generatingStatus, modelLoadTimeoutMs);
    const seen = (await app.statusHistory()).slice(seenBefore);
    expect(seen, `status bar texts seen: ${JSON.stringify(seen)}`).toContainEqual(expect.stringMatching(loadingStatus));
    await expect.poll(() => app.messages("Gemma").count()).toBe(2);
    await app.waitForAnswerText(20);
    expect(await host.waitForEngine({ not: killed })).not.toBe(killed);

    await app.stopButton.click();
    const second = app.lastAnswer();
    await app.marker(second, "Stopped").waitFor({ timeout: 30_000 });
    await app.expectStatus(readyStatus);
    // Both exchanges are still there, the first answer still marked as interrupted, unchanged.
    expect(await app.messages("You").allTextContents()).toEqual([
      expect.stringContaining("Describe the mountains"),
      expect.stringContaining("Are you back?"),
    ]);
    await expectVisible(app.marker(interrupted, "Interrupted — engine crashed"));
    expect(await app.messageText(interrupted)).toBe(partial);
    expect(opened.errors()).toEqual([]);
  }, 240_000);

  it("when idle: Restart in the status bar reloads the model", async () => {
    const { app } = opened;
    const before = await app.statusHistory();
    const killed = killEngine();
    await app.expectStatus(crashedStatus);
    await app.restartButton.click();
    await app.expectStatus(readyStatus, modelLoadTimeoutMs);
    const seen = (await app.statusHistory()).slice(before.length);
    const crashedAt = seen.findIndex((text) => crashedStatus.test(text));
    expect(seen.slice(crashedAt), `status bar texts seen: ${JSON.stringify(seen)}`).toContainEqual(expect.stringMatching(loadingStatus));
    expect(await app.restartButton.count()).toBe(0);
    expect(await host.waitForEngine({ not: killed })).not.toBe(killed);
    // And it answers again.
    await app.send("One more");
    await app.waitForAnswerText(10);
    await app.stopButton.click();
    await app.marker(app.lastAnswer(), "Stopped").waitFor({ timeout: 30_000 });
    expect(opened.errors()).toEqual([]);
  }, 240_000);
});
