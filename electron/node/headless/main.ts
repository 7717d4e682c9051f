// `edge-gemma --headless`: Edge Gemma with no window, for a Pi without a screen (or the systemd user unit).
// The .deb's launcher (packaging/linux/edge-gemma-launcher, which says why) runs this file under the packaged
// Electron binary as plain Node, so it must stay free of Electron: it serves the same backend as the desktop app
// through the browser host, from the desktop app's data folder, and logs to stdout/stderr (journald).
import { readFile } from "node:fs/promises";
import { loadBundledCatalog } from "../../../models/catalog.ts";
import { startApiServer, type ApiServer } from "../api/api-server.ts";
import { backendEngine } from "../api/backend-engine.ts";
import { DesktopPriority } from "../api/desktop-priority.ts";
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
let api: ApiServer | undefined;
try {
  host = await startBrowserHost({ backend, rendererDir: headlessPaths.rendererDir, host: options.host, port: options.port });
  if (options.apiPort !== undefined) {
    const { version } = JSON.parse(await readFile(headlessPaths.packageJson, "utf8")) as { version: string };
    const engine = backendEngine({ supervisor: backend.supervisor, models: backend.library.models, downloads: backend.library.downloads, catalog: loadBundledCatalog() });
    // Loopback only: the API has no access token yet, so devices on the network reach only the web interface.
    api = await startApiServer({ engine, version, port: options.apiPort, desktopPriority });
  }
} catch (error) {
  const inUse = (error as NodeJS.ErrnoException).code === "EADDRINUSE";
  console.error(inUse ? `Port ${options.port} on ${options.host} is in use (is Edge Gemma already running?). Choose another with --port.` : `Could not start: ${errorText(error)}`);
  backend.dispose();
  process.exit(1);
}

console.log(`Edge Gemma (headless) is serving on ${host.url}`);
if (host.token) console.log("Open that URL once on each device (it carries the access token); anyone without it is refused.");
if (api?.portTaken) console.log(`Port ${options.apiPort} is taken (is Ollama running?), so the API uses ${api.port}.`);
if (api) console.log(`Edge Gemma's Ollama- and OpenAI-compatible API is serving on ${api.url} (this computer only)`);
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
