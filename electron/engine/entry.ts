import { getLlama, type Llama } from "node-llama-cpp";
import { engineContract, serveRpc } from "../contract/index.ts";
import { Engine } from "./engine.ts";
import { connectToParent } from "./transport.ts";

// The utility-process (or forked) entry of the inference engine. It only talks to its parent.
const transport = connectToParent();

let llama: Promise<Llama> | undefined;
const loadLlama = () => (llama ??= getLlama({ gpu: false, build: "never", progressLogs: false }));

const server = serveRpc(
  transport,
  engineContract,
  new Engine(loadLlama, {
    loadProgress: (modelPath, progress) => server.emit("loadProgress", { modelPath, progress }),
    delta: (conversationId, text, tokens) => server.emit("delta", { conversationId, text, tokens }),
  }).handlers(),
  { onRejected: (reason) => process.stderr.write(`[engine] rejected ${reason}\n`) },
);

process.on("disconnect", () => process.exit(0));
