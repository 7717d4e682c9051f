#!/usr/bin/env node
// Smoke-tests an engine entry with plain Node and no dependencies (used inside the arm64 root too):
//   node scripts/engine-smoke.mjs <engine-entry.js> <model.gguf>
// Prints the streamed answer, then one JSON line {"ok":true,"tokens":N,...}; exits 0 only if tokens came.
import { fork } from "node:child_process";

const [entry, modelPath] = process.argv.slice(2);
if (!entry || !modelPath) {
  console.error("usage: node engine-smoke.mjs <engine-entry.js> <model.gguf>");
  process.exit(2);
}

const child = fork(entry, [], { stdio: ["ignore", "inherit", "inherit", "ipc"], serialization: "advanced" });
const pending = new Map();
let nextId = 1;
let streamedTokens = 0;

child.on("message", (message) => {
  // The engine contract's `generate` reports its tokens as progress of that call (electron/common/contract/engine-contract.ts).
  if (message.kind === "progress") {
    streamedTokens += message.payload.tokens;
    process.stdout.write(message.payload.text);
  } else if (message.kind === "response") {
    const call = pending.get(message.id);
    pending.delete(message.id);
    if (message.ok) call?.resolve(message.result);
    else call?.reject(new Error(`${message.error.code}: ${message.error.message}`));
  }
});
child.on("exit", (code, signal) => {
  for (const call of pending.values()) call.reject(new Error(`engine exited (code ${code}, signal ${signal})`));
});

function call(method, params) {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    child.send({ kind: "request", id, method, params });
  });
}

const timeout = setTimeout(() => finish({ ok: false, error: "timed out after 600 s" }), 600_000);
function finish(result) {
  clearTimeout(timeout);
  console.log(`\n${JSON.stringify(result)}`);
  child.kill();
  process.exit(result.ok ? 0 : 1);
}

try {
  const model = await call("load", { modelPath, contextSize: 512 });
  const answer = await call("generate", { history: [], text: "Hello", sampling: { maxTokens: 16, seed: 1 } });
  finish({
    ok: answer.stats.generatedTokens > 0 && streamedTokens > 0,
    tokens: answer.stats.generatedTokens,
    streamedTokens,
    architecture: model.architecture,
    quantization: model.quantization ?? null,
    loadMs: Math.round(model.loadMs),
    tokensPerSecond: Number(answer.stats.tokensPerSecond.toFixed(2)),
  });
} catch (error) {
  finish({ ok: false, error: error instanceof Error ? error.message : String(error) });
}
