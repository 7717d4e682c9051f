import type { Locator, Page } from "playwright-core";
import { waitUntil } from "./wait.ts";

export type ScreenName = "Chat" | "Library" | "Settings";
export type Author = "You" | "Gemma";

/** One sample of the newest answer, taken by the in-page recorder whenever the DOM changed. */
export interface AnswerSample {
  length: number;
  /** The "Generating…" marker was showing. */
  generating: boolean;
  at: number;
}

/** What the stats line under an answer reads, e.g. "42 tokens · 5.7 tok/s · first token 0.8 s". */
export const statsLinePattern = /^\d{1,3}(,\d{3})* tokens? · [\d,]+\.\d tok\/s · first token [\d,]+\.\d s$/;

/**
 * The app as a user sees it: everything is found by role, accessible name or visible text. The one
 * exception is a message's text (the Markdown body, which has no role of its own): see `answerText`.
 */
export class AppPage {
  constructor(readonly page: Page) {}

  // ---- status bar ---------------------------------------------------------------------------------
  get statusBar(): Locator {
    return this.page.getByRole("contentinfo");
  }
  get status(): Locator {
    return this.statusBar.getByRole("status");
  }
  get restartButton(): Locator {
    return this.statusBar.getByRole("button", { name: "Restart" });
  }
  async statusText(): Promise<string> {
    return ((await this.status.textContent()) ?? "").trim();
  }
  /** Waits until the status bar reads `pattern`. */
  async expectStatus(pattern: RegExp, timeoutMs = 30_000): Promise<void> {
    await waitUntil(`the status bar to read ${pattern}`, () => this.statusText(), (text) => pattern.test(text), { timeoutMs });
  }
  /** Every distinct text the status bar has shown since the page was opened (see `statusRecorderScript`). */
  statusHistory(): Promise<string[]> {
    return this.page.evaluate(() => (window as unknown as { __e2eStatusHistory?: string[] }).__e2eStatusHistory ?? []);
  }

  // ---- navigation ---------------------------------------------------------------------------------
  get mainNav(): Locator {
    return this.page.getByRole("navigation", { name: "Main" });
  }
  async goTo(screen: ScreenName): Promise<void> {
    const tab = this.mainNav.getByRole("button", { name: screen, exact: true });
    await tab.click();
    await waitUntil(`${screen} to be the current screen`, () => tab.getAttribute("aria-current"), (current) => current === "page", { timeoutMs: 5_000 });
  }
  /** The screen whose tab is marked current (`aria-current="page"`). */
  async currentScreen(): Promise<ScreenName | undefined> {
    const current = this.mainNav.locator('[aria-current="page"]');
    if ((await current.count()) !== 1) return undefined;
    const name = ((await current.textContent()) ?? "").trim();
    return (["Chat", "Library", "Settings"] as const).find((screen) => screen === name);
  }
  /** The screen's landmark: the chat section is named after the conversation, so Chat is found by its log. */
  screen(screen: ScreenName): Locator {
    switch (screen) {
      case "Chat":
        return this.messageLog;
      case "Library":
        return this.page.getByRole("region", { name: "Model library" });
      case "Settings":
        return this.page.getByRole("region", { name: "Settings" });
    }
  }
  get conversations(): Locator {
    return this.page.getByRole("navigation", { name: "Conversations" }).getByRole("listitem");
  }
  get notices(): Locator {
    return this.page.getByRole("alert");
  }

  // ---- chat ---------------------------------------------------------------------------------------
  get messageBox(): Locator {
    return this.page.getByRole("textbox", { name: "Message" });
  }
  get sendButton(): Locator {
    return this.page.getByRole("button", { name: "Send", exact: true });
  }
  get stopButton(): Locator {
    return this.page.getByRole("button", { name: "Stop", exact: true });
  }
  get messageLog(): Locator {
    return this.page.getByRole("log", { name: "Messages" });
  }
  messages(author?: Author): Locator {
    return author ? this.messageLog.getByRole("article", { name: author, exact: true }) : this.messageLog.getByRole("article");
  }
  lastAnswer(): Locator {
    return this.messages("Gemma").last();
  }
  /** The text of a message as shown (rendered Markdown for answers). */
  async messageText(message: Locator): Promise<string> {
    return ((await message.getByTestId("message-text").textContent()) ?? "").trim();
  }
  /** A marker under a message ("Stopped", "Interrupted — engine crashed", "Generating…"). */
  marker(message: Locator, text: string): Locator {
    return message.getByText(text, { exact: true });
  }
  statsLine(message: Locator): Locator {
    return message.getByText(statsLinePattern);
  }

