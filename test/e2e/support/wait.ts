import type { Locator } from "playwright-core";

/** Polls `probe` until it returns a value (not undefined) or the time is up: no fixed sleeps anywhere. */
export async function waitForValue<T>(
  description: string,
  probe: () => T | undefined | Promise<T | undefined>,
  { timeoutMs = 30_000, intervalMs = 50 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : "";
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${description}${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * Polls `read` until `accept` says yes, and returns that reading; on timeout the error shows the last
 * reading. Unlike vitest's expect.poll it also works in beforeAll hooks.
 */
export async function waitUntil<T>(
  description: string,
  read: () => T | Promise<T>,
  accept: (value: T) => boolean,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  let last: { value: T } | undefined;
  try {
    return await waitForValue(
      description,
      async () => {
        const value = await read();
        last = { value };
        return accept(value) ? value : undefined;
      },
      options,
    );
  } catch (error) {
    const seen = last ? `; last seen: ${JSON.stringify(last.value)}` : "";
    throw new Error(`${error instanceof Error ? error.message : String(error)}${seen}`, { cause: error });
  }
}

/**
 * Waits for `locator` to be visible: what the user sees may arrive a moment after the action that causes it, so a
 * single `isVisible()` reading races the page.
 */
export async function expectVisible(locator: Locator, description = String(locator), timeoutMs = 15_000): Promise<void> {
  await locator.waitFor({ state: "visible", timeout: timeoutMs }).catch((error: unknown) => {
    throw new Error(`Expected to see ${description}`, { cause: error });
  });
}
