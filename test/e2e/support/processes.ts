import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * Every process group the suite starts is written down here, so the global teardown can end whatever a
 * crashed or timed-out test file left behind. Set by the global setup; absent when a file runs alone.
 */
const registryDir = () => process.env["EDGE_GEMMA_E2E_REGISTRY"];
export const registryPrefix = "edge-gemma-e2e-registry-";

/** The registry of this run, named after the Vitest process that owns it. */
export function registryFor(ownerPid: number): string {
  return path.join(os.tmpdir(), `${registryPrefix}${ownerPid}`);
}

export function registerGroup(pid: number): void {
  const dir = registryDir();
  if (dir) writeFileSync(path.join(dir, String(pid)), "");
}

export function unregisterGroup(pid: number): void {
  const dir = registryDir();
  if (dir) rmSync(path.join(dir, String(pid)), { force: true });
}

export function registeredGroups(dir: string): number[] {
  try {
    return readdirSync(dir).map(Number).filter((pid) => Number.isInteger(pid) && pid > 0);
  } catch {
    return [];
  }
}

function commandLineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
  } catch {
    return "";
  }
}

/** Ends the host groups listed in a registry, checking each is still one of our hosts (pids get reused). */
export function endRegisteredHosts(dir: string): number[] {
  const ended: number[] = [];
  for (const pid of registeredGroups(dir)) {
    if (commandLineOf(pid).includes("electron/node/host/serve.ts") && signalGroup(pid, "SIGKILL")) ended.push(pid);
  }
  return ended;
}

/**
 * Registries left by runs that were killed before their teardown (their owner is gone): their hosts are
 * ended and the registries removed. A run still going (another engineer's) is left alone.
 */
export function cleanUpAbandonedRuns(): number[] {
  const ended: number[] = [];
  for (const name of readdirSync(os.tmpdir())) {
    if (!name.startsWith(registryPrefix)) continue;
    const owner = Number(name.slice(registryPrefix.length));
    if (Number.isInteger(owner) && isAlive(owner)) continue;
    const dir = path.join(os.tmpdir(), name);
    ended.push(...endRegisteredHosts(dir));
    rmSync(dir, { recursive: true, force: true });
  }
  return ended;
}

/** Signals a whole process group (the host, its engine and tsx's esbuild); false when it is gone. */
export function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export interface ProcessInfo {
  pid: number;
  ppid: number;
  commandLine: string;
}

/** The direct children of a process, read from /proc (what `ps -o pid= --ppid <pid>` shows). */
export function childProcesses(parentPid: number): ProcessInfo[] {
  const children: ProcessInfo[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // "pid (comm) state ppid …": comm may hold spaces and parentheses, so parse after the last ")".
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid !== parentPid) continue;
      const commandLine = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").join(" ").trim();
      children.push({ pid: Number(entry), ppid, commandLine });
    } catch {
      // The process ended while we looked.
    }
  }
  return children;
}
