import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { busyScreenText, screenLanguage } from "../../electron/node/services/storage/data-folder-busy-text.ts";
import { acquireDataFolderLock, dataFolderLockName, thisHost, type LockHolder } from "../../electron/node/services/storage/data-folder-lock.ts";

const folders: string[] = [];
afterEach(async () => {
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});
async function dataFolder(): Promise<string> {
  const folder = await mkdtemp(path.join(os.tmpdir(), "edge-gemma-lock-"));
  folders.push(folder);
  return folder;
}

/** The pid of a process that has exited (a real one, so the number is one the kernel handed out). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(child.stdout);
}

const holderFile = (dir: string) => path.join(dir, dataFolderLockName);
const writeHolder = (dir: string, holder: Partial<LockHolder>) =>
  writeFile(holderFile(dir), JSON.stringify({ kind: "headless", startedAt: new Date().toISOString(), hostname: os.hostname(), ...thisBoot(), ...holder }));
const thisBoot = () => {
  const bootId = thisHost().bootId;
  return bootId ? { bootId } : {};
};

describe("the data-folder lock", () => {
  it("is one owner's: a second taker is told who holds it, and gets it once the first releases it", async () => {
    const dir = await dataFolder();
    const first = await acquireDataFolderLock(dir, "desktop");
    if (!first.ok) throw new Error(`not taken: ${JSON.stringify(first)}`);
    // A live holder: this very process (the lock names it).
    const second = await acquireDataFolderLock(dir, "serve");
    expect(second).toMatchObject({ ok: false, reason: "held", holder: { pid: process.pid, kind: "desktop" } });

    await first.lock.setUrl("http://0.0.0.0:5417/?token=secret");
    const stored = JSON.parse(await readFile(holderFile(dir), "utf8")) as LockHolder;
    expect(stored.url).toBe("http://0.0.0.0:5417/");
    first.lock.release();
    expect(existsSync(holderFile(dir))).toBe(false);
    const third = await acquireDataFolderLock(dir, "serve");
    expect(third.ok).toBe(true);
    if (third.ok) third.lock.release();
  });

  it("takes over a lock whose process is gone, from another boot or another host, or that is not a lock at all", async () => {
    const dir = await dataFolder();
    for (const stale of [{ pid: deadPid() }, { pid: process.pid, bootId: "another-boot" }, { pid: process.pid, hostname: "another-pi" }]) {
      await writeHolder(dir, stale);
      const taken = await acquireDataFolderLock(dir, "headless");
      expect(taken, JSON.stringify(stale)).toMatchObject({ ok: true });
      if (taken.ok) {
        expect(taken.lock.current).toMatchObject({ pid: process.pid, kind: "headless" });
        taken.lock.release();
      }
    }
    await writeFile(holderFile(dir), "{ half a lo");
    const overGarbage = await acquireDataFolderLock(dir, "headless");
    expect(overGarbage.ok).toBe(true);
    if (overGarbage.ok) overGarbage.lock.release();
  });

  it("gives a stale lock to exactly one of two takers", async () => {
    const dir = await dataFolder();
    await writeHolder(dir, { pid: deadPid() });
    const attempts = await Promise.all([acquireDataFolderLock(dir, "headless"), acquireDataFolderLock(dir, "serve")]);
    expect(attempts.filter((attempt) => attempt.ok)).toHaveLength(1);
    expect(attempts.filter((attempt) => !attempt.ok)).toMatchObject([{ reason: "held" }]);
    for (const attempt of attempts) if (attempt.ok) attempt.lock.release();
    // No lock and no temp or set-aside files are left behind.
    expect(await readdir(dir)).toEqual([]);
  });

  it("refuses a lock file that is a link or not a file, and leaves it where it is", async () => {
    const dir = await dataFolder();
    const elsewhere = path.join(await dataFolder(), "target");
    await writeFile(elsewhere, "not yours");
    await symlink(elsewhere, holderFile(dir));
    expect(await acquireDataFolderLock(dir, "headless")).toMatchObject({ ok: false, reason: "refused", message: expect.stringMatching(/is a link/) });
    expect(await readFile(elsewhere, "utf8")).toBe("not yours");

    const other = await dataFolder();
    await mkdir(holderFile(other));
    expect(await acquireDataFolderLock(other, "headless")).toMatchObject({ ok: false, reason: "refused", message: expect.stringMatching(/not a regular file/) });
  });
});

describe("the desktop app's message while a service holds the folder", () => {
  const holder: LockHolder = { pid: 4242, kind: "headless", startedAt: "2026-12-07T03:00:00.000Z", hostname: "pi", url: "http://127.0.0.1:5417/" };

  it("names the service, its address and how to stop it, in English and Simplified Chinese", () => {
    const en = busyScreenText(holder, "/home/pi/.config/Edge Gemma", "en");
    expect(en.message).toMatch(/^Edge Gemma is already running as a service \(headless, pid 4242, since .*2026.*\) and using this data folder\. Open it at http:\/\/127\.0\.0\.1:5417\/, or stop it: systemctl --user stop edge-gemma$/);
    expect(en.tryAgain).toBe("Try again");
    const zh = busyScreenText(holder, "/home/pi/.config/Edge Gemma", "zh-CN");
    expect(zh.message).toContain("进程 4242");
    expect(zh.message).toContain("http://127.0.0.1:5417/");
    expect(zh.message).toContain("systemctl --user stop edge-gemma");
    expect(zh.tryAgain).toBe("重试");
  });

  it("speaks the language chosen in Settings, else the system's", async () => {
    const dir = await dataFolder();
    expect(await screenLanguage(dir, ["zh-CN", "en-US"])).toBe("zh-CN");
    expect(await screenLanguage(dir, ["en-GB"])).toBe("en");
    await writeFile(path.join(dir, "settings.json"), JSON.stringify({ appearance: { language: "zh-CN" } }));
    expect(await screenLanguage(dir, ["en-GB"])).toBe("zh-CN");
  });
});
