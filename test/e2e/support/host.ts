import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { childProcesses, isAlive, registerGroup, signalGroup, unregisterGroup } from "./processes.ts";
import { dataDirPrefix, repoRoot, serveEntry } from "./paths.ts";
import { waitForValue } from "./wait.ts";

export interface HostOptions {
  /** `--demo`: generate the tiny random-weights Gemma 2 and load it. */
  demo?: boolean;
  /** `--host 0.0.0.0`: LAN mode (token required); the suite still talks to it only on 127.0.0.1. */
  lan?: boolean;
  /** `--require-token` on loopback. */
  requireToken?: boolean;
  /** Reuse a data dir (a restart); a fresh temp dir otherwise. */
  dataDir?: string;
  /**
   * Written to `<data dir>/settings.json` before the host starts, as a user's file would be: any subset of
   * the settings (e.g. `{ network: { huggingFaceEndpoint } }`); the host fills in the rest with defaults.
   */
  settings?: Record<string, Record<string, unknown>>;
  /** `--catalog FILE`: offer this catalog instead of the bundled one (e.g. re-pinned to a test server's files). */
  catalogFile?: string;
  env?: Record<string, string>;
  startTimeoutMs?: number;
}

export interface RunningHost {
  /** The URL to open, always on 127.0.0.1, with `?token=` when the host wants one. */
  url: string;
  /** The URL exactly as the host printed it (in LAN mode on a LAN address). */
  printedUrl: string;
  /** `http://127.0.0.1:<port>`: what the page's Origin and the Host header are. */
  origin: string;
  port: number;
  token: string | undefined;
  /** The host process (also its process group). */
  pid: number;
  dataDir: string;
  /** Everything the host printed so far (stdout and stderr), for failure messages. */
  output(): string;
  /** Waits until the host has printed a line matching `pattern` (lines arrive a moment after what causes them). */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** The engine process the host forked (there is none before a model is loaded or after a crash). */
  enginePid(): number | undefined;
  /** Waits for an engine process other than `not` (e.g. the one started after a crash). */
  waitForEngine(options?: { not?: number; timeoutMs?: number }): Promise<number>;
  /** SIGTERM, then SIGKILL for the whole group; removes the data dir. Safe to call twice. */
  stop(): Promise<void>;
}

const servingLine = /Edge Gemma is serving on (\S+)/;
/** Hosts not stopped yet, with the temp data dir each owns (undefined when the caller passed one). */
const running = new Map<number, string | undefined>();

// Last line of defence: whatever ends this test process (a failed hook, an interrupt) takes its hosts along.
process.once("exit", () => {
  for (const [pid, ownedDataDir] of running) {
    signalGroup(pid, "SIGKILL");
    unregisterGroup(pid);
    if (ownedDataDir && process.env["E2E_KEEP_DATA"] !== "1") rmSync(ownedDataDir, { recursive: true, force: true });
  }
});

/**
 * Starts the real browser host (`electron/node/host/serve.ts` under tsx, no renderer rebuild: the global setup
 * built it once) on an ephemeral port and resolves once it prints its URL. The model, if any, is still
 * loading then. llama.cpp gets one thread (EDGE_GEMMA_THREADS=1): on this shared 2-core machine two
 * threads spin against each other and every other process.
 */
export async function startHost(options: HostOptions = {}): Promise<RunningHost> {
  const dataDir = options.dataDir ?? (await mkdtemp(dataDirPrefix));
  if (options.settings) await writeFile(path.join(dataDir, "settings.json"), `${JSON.stringify(options.settings, null, 2)}\n`);
  const args = ["--import", "tsx", serveEntry, "--port", "0", "--data-dir", dataDir];
  if (options.lan) args.push("--host", "0.0.0.0");
  if (options.requireToken) args.push("--require-token");
  if (options.demo) args.push("--demo");
  if (options.catalogFile) args.push("--catalog", options.catalogFile);

  // `node --import tsx` rather than `npx tsx`: the pid we get is the host itself, its engine a direct child.
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: repoRoot,
    detached: true, // its own process group, so stop() reaches the engine and esbuild too
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, EDGE_GEMMA_THREADS: "1", ...options.env },
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error("Could not spawn the host");
  running.set(pid, options.dataDir ? undefined : dataDir);
  registerGroup(pid);

  let output = "";
  const verbose = process.env["E2E_VERBOSE"] === "1";
  const onOutput = (chunk: Buffer) => {
    output += chunk.toString();
    if (verbose) process.stderr.write(`[host ${pid}] ${chunk.toString()}`);
  };
  child.stdout?.on("data", onOutput);
  child.stderr?.on("data", onOutput);
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exit = new Promise<void>((resolve) =>
    child.once("exit", (code, signal) => {
      exited = { code, signal };
      resolve();
    }),
  );

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (!exited) {
      signalGroup(pid, "SIGTERM");
      const timer = new Promise((resolve) => setTimeout(resolve, 5_000).unref());
      await Promise.race([exit, timer]);
    }
    // Whatever is left in the group (an engine mid-load, esbuild): gone.
    signalGroup(pid, "SIGKILL");
    if (!exited) await Promise.race([exit, new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
    running.delete(pid);
    unregisterGroup(pid);
    if (!options.dataDir && process.env["E2E_KEEP_DATA"] !== "1") await rm(dataDir, { recursive: true, force: true });
  };

  let printed: string;
  try {
    printed = await waitForValue(
      "the host to print its URL",
      () => {
        if (exited) throw new Error(`the host exited (${exited.signal ?? exited.code})`);
        return servingLine.exec(output)?.[1];
      },
      { timeoutMs: options.startTimeoutMs ?? 60_000 },
    );
  } catch (error) {
    await stop();
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- host output ---\n${output}`, { cause: error });
  }

  // In LAN mode it prints a LAN address; the suite reaches the same port on loopback.
  const printedUrl = new URL(printed);
  const origin = `http://127.0.0.1:${printedUrl.port}`;
  const token = printedUrl.searchParams.get("token") ?? undefined;
  const enginePid = () => {
    if (!isAlive(pid)) return undefined;
    return childProcesses(pid).find((child) => /engine[/\\]entry\.(ts|js)/.test(child.commandLine))?.pid;
  };

  return {
    url: `${origin}/${printedUrl.search}`,
    printedUrl: printed,
    origin,
    port: Number(printedUrl.port),
    token,
    pid,
    dataDir,
    output: () => output,
    waitForOutput: (pattern, timeoutMs = 15_000) =>
      waitForValue(`the host to print ${String(pattern)} (it printed: ${JSON.stringify(output.slice(-500))})`, () => (pattern.test(output) ? output : undefined), { timeoutMs }),
    enginePid,
    waitForEngine: ({ not, timeoutMs = 30_000 } = {}) =>
      waitForValue("the host's engine process", () => {
        const found = enginePid();
        return found !== not ? found : undefined;
      }, { timeoutMs }),
    stop,
  };
}
