import { randomBytes } from "node:crypto";
import { closeSync, constants, fstatSync, openSync, readSync, readFileSync, unlinkSync } from "node:fs";
import { link, lstat, mkdir, open, rename, unlink } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { z } from "zod";

/**
 * One Edge Gemma per data folder: the desktop app, `edge-gemma --headless` and `npm run serve` each take this lock
 * before they touch chats, settings, models or downloads, so two of them never race on the same files or load the
 * same model twice on a small Pi.
 */

export const dataFolderLockName = "edge-gemma.lock";
const maxLockBytes = 4096;

export const lockHolderSchema = z.object({
  pid: z.number().int().positive(),
  kind: z.enum(["desktop", "headless", "serve"]),
  startedAt: z.iso.datetime(),
  hostname: z.string().max(255),
  bootId: z.string().max(64).optional(),
  /** Where it serves its page, without the access token (that is only ever printed to its own log). */
  url: z.url({ protocol: /^https?$/ }).max(2048).optional(),
});
export type LockHolder = z.infer<typeof lockHolderSchema>;
export type LockKind = LockHolder["kind"];

export type LockAttempt =
  | { ok: true; lock: DataFolderLock }
  | { ok: false; reason: "held"; holder: LockHolder }
  | { ok: false; reason: "refused"; message: string };

/** What decides whether a holder still runs; tests pass their own host names and boot ids. */
export interface LockHost {
  hostname: string;
  bootId: string | undefined;
  isAlive: (pid: number) => boolean;
}

// /proc/sys/kernel/random/boot_id "is randomly generated early at boot and is unique for every running kernel
// instance" (systemd's sd_id128_get_boot(3), which reads it; see random(4)), so a pid from before a reboot (an SD card
// moved to another Pi, a power cut) is never mistaken for a live process.
function readBootId(): string | undefined {
  try {
    return readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim().slice(0, 64) || undefined;
  } catch {
    return undefined;
  }
}

// Node's process.kill(): "a signal of 0 can be used to test for the existence of a process"; kill(2): ESRCH is no
// such process, EPERM a process that exists but belongs to someone else.
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export const thisHost = (): LockHost => ({ hostname: os.hostname(), bootId: readBootId(), isAlive });

/** The page address without its query (the access token) or fragment. */
export const shownUrl = (url: string): string => `${new URL(url).origin}/`;

/** Takes the data folder, takes over a lock its holder left behind, or says who holds it. */
export async function acquireDataFolderLock(dataDir: string, kind: LockKind, host: LockHost = thisHost()): Promise<LockAttempt> {
  await mkdir(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, dataFolderLockName);
  const mine: LockHolder = { pid: process.pid, kind, startedAt: new Date().toISOString(), hostname: host.hostname, ...(host.bootId ? { bootId: host.bootId } : {}) };
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await createExclusively(lockPath, mine)) return { ok: true, lock: new DataFolderLock(lockPath, mine) };
    const found = await readLock(lockPath);
    if (found.kind === "missing") continue;
    if (found.kind === "refused") return { ok: false, reason: "refused", message: `${lockPath}: ${found.reason}` };
    if (found.holder && isLive(found.holder, host)) return { ok: false, reason: "held", holder: found.holder };
    // Dead, from another boot or host, or unreadable (our own writes are whole, so no live Edge Gemma wrote it).
    await removeStale(lockPath, found.ino);
  }
  return { ok: false, reason: "refused", message: `${lockPath}: it kept changing while Edge Gemma tried to take it; try again` };
}

function isLive(holder: LockHolder, host: LockHost): boolean {
  if (holder.hostname !== host.hostname) return false;
  if (holder.bootId && host.bootId && holder.bootId !== host.bootId) return false;
  return host.isAlive(holder.pid);
}