  /**
   * Types into the message box, clicks Send (it must be enabled: a model is there and idle) and waits for the new
   * answer to appear, so what follows reads that answer and not the one before it.
   */
  async send(text: string): Promise<void> {
    await this.messageBox.fill(text);
    await waitUntil("Send to be enabled", () => this.sendButton.isEnabled(), (enabled) => enabled);
    const previous = (await this.messages("Gemma").elementHandles()).at(-1);
    await this.sendButton.click();
    await waitUntil(
      "the new answer to appear",
      async () => {
        const newest = (await this.messages("Gemma").elementHandles()).at(-1);
        if (newest === undefined) return false;
        return previous === undefined || !(await newest.evaluate((element, before) => element === before, previous));
      },
      (appeared) => appeared,
    );
  }

  /**
   * Lets the newest answer end: Stop if it is still generating (answers from the random-weights model rarely
   * end on their own), then waits for its stats line. Returns how it ended.
   */
  async finishAnswer(timeoutMs = 30_000): Promise<"stopped" | "complete"> {
    const answer = this.lastAnswer();
    if (await this.stopButton.isVisible()) {
      // It may end on its own between the check and the click: a click that finds no button is fine.
      await this.stopButton.click({ timeout: 2_000 }).catch(() => undefined);
    }
    await this.statsLine(answer).waitFor({ timeout: timeoutMs });
    return (await this.marker(answer, "Stopped").count()) > 0 ? "stopped" : "complete";
  }

  /** Waits until the newest answer shows at least `minLength` characters while still generating. */
  async waitForAnswerText(minLength: number, timeoutMs = 60_000): Promise<string> {
    return waitUntil(`the answer to reach ${minLength} characters`, () => this.messageText(this.lastAnswer()), (text) => text.length >= minLength, {
      timeoutMs,
    });
  }

  /**
   * Records how the newest answer grows, from inside the page: a MutationObserver samples its length on
   * every DOM change, so the intermediate states of a fast stream are all seen (polling would miss some).
   */
  async recordAnswerGrowth(): Promise<{ samples(): Promise<AnswerSample[]> }> {
    await this.page.evaluate(() => {
      const store = window as unknown as { __e2eAnswerSamples: AnswerSample[]; __e2eAnswerObserver?: MutationObserver };
      store.__e2eAnswerObserver?.disconnect();
      store.__e2eAnswerSamples = [];
      // The whole document is watched and the log looked up on every change: the chat re-mounts its
      // log for each conversation (the first message of a new chat creates one).
      if (!document.querySelector('[role="log"]')) throw new Error("no message log on the page");
      const sample = () => {
        const log = document.querySelector('[role="log"]');
        if (!log) return;
        const answers = log.querySelectorAll('article[aria-label="Gemma"]');
        const answer = answers[answers.length - 1];
        if (!answer) return;
        const length = (answer.querySelector('[data-testid="message-text"]')?.textContent ?? "").trim().length;
        const generating = [...answer.querySelectorAll("p")].some((p) => p.textContent === "Generating…");
        const last = store.__e2eAnswerSamples.at(-1);
        if (last?.length === length && last.generating === generating) return;
        store.__e2eAnswerSamples.push({ length, generating, at: performance.now() });
      };
      store.__e2eAnswerObserver = new MutationObserver(sample);
      store.__e2eAnswerObserver.observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    return {
      samples: () => this.page.evaluate(() => (window as unknown as { __e2eAnswerSamples: AnswerSample[] }).__e2eAnswerSamples),
    };
  }
}

/**
 * Runs in the page before the app's scripts (context.addInitScript, which the page's CSP does not apply
 * to) and keeps every distinct text of the status bar in `window.__e2eStatusHistory`.
 */
export function statusRecorderScript(): void {
  const store = window as unknown as { __e2eStatusHistory: string[] };
  store.__e2eStatusHistory = [];
  const record = () => {
    const text = document.querySelector('footer [role="status"]')?.textContent?.trim();
    if (text && store.__e2eStatusHistory.at(-1) !== text) store.__e2eStatusHistory.push(text);
  };
  new MutationObserver(record).observe(document, { subtree: true, childList: true, characterData: true });
}
