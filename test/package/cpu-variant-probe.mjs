// Runs INSIDE the arm64 Debian root, with the arm64 Node, against the
// node-llama-cpp files of the installed package: it is copied into the
// extracted app.asar (native binaries from app.asar.unpacked), so
// "node-llama-cpp" below is the installed copy. It loads a model, generates a
// few tokens and reports which ggml CPU variant llama.cpp loaded.
// Usage: node <extractedAppDir>/cpu-variant-probe.mjs <model.gguf>
// Prints one JSON line: {"ok":true,"tokens":N,"cpuBackend":"armv8.2_2",...}
import { getLlama, LlamaLogLevel } from "node-llama-cpp";

const [modelPath] = process.argv.slice(2);
if (!modelPath) {
  console.error("usage: node <extractedAppDir>/cpu-variant-probe.mjs <model.gguf>");
  process.exit(2);
}

const started = Date.now();
const logs = [];

const llama = await getLlama({
  gpu: false,
  build: "never",
  usePrebuiltBinaries: true,
  progressLogs: false,
  logLevel: LlamaLogLevel.debug,
  logger: (level, message) => logs.push(`[${level}] ${message.trimEnd()}`),
});
const model = await llama.loadModel({ modelPath });
// One thread: under qemu-user, idle worker threads spin and slow generation down many times.
const context = await model.createContext({ contextSize: 256, threads: 1 });
const sequence = context.getSequence();

const wanted = 16;
let tokens = 0;
for await (const token of sequence.evaluate(model.tokenize("Hello"), { temperature: 0.8, seed: 1 })) {
  void token;
  if (++tokens >= wanted) break;
}

const loadedCpu = logs.map((line) => /loaded CPU backend from (.*libggml-cpu-([\w.]+)\.so)/.exec(line)).find(Boolean);
const result = {
  ok: tokens >= wanted,
  tokens,
  cpuBackend: loadedCpu?.[2] ?? null,
  cpuBackendPath: loadedCpu?.[1] ?? null,
  bindingPath: llama._bindingPath ?? null,
  systemInfo: llama.systemInfo,
  dotprod: /DOTPROD = 1/.test(llama.systemInfo),
  ms: Date.now() - started,
};
await context.dispose();
await model.dispose();
await llama.dispose();
for (const line of logs.filter((l) => /backend|CPU|system_info/i.test(l)).slice(0, 20)) console.log(line);
console.log(JSON.stringify(result));
process.exit(result.ok ? 0 : 1);
