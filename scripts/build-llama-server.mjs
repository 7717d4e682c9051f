#!/usr/bin/env node
// Builds llama.cpp's own `llama-server` (its OpenAI-compatible HTTP server, the remote engine the remote-backend tests
// talk to) from the exact source of node-llama-cpp's prebuilt binaries, configured as they are
// (scripts/build-llama-tools.mjs says how; the same cached build tree also holds `llama-bench`).
// Prints the JSON {llamaServer, commit, cpuVariant} on its last line.
import { fileURLToPath } from "node:url";
import { buildLlamaTool, buildLlamaToolCli } from "./build-llama-tools.mjs";

export async function buildLlamaServer(options) {
  const { binary, ...rest } = await buildLlamaTool("llama-server", options);
  return { llamaServer: binary, ...rest };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildLlamaToolCli("llama-server", "llamaServer", process.argv.slice(2));
