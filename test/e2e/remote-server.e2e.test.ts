/**
 * Issue 16's story in Chromium: another computer with a bigger model is llama.cpp's own llama-server (built from
 * node-llama-cpp's llama.cpp source, serving the generated tiny Gemma 2 — test/support/llama-server.ts). The user adds
 * it in Settings → Other computers, tests the connection, picks its model in the chat header, chats, stops; then the
 * server dies mid-answer (SIGKILL), the partial answer stays with a message, and "Continue with the local model"
 * finishes it on this device's engine (the host's --demo model).
 */
import type { Browser, Locator } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLlamaServer, type RunningLlamaServer } from "../support/llama-server.ts";
import { tinyModel } from "../support/models.ts";
import { statsLinePattern } from "./support/app.ts";
import { expectAccessible } from "./support/axe.ts";
import { launchBrowser, openApp, type OpenedApp } from "./support/browser.ts";
import { demoModelName, endlessAnswerSettings, modelLoadTimeoutMs, readyStatus } from "./support/demo.ts";
import { startHost, type RunningHost } from "./support/host.ts";
import { saveScreenshot } from "./support/screenshots.ts";
import { waitUntil, expectVisible } from "./support/wait.ts";

/** llama-server's --alias: the model's id in its /v1/models. */
const alias = "gemma-2-tiny";
const serverName = "Desk PC";
const endlessContext = 65_536;

