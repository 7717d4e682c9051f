import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureTestModel } from "../../tools/make-model/test-models.ts";
import { launchBrowser, openApp, type OpenedApp } from "./support/browser.ts";
import { modelLoadTimeoutMs, readyStatus } from "./support/demo.ts";
import { startHost, type RunningHost } from "./support/host.ts";
import { LibraryPage } from "./support/library.ts";
import { expectVisible } from "./support/wait.ts";
import { repoRoot } from "./support/paths.ts";

interface Attempt {
  pid: number;
  via: "guard" | "net" | "dns" | "fetch";
  target: string;
  loopback: boolean;
}

const guard = path.join(repoRoot, "test", "support", "network-guard.mjs");

/**
 * "No network until asked": the host runs with test/support/network-guard.mjs in every Node process it starts
 * (NODE_OPTIONS), which logs — and refuses, unless it is loopback — every `net`/`tls` connection, `dns` look-up and
 * `fetch`. A user's first start, the Library, Settings and a chat with a model must leave only loopback in that log,
 * and the page must load nothing from anywhere but the host. Then "Check online", which says it goes online, must
 * show up in the log: the guard sees the very call the Library used to make on opening.
 */
describe("no network until the user asks", () => {
  let browser: Browser | undefined;
  let host: RunningHost | undefined;
  let opened: OpenedApp;
  let library: LibraryPage;
  let logDir: string;
  let logFile: string;
  const pageRequests: string[] = [];

  const attempts = async (): Promise<Attempt[]> =>
    (await readFile(logFile, "utf8").catch(() => ""))
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Attempt);
  const offMachine = async () => (await attempts()).filter((attempt) => !attempt.loopback);

  beforeAll(async () => {
    logDir = await mkdtemp(path.join(os.tmpdir(), "edge-gemma-network-"));
    logFile = path.join(logDir, "attempts.jsonl");
    [browser, host] = await Promise.all([
      launchBrowser(),
      startHost({ env: { NODE_OPTIONS: `--import=${guard}`, EDGE_GEMMA_NETWORK_LOG: logFile } }),
    ]);
    opened = await openApp(browser, host.url);
    opened.page.on("request", (request) => pageRequests.push(request.url()));
    opened.page.on("websocket", (socket) => pageRequests.push(socket.url()));
    library = new LibraryPage(opened.page);
  });

  afterAll(async () => {
    await opened?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await host?.stop();
    await rm(logDir, { recursive: true, force: true });
  });

  it("runs the host with the guard installed", async () => {
    expect((await attempts()).filter((attempt) => attempt.via === "guard").map((attempt) => attempt.pid)).toContain(host!.pid);
  });

  it("first start, the Library, Settings and a chat with a model reach nothing but loopback", async () => {
    const { app, page } = opened;
    // Loaded again with the page's requests recorded from the start: the app's own files and its WebSocket.
    await page.reload({ waitUntil: "load" });
    await app.status.waitFor({ state: "visible", timeout: 30_000 });
    if ((await app.currentScreen()) !== "Library") await app.goTo("Library");
    await library.waitForCatalog();
    await library.installed.getByText(/^No models yet\./).waitFor({ timeout: 30_000 });
    await expectVisible(library.screen.getByText(/nothing has been sent over the network/));

    await app.goTo("Settings");
    await app.screen("Settings").waitFor({ state: "visible" });
    await app.goTo("Library");
    await library.waitForCatalog();

    // A model from this machine (an in-place import), then a chat with it.
    const modelPath = await ensureTestModel("q4_0");
    await library.importPath.fill(modelPath);
    await library.importForm.getByRole("radio", { name: /^Use it in place/ }).check();
    await library.importButton.click();
    const modelId = path.basename(modelPath);
    await library.useInstalledButton(modelId).click();
    await app.expectStatus(readyStatus, modelLoadTimeoutMs);
    await app.goTo("Chat");
    await app.send("Hello");
    await app.finishAnswer();
    expect((await app.messageText(app.lastAnswer())).length).toBeGreaterThan(0);
    await app.goTo("Library");
    await library.waitForCatalog();

    expect(await offMachine()).toEqual([]);
    // The GGUF reader's worker threads (the import's check) ran guarded too.
    expect((await attempts()).map((attempt) => attempt.target)).toContainEqual(expect.stringMatching(/^installed in a worker thread/));
    const origin = new URL(host!.origin);
    const fromHost = (url: string) => url.startsWith(`${origin.origin}/`) || url.startsWith(`ws://${origin.host}/`) || /^(data|blob):/.test(url);
    expect(pageRequests.filter((url) => !fromHost(url))).toEqual([]);
    expect(pageRequests.some((url) => url.startsWith("ws://"))).toBe(true);
    expect(page.url().startsWith(origin.origin)).toBe(true);
  });

  it("\"Check online\" goes online, and the guard catches it", async () => {
    await library.screen.getByRole("button", { name: "Check online", exact: true }).click();
    await library.screen.getByText(/^No header could be read online/).waitFor({ timeout: 30_000 });
    const caught = await offMachine();
    expect(caught.length).toBeGreaterThan(0);
    expect(caught.map((attempt) => attempt.target).join(" ")).toMatch(/huggingface\.co/);
  });
});
