/** An entry (headless, serve) run as a real process: its output collected, its exit awaited, SIGTERM on cleanup. */
import { spawn } from "node:child_process";
import { afterEach } from "vitest";

export const repoRoot = new URL("../..", import.meta.url).pathname;

export interface Started {
  output: () => string;
  /** Waits until the process has printed `pattern` (its lines arrive a moment after what causes them). */
  waitForOutput: (pattern: RegExp, timeoutMs?: number) => Promise<void>;
  exited: Promise<number | null>;
  /** Resolves once `ready` matches the output, or rejects with the output if the process exits first. */
  serving: Promise<void>;
  stop: () => Promise<number | null>;
}

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

export function onCleanup(cleanup: () => Promise<unknown>): void {
  cleanups.push(cleanup);
}

export function startEntry(args: string[], ready: RegExp, env: NodeJS.ProcessEnv = {}): Started {
  const child = spawn(process.execPath, ["--import", "tsx", ...args], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    return exited;
  };
  cleanups.push(stop);
  const serving = new Promise<void>((resolve, reject) => {
    const check = setInterval(() => {
      if (ready.test(output)) {
        clearInterval(check);
        resolve();
      }
    }, 50);
    void exited.then((code) => {
      clearInterval(check);
      reject(new Error(`exited with ${code} before serving:\n${output}`));
    });
  });
  serving.catch(() => undefined);
  const waitForOutput = async (pattern: RegExp, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(output)) {
      if (Date.now() > deadline) throw new Error(`no ${String(pattern)} in the output within ${timeoutMs} ms:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  return { output: () => output, waitForOutput, exited, serving, stop };
}
