#!/usr/bin/env node
// Builds llama.cpp's own `llama-bench` from the exact source of node-llama-cpp's prebuilt binaries, configured as
// they are (scripts/build-llama-tools.mjs says how; the same cached build tree also holds `llama-server`).
// Prints the JSON {llamaBench, commit, cpuVariant} on its last line.
import { fileURLToPath } from "node:url";
import { buildLlamaTool, buildLlamaToolCli } from "./build-llama-tools.mjs";

export async function buildLlamaBench(options) {
  const { binary, ...rest } = await buildLlamaTool("llama-bench", options);
  return { llamaBench: binary, ...rest };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildLlamaToolCli("llama-bench", "llamaBench", process.argv.slice(2));