/** Writes the whole lock to a temp file, then hard-links it into place: link(2) fails with EEXIST if anything is there. */
async function createExclusively(lockPath: string, holder: LockHolder): Promise<boolean> {
  const temp = tempBeside(lockPath, "new");
  await writeNew(temp, holder);
  try {
    await link(temp, lockPath);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

async function writeNew(file: string, holder: LockHolder): Promise<void> {
  const handle = await open(file, "wx", 0o600);
  try {
    await handle.writeFile(JSON.stringify(holder));
    await handle.sync();
  } finally {
    await handle.close();
  }
}

const tempBeside = (lockPath: string, what: string) =>
  path.join(path.dirname(lockPath), `.${dataFolderLockName}.${what}-${process.pid}-${randomBytes(4).toString("hex")}`);

type FoundLock = { kind: "missing" } | { kind: "refused"; reason: string } | { kind: "found"; ino: number; holder: LockHolder | undefined };

// O_NOFOLLOW: a link planted under the lock's name is refused by the kernel (ELOOP), not followed out of the folder;
// O_NONBLOCK: a FIFO cannot block the read (as readContainedFile does for chats).
const readFlags = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

async function readLock(lockPath: string): Promise<FoundLock> {
  let handle;
  try {
    handle = await open(lockPath, readFlags);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { kind: "missing" };
    if (code === "ELOOP") return { kind: "refused", reason: "it is a link, and Edge Gemma does not follow links out of its data folder; remove it" };
    throw error;
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return { kind: "refused", reason: "it is not a regular file; remove it" };
    if (info.size > maxLockBytes) return { kind: "refused", reason: `it is ${info.size} bytes, not a lock Edge Gemma wrote; remove it` };
    const bytes = Buffer.alloc(info.size);
    const { bytesRead } = await handle.read(bytes, 0, info.size, 0);
    return { kind: "found", ino: info.ino, holder: parseHolder(bytes.subarray(0, bytesRead).toString("utf8")) };
  } finally {
    await handle.close();
  }
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const parsed = lockHolderSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Moves the stale lock aside by rename(2), so of two processes taking it over only one gets it. A taker that read the
 * stale lock late may instead move aside the new lock the other just made: the inode tells, and it puts that one back.
 */
async function removeStale(lockPath: string, staleIno: number): Promise<void> {
  const aside = tempBeside(lockPath, "stale");
  try {
    await rename(lockPath, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  const moved = await lstat(aside);
  if (moved.ino !== staleIno) await link(aside, lockPath).catch(() => undefined);
  await unlink(aside);
}

const signals = ["SIGINT", "SIGTERM"] as const;

/** The lock this process holds: released on exit (the entries turn SIGINT and SIGTERM into an exit) or by `release`. */
export class DataFolderLock {
  private released = false;
  private readonly onExit = () => this.release();

  constructor(
    readonly lockPath: string,
    private holder: LockHolder,
  ) {
    process.once("exit", this.onExit);
  }

  get current(): LockHolder {
    return this.holder;
  }

  /** Records where this process serves its page, for the message another one shows. */
  async setUrl(url: string): Promise<void> {
    this.holder = { ...this.holder, url: shownUrl(url) };
    const temp = tempBeside(this.lockPath, "url");
    await writeNew(temp, this.holder);
    await rename(temp, this.lockPath);
  }

  /**
   * For plain-Node entries: a SIGINT or SIGTERM that comes before the entry has its own handlers (which end in an exit,
   * and so in `release`) releases the lock and then ends the process as the signal would have. Not for Electron's main.
   */
  releaseOnSignals(): void {
    for (const signal of signals) process.on(signal, this.onSignal);
  }

  private readonly onSignal = (signal: NodeJS.Signals) => {
    if (process.listenerCount(signal) > 1) return;
    this.release();
    process.kill(process.pid, signal);
  };

  /** Synchronous, so it also runs in the `exit` event; removes the file only while it is still this process's. */
  release(): void {
    if (this.released) return;
    this.released = true;
    process.removeListener("exit", this.onExit);
    for (const signal of signals) process.removeListener(signal, this.onSignal);
    try {
      if (this.stillMine()) unlinkSync(this.lockPath);
    } catch {
      // Already gone, or the folder went away: nothing of ours is left to release.
    }
  }

  private stillMine(): boolean {
    const fd = openSync(this.lockPath, readFlags);
    try {
      const info = fstatSync(fd);
      if (!info.isFile() || info.size > maxLockBytes) return false;
      const bytes = Buffer.alloc(info.size);
      const holder = parseHolder(bytes.subarray(0, readSync(fd, bytes, 0, info.size, 0)).toString("utf8"));
      return holder?.pid === this.holder.pid && holder.startedAt === this.holder.startedAt;
    } finally {
      closeSync(fd);
    }
  }
}
