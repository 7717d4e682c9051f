// `edge-gemma --headless`: Edge Gemma with no window, for a Pi without a screen (or the systemd user unit).
// The .deb's launcher (packaging/linux/edge-gemma-launcher, which says why) runs this file under the packaged
// Electron binary as plain Node, so it must stay free of Electron: it serves the same backend as the desktop app
// through the browser host, from the desktop app's data folder, and logs to stdout/stderr (journald).
import { startBrowserHost, type BrowserHost } from "../host/browser-host.ts";
import { AppBackend } from "../services/app-backend.ts";
import { forkEngine } from "../services/inference/engine-process.ts";
import { headlessUsage, parseHeadlessOptions, type HeadlessOptions } from "./headless-options.ts";
import { headlessPaths } from "./headless-paths.ts";

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

function optionsOrExit(): HeadlessOptions {
  try {
    return parseHeadlessOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`${errorText(error)}\n${headlessUsage}`);
    process.exit(2);
  }
}

const options = optionsOrExit();
if (options.help) {
  console.log(headlessUsage);
  process.exit(0);
}

const backend = new AppBackend({
  userDataDir: options.dataDir,
  // The engine is forked with this same binary: under Electron, its child_process.fork sets ELECTRON_RUN_AS_NODE.
  spawnEngine: forkEngine(headlessPaths.engineEntry, { execArgv: headlessPaths.engineExecArgv, echoOutput: true }),
  onRejected: (reason) => console.warn(`[headless] rejected a client message: ${reason}`),
});
await backend.start();

let host: BrowserHost;
try {
  host = await startBrowserHost({ backend, rendererDir: headlessPaths.rendererDir, host: options.host, port: options.port });
} catch (error) {
  const inUse = (error as NodeJS.ErrnoException).code === "EADDRINUSE";
  console.error(inUse ? `Port ${options.port} on ${options.host} is in use (is Edge Gemma already running?). Choose another with --port.` : `Could not serve on ${options.host}:${options.port}: ${errorText(error)}`);
  backend.dispose();
  process.exit(1);
}

console.log(`Edge Gemma (headless) is serving on ${host.url}`);
console.log(`Data folder: ${options.dataDir}`);
if (host.token) console.log("Open that URL once on each device (it carries the access token); anyone without it is refused.");

let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`Stopping (${signal})`);
  backend.dispose();
  await host.close();
  process.exit(0);
};
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
