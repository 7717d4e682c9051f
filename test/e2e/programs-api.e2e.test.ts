import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible } from "./support/axe.ts";
import { launchBrowser, openApp, type OpenedApp } from "./support/browser.ts";
import { startHost, type RunningHost } from "./support/host.ts";
import { waitForValue } from "./support/wait.ts";

const run = promisify(execFile);

/**
 * Settings → Programs from the outside: the API is off until the user turns it on in the page, then the address the
 * page shows answers curl (a program on this computer) with Ollama's /api/version.
 */
describe("Settings → Programs turns the local API on, at the address it shows", () => {
  let browser: Browser | undefined;
  let host: RunningHost | undefined;
  let opened: OpenedApp | undefined;

  beforeAll(async () => {
    [browser, host] = await Promise.all([launchBrowser(), startHost()]);
    opened = await openApp(browser, host.url);
  });

  afterAll(async () => {
    await opened?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await host?.stop();
  });

  it("is off at first; the switch starts it; curl gets /api/version at the displayed URL", async () => {
    const { page, app } = opened!;
    await app.goTo("Settings");
    const programs = page.getByRole("region", { name: "Programs", exact: true });
    await programs.scrollIntoViewIfNeeded();
    await programs.getByText("Off: nothing is listening for programs.").waitFor({ state: "visible" });
    await host!.waitForOutput(/The API for other programs is off/);

    // click, not check(): the box shows main's setting, so it turns checked only once main has saved it.
    await programs.getByRole("checkbox", { name: "Let programs on this Pi use Gemma" }).click();
    const shown = await waitForValue(
      "the page to show the API's address",
      async () => {
        const text = (await programs.locator("code").first().textContent().catch(() => null)) ?? "";
        return /^http:\/\/127\.0\.0\.1:\d+$/.test(text) ? text : undefined;
      },
      { timeoutMs: 15_000 },
    );
    const port = Number(new URL(shown).port);
    await programs.getByText(new RegExp(`port ${port}`)).first().waitFor({ state: "visible" });
    await programs.getByRole("button", { name: `Copy ${shown}` }).waitFor({ state: "visible" });

    const { stdout } = await run("curl", ["--silent", "--show-error", "--max-time", "10", `${shown}/api/version`]);
    expect(JSON.parse(stdout)).toEqual({ version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(await host!.waitForOutput(/API is serving on \S+ \(this computer only\)/)).toContain(`API is serving on ${shown} (this computer only)`);
    await expectAccessible(page, "Settings → Programs (API on)");
  });

  it("turning it off closes the port again", async () => {
    const { page } = opened!;
    const programs = page.getByRole("region", { name: "Programs", exact: true });
    const shown = (await programs.locator("code").first().textContent()) ?? "";
    await programs.getByRole("checkbox", { name: "Let programs on this Pi use Gemma" }).click();
    await programs.getByText("Off: nothing is listening for programs.").waitFor({ state: "visible" });
    const refused = await run("curl", ["--silent", "--show-error", "--max-time", "10", `${shown}/api/version`]).then(
      () => "answered",
      (error: { code?: number }) => `curl exit ${error.code}`,
    );
    // curl's exit code 7: "Failed to connect to host" (curl(1), EXIT CODES).
    expect(refused).toBe("curl exit 7");
  });
});