describe("a chat answered by another computer's llama-server", () => {
  let browser: Browser | undefined;
  let llama: RunningLlamaServer | undefined;
  let host: RunningHost | undefined;
  let opened: OpenedApp;

  beforeAll(async () => {
    [browser, llama] = await Promise.all([
      launchBrowser(),
      // Answers must run until the test stops or kills them, and the tiny model writes ~1,200 tokens/s here. llama-server
      // caps a slot at the model's training context (2,048: tools/server/server-context.cpp:1233) and cannot shift a
      // sliding-window cache (:1185), so an answer would end within 2 s, before a loaded machine clicks Stop. The model's
      // context_length is raised with llama.cpp's own --override-kv (common/arg.cpp:2931): 65,536 tokens take minutes.
      tinyModel("q4_0").then((model) =>
        startLlamaServer({ model, alias, extraArgs: ["-c", String(endlessContext), "--override-kv", `gemma2.context_length=int:${endlessContext}`] }),
      ),
    ]);
    // Greedy, with the longest answers allowed: the random-weights model never ends a turn by itself, so an answer
    // runs until the test stops it or kills its server (the local continuation is then given a short limit).
    host = await startHost({ demo: true, settings: endlessAnswerSettings });
    opened = await openApp(browser, host.url);
    await opened.app.expectStatus(readyStatus, modelLoadTimeoutMs);
  }, 30 * 60_000);

  afterAll(async () => {
    await opened?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await host?.stop();
    await llama?.stop();
  });

  const page = () => opened.app.page;
  const pickerButton = () => page().getByRole("button", { name: /^Model for this chat: / });
  const remoteStats = (answer: Locator) => answer.getByText(new RegExp(` · from ${serverName} · ${alias}$`));

  it("adds the server in Settings → Other computers and tests the connection", async () => {
    const { app } = opened;
    await app.goTo("Settings");
    const section = page().getByRole("region", { name: "Other computers" });
    await section.getByRole("button", { name: "Add a computer" }).click();
    const form = section.getByRole("form", { name: "Add a computer" });
    await form.getByLabel("Name").fill(serverName);
    await form.getByLabel("Server type").selectOption("openai-compatible");
    await form.getByLabel("Address").fill(llama!.url);
    await form.getByText(/^Not encrypted: this address uses plain HTTP/).waitFor();
    await form.getByRole("button", { name: "Add", exact: true }).click();

    const row = section.getByRole("listitem", { name: serverName });
    await row.waitFor();
    await expectVisible(row.getByText("No API key"));
    await row.getByRole("button", { name: `Test connection to ${serverName}` }).click();
    await waitUntil("the connection test's result", () => row.getByRole("status").textContent(), (text) => text === `Connected: 1 model. (${alias})`, {
      timeoutMs: 30_000,
    });
    await expectAccessible(page(), "Settings → Other computers with a server");
    await saveScreenshot(page(), "remote-settings-light", { whole: true });
  });

  it("picks the server's model in the chat header, then streams from it; Stop keeps the partial answer", async () => {
    const { app } = opened;
    await app.goTo("Chat");
    await page().getByRole("button", { name: "New chat" }).click();
    await waitUntil("the header to name this device", () => pickerButton().textContent(), (text) => text === `This Pi · ${demoModelName}`);
    await pickerButton().click();
    const panel = page().getByRole("dialog", { name: "Who answers this chat" });
    const model = panel.getByRole("group", { name: serverName }).getByRole("radio", { name: alias });
    await model.waitFor({ timeout: 30_000 });
    await model.check();
    await expectAccessible(page(), "the backend picker open");
    await panel.getByRole("button", { name: "Use", exact: true }).click();
    await waitUntil("the header to name the server", () => pickerButton().textContent(), (text) => text === `${serverName} · ${alias}`);

    await app.send("Tell me a story");
    await app.waitForAnswerText(20);
    await app.stopButton.click();
    const answer = app.lastAnswer();
    await app.marker(answer, "Stopped").waitFor({ timeout: 30_000 }).catch(async (error: unknown) => {
      throw new Error(`no "Stopped" under the answer, which reads: ${await answer.textContent()}`, { cause: error });
    });
    expect((await app.messageText(answer)).length).toBeGreaterThanOrEqual(20);
    await remoteStats(answer).waitFor({ timeout: 10_000 });
    expect(opened.errors()).toEqual([]);
  });

  it("the server dies mid-answer: the partial answer stays, the chat says so, and the local model continues it", async () => {
    const { app } = opened;
    await app.send("Tell me another story");
    await app.waitForAnswerText(20);
    llama!.child.kill("SIGKILL");
    await llama!.exited;

    const answer = app.lastAnswer();
    const said = answer.getByText(new RegExp(`^${serverName} stopped answering: .+`));
    await said.waitFor({ timeout: 60_000 }).catch(async (error: unknown) => {
      throw new Error(`no failure message under the answer, which reads: ${await answer.textContent()}`, { cause: error });
    });
    const partial = await app.messageText(answer);
    expect(partial.length).toBeGreaterThanOrEqual(20);
    // Nothing switched by itself.
    expect(await pickerButton().textContent()).toBe(`${serverName} · ${alias}`);
    await expectAccessible(page(), "a remote answer that failed mid-way");
    await saveScreenshot(page(), "remote-failed-light");

    // A short limit for what the local model adds, so its part ends by itself.
    await app.goTo("Settings");
    const limit = page().getByRole("region", { name: "Settings", exact: true }).getByRole("spinbutton", { name: "Maximum answer length" });
    await limit.fill("24");
    await limit.press("Enter");
    await waitUntil("the limit to be saved", () => limit.getAttribute("aria-invalid"), (invalid) => invalid === "false");
    await app.goTo("Chat");

    await answer.getByRole("button", { name: "Continue with the local model" }).click();
    await waitUntil("the header to name this device again", () => pickerButton().textContent(), (text) => text === `This Pi · ${demoModelName}`);
    await app.marker(answer, "Cut off at the answer length limit").waitFor({ timeout: 180_000 });
    await app.statsLine(answer).waitFor({ timeout: 10_000 });
    const continued = await app.messageText(answer);
    // The rendered Markdown of the first part may end differently once text follows it: compare its start.
    expect(continued.startsWith(partial.slice(0, 20))).toBe(true);
    expect(continued.length).toBeGreaterThan(partial.length);
    expect(await said.count()).toBe(0);
    await expectVisible(answer.getByText(statsLinePattern));
    expect(await remoteStats(answer).count()).toBe(0);
    expect(opened.errors()).toEqual([]);
  }, 300_000);
});
