import { getLlama, type Llama } from "node-llama-cpp";
import { engineContract, serveRpc } from "../common/contract/index.ts";
import { Engine } from "./engine.ts";
import { connectToParent } from "./transport.ts";

// The utility-process (or forked) entry of the inference engine. It only talks to its parent.
const transport = connectToParent();

// On Linux, getLlama first tests the prebuilt binary in a child process. Inside this utility process
// `electron.utilityProcess` is undefined, so node-llama-cpp falls back to `child_process.fork`, which
// Electron runs as Node through ELECTRON_RUN_AS_NODE: the RunAsNode fuse therefore stays enabled
// (electron-builder.yml), and the test keeps protecting us from a binary that would crash on load.
let llama: Promise<Llama> | undefined;
const loadLlama = () => (llama ??= getLlama({ gpu: false, build: "never", progressLogs: false }));

const engine = new Engine(loadLlama, {
  loadProgress: (modelPath, progress, meter) => server.emit("loadProgress", { modelPath, progress, meter }),
});
const server = serveRpc(transport, engineContract, engine.handlers(), {
  onRejected: (reason) => process.stderr.write(`[engine] rejected ${reason}\n`),
});

// The supervisor's watchdog listens for these: silence means this process is stopped or its event loop is stuck;
// heartbeats whose `work` never grows mean a load or an evaluation that gets nowhere.
const heartbeatMs = 1000;
setInterval(() => {
  if (engine.busy) server.emit("heartbeat", { work: engine.work });
}, heartbeatMs).unref();

process.on("disconnect", () => process.exit(0));
