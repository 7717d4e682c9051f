import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { dataFolderBusyExitCode } from "../../electron/node/services/storage/data-folder-busy-text.ts";
import { dataFolderLockName } from "../../electron/node/services/storage/data-folder-lock.ts";
import { onCleanup, repoRoot, startEntry, type Started } from "./spawned-entry.ts";

const headlessEntry = path.join(repoRoot, "electron", "node", "headless", "main.ts");
const serveEntry = path.join(repoRoot, "electron", "node", "host", "serve.ts");

/** Headless installs its SIGTERM handler in the same tick as "Data folder:"; serve prints nothing after its own. */
function start(entry: string, dataDir: string): Started {
  const args = entry === headlessEntry ? ["--headless", "--no-api"] : [];
  return startEntry([entry, ...args, "--port", "0", "--data-dir", dataDir], entry === headlessEntry ? /^Data folder: /m : /serving on http/);
}

describe("one Edge Gemma per data folder (real processes)", () => {
  it("a second headless or serve on the held folder says who holds it and exits 75; after SIGTERM the next one starts", async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "edge-gemma-lock-"));
    onCleanup(() => rm(dataDir, { recursive: true, force: true }));
    const first = start(headlessEntry, dataDir);
    await first.serving;
    const pageUrl = /serving on (http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(first.output())?.[1];
    expect(pageUrl, first.output()).toBeDefined();

    for (const entry of [headlessEntry, serveEntry]) {
      const second = start(entry, dataDir);
      expect(await second.exited).toBe(dataFolderBusyExitCode);
      expect(second.output()).toMatch(/^Edge Gemma is already running as a service \(headless, pid \d+, since .+\) and using this data folder\./m);
      expect(second.output()).toContain(`Open it at ${pageUrl}, or stop it: systemctl --user stop edge-gemma`);
      expect(second.output()).toContain(`Data folder: ${dataDir}`);
      expect(second.output()).not.toMatch(/serving on/);
    }

    expect(await first.stop()).toBe(0);
    expect(existsSync(path.join(dataDir, dataFolderLockName))).toBe(false);
    // SIGTERM as soon as it serves (before serve.ts has its own handlers): the lock still goes with it.
    const next = start(serveEntry, dataDir);
    await next.serving;
    await next.stop();
    expect(existsSync(path.join(dataDir, dataFolderLockName))).toBe(false);
  });

  it("takes over a lock left by a process that is gone, and refuses a lock file that is a link", async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "edge-gemma-lock-"));
    onCleanup(() => rm(dataDir, { recursive: true, force: true }));
    const lockFile = path.join(dataDir, dataFolderLockName);
    // A real pid the kernel handed out, whose process has exited (a crash or SIGKILL leaves such a lock behind).
    const gone = Number(spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout);
    await writeFile(lockFile, JSON.stringify({ pid: gone, kind: "headless", startedAt: "2026-12-06T20:00:00.000Z", hostname: os.hostname() }));
    const taker = start(serveEntry, dataDir);
    await taker.serving;
    await taker.stop();
    expect(existsSync(lockFile)).toBe(false);

    const elsewhere = path.join(dataDir, "elsewhere.json");
    await writeFile(elsewhere, "{}");
    await symlink(elsewhere, lockFile);
    const refused = start(headlessEntry, dataDir);
    expect(await refused.exited).toBe(dataFolderBusyExitCode);
    expect(refused.output()).toContain(`Edge Gemma could not lock its data folder. ${lockFile}: it is a link`);
  });
});
