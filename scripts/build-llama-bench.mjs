#!/usr/bin/env node
// Builds llama.cpp's own `llama-bench` from the exact source of node-llama-cpp's prebuilt binaries (the git bundle in
// node_modules/node-llama-cpp/llama/, with node-llama-cpp's patches), configured as those binaries are
// (node-llama-cpp's dist/bindings/utils/compileLLamaCpp.js in CI mode: GGML_NATIVE=OFF, GGML_CPU_ALL_VARIANTS=ON,
// GGML_BACKEND_DL=ON, GGML_OPENMP=OFF, no curl/httplib/SSL, CPU only, Release). Of the CPU variants it compiles the one
// node-llama-cpp loads on this machine (pass --cpu-variant to choose another), so both run the same kernels.
// Cached in ~/.cache/edge-gemma/llama-bench-<commit>/ (EDGE_GEMMA_CACHE_DIR); needs cmake and g++ (Debian packages).
// Prints the JSON {llamaBench, commit, cpuVariant} on its last line.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const nodeLlamaCppLlamaDir = path.join(projectDir, "node_modules", "node-llama-cpp", "llama");
const bundle = path.join(nodeLlamaCppLlamaDir, "gitRelease.bundle");

const CMAKE_OPTIONS = {
  CMAKE_BUILD_TYPE: "Release",
  GGML_BUILD_NUMBER: "1",
  GGML_NATIVE: "OFF",
  GGML_CPU_ALL_VARIANTS: "ON",
  GGML_BACKEND_DL: "ON",
  GGML_OPENMP: "OFF",
  GGML_METAL: "OFF",
  GGML_CCACHE: "OFF",
  LLAMA_CURL: "OFF",
  LLAMA_HTTPLIB: "OFF",
  LLAMA_OPENSSL: "OFF",
  LLAMA_BUILD_BORINGSSL: "OFF",
  LLAMA_BUILD_TESTS: "OFF",
  LLAMA_BUILD_EXAMPLES: "OFF",
  LLAMA_BUILD_SERVER: "OFF",
  LLAMA_BUILD_TOOLS: "ON",
};

export function cacheDir() {
  return process.env.EDGE_GEMMA_CACHE_DIR ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "edge-gemma");
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: "utf8", maxBuffer: 64 * 2 ** 20, ...options });
  if (result.error) throw new Error(`${command}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} exited ${result.status}\n${(result.stderr ?? "").slice(-4000)}`);
  return result.stdout ?? "";
}

function bundleCommit() {
  const head = run("git", ["bundle", "list-heads", bundle]).trim().split("\n")[0] ?? "";
  const commit = head.split(" ")[0];
  if (!/^[0-9a-f]{40}$/.test(commit ?? "")) throw new Error(`No commit in ${bundle}: ${head}`);
  return commit;
}

