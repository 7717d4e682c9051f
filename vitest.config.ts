import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.{ts,tsx}", "electron/**/*.test.ts", "renderer/**/*.test.{ts,tsx}"],
    exclude: ["test/e2e/**", "node_modules/**"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // The engine tests spawn real llama.cpp processes: on two cores, running files one at a time is faster and steadier.
    fileParallelism: false,
    allowOnly: false,
  },
});
