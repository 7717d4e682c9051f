import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { parseCatalog } from "../../../models/catalog.ts";
import packageJson from "../../../package.json" with { type: "json" };
import { writeGemma2Model } from "../../../tools/make-model/gemma2-model.ts";
import { apiStatusLines } from "../api/api-status-lines.ts";
import { DesktopPriority } from "../api/desktop-priority.ts";
import { startApiAccess } from "../api/start-api-access.ts";
import { AppBackend } from "../services/app-backend.ts";
import { forkEngine } from "../services/inference/engine-process.ts";
import { lockDataFolderOrExit } from "../services/storage/data-folder-busy-text.ts";
import { startBrowserHost } from "./browser-host.ts";
import { hostPaths } from "./paths.ts";

const usage = `Usage: npm run serve -- [--host 127.0.0.1] [--port 5417] [--demo] [--api] [--api-port 11434] [--data-dir DIR] [--catalog FILE]
  --host 0.0.0.0   serve on the network (a one-time access token is then required)
  --api            serve the Ollama- and OpenAI-compatible API on loopback (port 11434, or the next free one) whatever
                   Settings → Programs says; without it the settings decide (off by default)
  --demo           load a tiny random-weights model, to try the app without a real one
  --catalog FILE   offer the files of this catalog (the models/catalog.json format) instead of the bundled one`;

function parseOptions() {
  try {
    const { values } = parseArgs({
      options: {
        host: { type: "string", default: "127.0.0.1" },
        port: { type: "string", default: "5417" },
        demo: { type: "boolean", default: false },
        api: { type: "boolean", default: false },
        "api-port": { type: "string", default: "11434" },
        "data-dir": { type: "string", default: hostPaths.defaultDataDir },
        "require-token": { type: "boolean", default: false },
        catalog: { type: "string" },
        help: { type: "boolean", default: false },
      },
    });
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`--port must be 0–65535, not "${values.port}"`);
    const apiPort = Number(values["api-port"]);
    if (!Number.isInteger(apiPort) || apiPort < 0 || apiPort > 65_535) throw new Error(`--api-port must be 0–65535, not "${values["api-port"]}"`);
    return { ...values, port, apiPort };
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
    process.exit(2);
  }
}

const options = parseOptions();
if (options.help) {
  console.log(usage);
  process.exit(0);
}

// One Edge Gemma per data folder: held by the desktop app or another service, this one says so and exits (75).
const dataFolderLock = await lockDataFolderOrExit(options["data-dir"], "serve");

// EDGE_GEMMA_THREADS caps llama.cpp's threads (tests on shared machines run with 1).
const threads = Number(process.env.EDGE_GEMMA_THREADS);
const catalog = options.catalog === undefined ? undefined : parseCatalog(JSON.parse(await readFile(options.catalog, "utf8")));
const desktopPriority = new DesktopPriority();
const backend = new AppBackend({
  beforeDesktopAnswer: desktopPriority.beforeDesktopAnswer,
  ...(catalog ? { catalog } : {}),
  userDataDir: options["data-dir"],
  ...(Number.isInteger(threads) && threads > 0 ? { loadOptions: { threads } } : {}),
  spawnEngine: forkEngine(hostPaths.engineEntrySource, { execArgv: ["--import", "tsx"], echoOutput: true }),
  onRejected: (reason) => console.warn(`[host] rejected a client message: ${reason}`),
});
await backend.start();
const host = await startBrowserHost({
  backend,
  rendererDir: hostPaths.rendererDir,
  host: options.host,
  port: options.port,
  requireToken: options["require-token"],
});
// Only for the message another Edge Gemma shows: failing to record it does not stop this one.
await dataFolderLock.setUrl(host.url).catch((error: unknown) => console.warn(`[host] could not record the address in the data-folder lock: ${String(error)}`));
console.log(`Edge Gemma is serving on ${host.url}`);
if (host.token) console.log("Open that URL once (it carries the access token); anyone without it is refused.");

// As Settings → Programs says (it follows changes made in the page); --api forces loopback on for scripts and tests.
const api = await startApiAccess({
  backend,
  desktopPriority,
  userDataDir: options["data-dir"],
  version: packageJson.version,
  ...(catalog ? { catalog } : {}),
  port: options.apiPort,
  forceLocal: options.api,
});
for (const line of apiStatusLines(api.status())) console.log(line);
api.onChange((status) => apiStatusLines(status).forEach((line) => console.log(line)));

if (options.demo) {
  const modelsDir = path.join(options["data-dir"], "models");
  await mkdir(modelsDir, { recursive: true });
  const demo = await writeGemma2Model({ shape: "tiny", type: "q4_0", out: path.join(modelsDir, "demo-random-weights-tiny-q4_0.gguf") });
  console.log(`Demo mode: loading the random-weights model ${demo.path} (it writes gibberish: it is not Gemma)`);
  // Chosen like any model from the Library, so the Library shows it as the active one.
  await backend.settings.update({ patch: { model: { activeModelPath: demo.path } } });
  void backend.supervisor.loadModel(demo.path).catch((error: unknown) => console.error(`Demo model failed to load: ${String(error)}`));
}

const shutdown = async () => {
  backend.dispose();
  await api.close();
  await host.close();
  process.exit(0);
};
process.on("SIGINT", () => void shutdown());
process.on("SIGTERM", () => void shutdown());
