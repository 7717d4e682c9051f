import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * The end-to-end suite: the real browser host (HTTP + WebSocket, a real engine process) driven through
 * Debian's Chromium by playwright-core. `npm run test:e2e` runs it (scripts/e2e.mjs).
 */
export default defineConfig({
  root: fileURLToPath(new URL("../..", import.meta.url)),
  test: {
    include: ["test/e2e/**/*.e2e.test.ts"],
    environment: "node",
    globalSetup: ["test/e2e/support/global-setup.ts"],
    // One file at a time: each runs a host with a llama.cpp engine, and this machine has two shared cores.
    fileParallelism: false,
    pool: "forks",
    testTimeout: 120_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
    allowOnly: false,
    retry: 0,
  },
});
