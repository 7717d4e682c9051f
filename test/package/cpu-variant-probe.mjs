// Runs INSIDE the arm64 Debian root, with the arm64 Node, against the
// node-llama-cpp files of the installed package: it is copied into the
// extracted app.asar (native binaries from app.asar.unpacked), so
// "node-llama-cpp" below is the installed copy. It loads a model, generates a
// few tokens and reports which ggml CPU variant llama.cpp loaded.
// Usage: node <extractedAppDir>/cpu-variant-probe.mjs <model.gguf>
// It also reports llama.cpp's model buffers beside the file's tensor bytes, so the package test can check on the
// Pi 5's CPU variant what electron/node/services/library/repacked-embedding.ts predicts from the source: the tied
// token embedding held twice (plain for the lookup, repacked for the output matrix).
// Prints one JSON line: {"ok":true,"tokens":N,"cpuBackend":"armv8.2_2",...}
import { statSync } from "node:fs";
import { getLlama, LlamaLogLevel, readGgufFileInfo } from "node-llama-cpp";

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

/**
 * Each tensor's bytes in the file, from the distance to the next tensor's start (the data section is a run of
 * aligned tensors, GGUF spec "tensor_data"); the last one runs to the end of the file. Alignment padding (< 32 bytes
 * per tensor) is counted with its tensor. `matrices`: every tensor that is not F32 (ggml type 0: the norms).
 */
async function fileTensorBytes(path) {
  const info = await readGgufFileInfo(path, { readTensorInfo: true });
  const tensors = [...(info.tensorInfo ?? [])].sort((a, b) => Number(a.fileOffset) - Number(b.fileOffset));
  const fileSize = statSync(path).size;
  const sized = tensors.map((tensor, i) => ({ tensor, bytes: Number(tensors[i + 1]?.fileOffset ?? fileSize) - Number(tensor.fileOffset) }));
  return {
    total: fileSize - Number(tensors[0]?.fileOffset ?? fileSize),
    matrices: sized.filter(({ tensor }) => tensor.ggmlType !== 0).reduce((sum, { bytes }) => sum + bytes, 0),
    embedding: sized.find(({ tensor }) => tensor.name === "token_embd.weight")?.bytes ?? null,
  };
}

/** llama.cpp's `<buffer type> model buffer size = <n> MiB` lines (src/llama-model.cpp:1852), by buffer type. */
function modelBuffersMiB(lines) {
  const buffers = {};
  for (const line of lines) {
    const match = /(\S+) model buffer size =\s*([\d.]+) MiB/.exec(line);
    if (match) buffers[match[1]] = Number(match[2]);
  }
  return buffers;
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
  modelBuffersMiB: modelBuffersMiB(logs),
  fileTensorBytes: await fileTensorBytes(modelPath),
  ms: Date.now() - started,
};
await context.dispose();
await model.dispose();
await llama.dispose();
for (const line of logs.filter((l) => /backend|CPU|system_info/i.test(l)).slice(0, 20)) console.log(line);
console.log(JSON.stringify(result));
process.exit(result.ok ? 0 : 1);
