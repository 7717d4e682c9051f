// `edge-gemma --headless`: Edge Gemma with no window, for a Pi without a screen (or the systemd user unit).
// The .deb's launcher (packaging/linux/edge-gemma-launcher, which says why) runs this file under the packaged
// Electron binary as plain Node, so it must stay free of Electron: it serves the same backend as the desktop app
// through the browser host, from the desktop app's data folder, and logs to stdout/stderr (journald).
import { readFile } from "node:fs/promises";
import type { ApiAccess } from "../api/api-access.ts";
import { apiStatusLines } from "../api/api-status-lines.ts";
import { DesktopPriority } from "../api/desktop-priority.ts";
import { startApiAccess } from "../api/start-api-access.ts";
import { startBrowserHost, type BrowserHost } from "../host/browser-host.ts";
import { AppBackend } from "../services/app-backend.ts";
import { lockDataFolderOrExit } from "../services/storage/data-folder-busy-text.ts";
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

// One Edge Gemma per data folder: held by the desktop app or another service, this one says so and exits (75).
const dataFolderLock = await lockDataFolderOrExit(options.dataDir, "headless");

// The web interface's chat is the person at the screen: it goes before programs using the API.
const desktopPriority = new DesktopPriority();
const backend = new AppBackend({
  beforeDesktopAnswer: desktopPriority.beforeDesktopAnswer,
  userDataDir: options.dataDir,
  // The engine is forked with this same binary: under Electron, its child_process.fork sets ELECTRON_RUN_AS_NODE.
  spawnEngine: forkEngine(headlessPaths.engineEntry, { execArgv: headlessPaths.engineExecArgv, echoOutput: true }),
  onRejected: (reason) => console.warn(`[headless] rejected a client message: ${reason}`),
});
await backend.start();

let host: BrowserHost;
let api: ApiAccess | undefined;
try {
  host = await startBrowserHost({ backend, rendererDir: headlessPaths.rendererDir, host: options.host, port: options.port });
  if (options.api !== "off") {
    const { version } = JSON.parse(await readFile(headlessPaths.packageJson, "utf8")) as { version: string };
    // As Settings → Programs says (changed from the web interface, it follows), or on loopback at least with --api-port.
    api = await startApiAccess({ backend, desktopPriority, userDataDir: options.dataDir, version, port: options.apiPort, forceLocal: options.api === "on" });
  }
} catch (error) {
  const inUse = (error as NodeJS.ErrnoException).code === "EADDRINUSE";
  console.error(inUse ? `Port ${options.port} on ${options.host} is in use (is Edge Gemma already running?). Choose another with --port.` : `Could not start: ${errorText(error)}`);
  backend.dispose();
  process.exit(1);
}

// Only for the message another Edge Gemma shows: failing to record it does not stop this one.
await dataFolderLock.setUrl(host.url).catch((error: unknown) => console.warn(`[headless] could not record the address in the data-folder lock: ${String(error)}`));
console.log(`Edge Gemma (headless) is serving on ${host.url}`);
if (host.token) console.log("Open that URL once on each device (it carries the access token); anyone without it is refused.");
if (api) {
  for (const line of apiStatusLines(api.status())) console.log(line);
  api.onChange((status) => apiStatusLines(status).forEach((line) => console.log(line)));
}
console.log(`Data folder: ${options.dataDir}`);

let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`Stopping (${signal})`);
  backend.dispose();
  await api?.close();
  await host.close();
  process.exit(0);
};
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
