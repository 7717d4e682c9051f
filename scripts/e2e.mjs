// The end-to-end suite: `npm run test:e2e [-- vitest args, e.g. a file filter]`.
// Vitest (config test/e2e/vitest.e2e.config.ts) builds the renderer once, then each test file starts the
// real browser host with its own data dir and drives Debian's Chromium through playwright-core.
// Vitest prints its usual report; this script then prints one plain line for CI, "N passed, M failed"
// (from Vitest's JSON report), and exits non-zero on any failure.
import { spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const chromium = process.env.E2E_CHROMIUM ?? "/usr/bin/chromium";
if (!existsSync(chromium)) {
  console.error(`e2e: no Chromium at ${chromium}. Install Debian's: apt-get update && apt-get install -y chromium`);
  console.error("0 passed, 1 failed");
  process.exit(1);
}

const report = path.join(root, "test-results", "e2e-report.json");
rmSync(report, { force: true });
const vitest = path.join(root, "node_modules", "vitest", "vitest.mjs");
const args = ["run", "--config", "test/e2e/vitest.e2e.config.ts", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`];
const child = spawn(process.execPath, [vitest, ...args, ...process.argv.slice(2)], { cwd: root, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));

child.on("exit", (code) => {
  let passed = 0;
  let failed;
  try {
    const json = JSON.parse(readFileSync(report, "utf8"));
    passed = json.numPassedTests;
    failed = json.numFailedTests + (json.numFailedTestSuites > 0 && json.numFailedTests === 0 ? 1 : 0);
  } catch {
    failed = 1; // No report: Vitest failed before running the tests (setup, config).
  }
  const ok = code === 0 && failed === 0;
  if (!ok && failed === 0) failed = 1;
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(ok ? 0 : code || 1);
});
