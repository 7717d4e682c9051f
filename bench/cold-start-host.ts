/**
 * One cold start, in a fresh process, the way `npm run serve` starts: AppBackend on a user-data folder whose
 * settings name the model (so `start()` loads it, as the app does at launch), the browser host listening, the engine
 * forked. The process reports when the engine status becomes "ready"; the bench process times it from `fork()`.
 *
 *   argv: <userDataDir> <engineEntry> <engineExecArgv as JSON>
 */
import os from "node:os";
import type { EngineStatus } from "../electron/common/contract/index.ts";
import { startBrowserHost } from "../electron/node/host/browser-host.ts";
import { AppBackend } from "../electron/node/services/app-backend.ts";
import { forkEngine } from "../electron/node/services/inference/engine-process.ts";

export interface ColdStartReport {
  /** performance.now() of this process at each step (0 ≈ process start: Node's timeOrigin). */
  scriptStartedMs: number;
  listeningMs: number;
  readyMs: number;
  /** What the engine itself measured: loadModel + createContext + session. */
  engineLoadMs: number;
}

async function main(): Promise<void> {
  const [userDataDir, engineEntry, execArgvJson] = process.argv.slice(2);
  if (!userDataDir || !engineEntry || !execArgvJson) throw new Error("usage: cold-start-host <userDataDir> <entry> <execArgv>");
  const scriptStartedMs = performance.now();
  const backend = new AppBackend({
    userDataDir,
    spawnEngine: forkEngine(engineEntry, { execArgv: JSON.parse(execArgvJson) as string[] }),
  });
  const ready = new Promise<EngineStatus & { state: "ready" }>((resolve, reject) => {
    backend.supervisor.onStatus((status) => {
      if (status.state === "ready") resolve(status);
      if (status.state === "error" || status.state === "exited") reject(new Error(`engine ${status.state}: ${JSON.stringify(status)}`));
    });
  });
  await backend.start();
  const host = await startBrowserHost({ backend, rendererDir: os.tmpdir(), port: 0 });
  const listeningMs = performance.now();
  const status = await ready;
  const readyMs = performance.now();
  process.send?.({ scriptStartedMs, listeningMs, readyMs, engineLoadMs: status.model.loadMs } satisfies ColdStartReport);
  backend.dispose();
  await host.close();
  process.disconnect?.();
}

await main();