/** The libggml-cpu-<variant>.so node-llama-cpp's prebuilt binary loads here, read from its own debug log. */
function detectCpuVariant() {
  // A script file, not `node -e`: node-llama-cpp tests its binary in a child process, which fails under -e.
  const nodeLlamaCpp = pathToFileURL(path.join(projectDir, "node_modules", "node-llama-cpp", "dist", "index.js")).href;
  const probe = `import { getLlama, LlamaLogLevel } from ${JSON.stringify(nodeLlamaCpp)};
let loaded = "";
const llama = await getLlama({ gpu: false, build: "never", logLevel: LlamaLogLevel.debug,
  logger: (_level, message) => { const match = /loaded CPU backend from .*libggml-(cpu[\\w-]*)\\.so/.exec(message); if (match) loaded = match[1]; } });
await llama.dispose();
console.log(loaded);`;
  const dir = mkdtempSync(path.join(os.tmpdir(), "edge-gemma-cpu-probe-"));
  try {
    const file = path.join(dir, "probe.mjs");
    writeFileSync(file, probe);
    const target = run(process.execPath, [file], { cwd: projectDir }).trim().split("\n").pop();
    if (!target?.startsWith("cpu")) throw new Error("node-llama-cpp did not say which CPU backend it loaded (pass --cpu-variant)");
    return target.replace(/^cpu-?/, "");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function ensureSource(commit) {
  const source = path.join(cacheDir(), `llama-src-${commit.slice(0, 12)}`);
  if (!existsSync(path.join(source, "CMakeLists.txt"))) {
    run("git", ["clone", "--quiet", bundle, source]);
    run("git", ["-C", source, "checkout", "--quiet", commit]);
  }
  const patchesDir = path.join(nodeLlamaCppLlamaDir, "patches");
  for (const patch of existsSync(patchesDir) ? readdirSync(patchesDir).filter((name) => name.endsWith(".diff")).sort() : []) {
    const file = path.join(patchesDir, patch);
    const alreadyApplied = spawnSync("git", ["-C", source, "apply", "--reverse", "--check", file]).status === 0;
    if (!alreadyApplied) run("git", ["-C", source, "apply", file]);
  }
  return source;
}

export async function buildLlamaBench({ cpuVariant = detectCpuVariant(), jobs = os.availableParallelism(), log = console.error } = {}) {
  const commit = bundleCommit();
  const buildDir = path.join(cacheDir(), `llama-bench-${commit.slice(0, 12)}`, cpuVariant === "" ? "build" : `build-${cpuVariant}`);
  const binDir = path.join(buildDir, "bin");
  const llamaBench = path.join(binDir, "llama-bench");
  const cpuTarget = cpuVariant === "" ? "ggml-cpu" : `ggml-cpu-${cpuVariant}`;
  const result = { llamaBench, commit, cpuVariant };
  if (existsSync(path.join(buildDir, "complete.json"))) return result;

  const source = ensureSource(commit);
  await mkdir(buildDir, { recursive: true });
  log(`Building llama-bench (${commit.slice(0, 12)}, CPU backend ${cpuTarget}) in ${buildDir} …`);
  const defines = Object.entries(CMAKE_OPTIONS).map(([key, value]) => `-D${key}=${value}`);
  run("cmake", ["-S", source, "-B", buildDir, "-G", "Unix Makefiles", ...defines], { stdio: ["ignore", "ignore", "pipe"] });
  // With GGML_BACKEND_DL the `ggml` target depends on every CPU variant (15 on x86-64); llama-bench needs only the one
  // loaded here. Make's `<target>/fast` builds a target without its dependencies, so they are built in order by hand.
  const makefile = readFileSync(path.join(buildDir, "Makefile"), "utf8");
  const targets = ["ggml-base", "ggml", `${cpuTarget}-feats`, cpuTarget, "llama", "vendor-hash", "cpp-httplib", "llama-common-base", "llama-common", "llama-bench-impl", "llama-bench"];
  for (const target of targets.filter((name) => makefile.includes(`\n${name}/fast:`))) {
    run("make", ["-C", buildDir, "-j", String(jobs), `${target}/fast`], { stdio: ["ignore", "ignore", "pipe"] });
  }
  if (!existsSync(llamaBench)) throw new Error(`The build finished without ${llamaBench}`);
  // llama-bench loads the best CPU variant it finds beside it: only the one node-llama-cpp loads may be there.
  for (const name of readdirSync(binDir)) {
    if (/^libggml-cpu.*\.so$/.test(name) && name !== `lib${cpuTarget}.so`) rmSync(path.join(binDir, name));
  }
  await writeFile(path.join(buildDir, "complete.json"), `${JSON.stringify({ ...result, options: CMAKE_OPTIONS }, null, 2)}\n`);
  return result;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { "cpu-variant": { type: "string" }, jobs: { type: "string" } } });
  const built = await buildLlamaBench({
    ...(values["cpu-variant"] === undefined ? {} : { cpuVariant: values["cpu-variant"] }),
    ...(values.jobs === undefined ? {} : { jobs: Number(values.jobs) }),
  });
  console.log(JSON.stringify(built));
}
