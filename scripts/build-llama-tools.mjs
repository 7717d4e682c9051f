// Builds llama.cpp's own tools (`llama-bench`, `llama-server`) from the exact source of node-llama-cpp's prebuilt
// binaries (the git bundle in node_modules/node-llama-cpp/llama/, with node-llama-cpp's patches), configured as those
// binaries are (node-llama-cpp's dist/bindings/utils/compileLLamaCpp.js in CI mode: GGML_NATIVE=OFF,
// GGML_CPU_ALL_VARIANTS=ON, GGML_BACKEND_DL=ON, GGML_OPENMP=OFF, no curl/SSL, CPU only, Release). Of the CPU variants
// it compiles the one node-llama-cpp loads on this machine (or the one asked for), so all run the same kernels.
// One build tree per llama.cpp commit and CPU variant serves every tool: ~/.cache/edge-gemma/llama-cpp-<commit>/
// (EDGE_GEMMA_CACHE_DIR); a tool is cached once its `complete-<tool>.json` is written. Needs cmake, make, g++ and git
// (Debian packages, in .ci/apt-packages.txt).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const nodeLlamaCppLlamaDir = path.join(projectDir, "node_modules", "node-llama-cpp", "llama");
const bundle = path.join(nodeLlamaCppLlamaDir, "gitRelease.bundle");

export const CMAKE_OPTIONS = {
  CMAKE_BUILD_TYPE: "Release",
  GGML_BUILD_NUMBER: "1",
  GGML_NATIVE: "OFF",
  GGML_CPU_ALL_VARIANTS: "ON",
  GGML_BACKEND_DL: "ON",
  GGML_OPENMP: "OFF",
  GGML_METAL: "OFF",
  GGML_CCACHE: "OFF",
  LLAMA_CURL: "OFF",
  LLAMA_OPENSSL: "OFF",
  LLAMA_BUILD_BORINGSSL: "OFF",
  LLAMA_BUILD_TESTS: "OFF",
  LLAMA_BUILD_EXAMPLES: "OFF",
  LLAMA_BUILD_TOOLS: "ON",
  LLAMA_BUILD_SERVER: "ON",
  // The server's web page: tools/ui/CMakeLists.txt would build it with npm or download it from a Hugging Face bucket
  // (scripts/ui-assets.cmake); with both off it embeds an empty asset table and the HTTP API is unchanged.
  LLAMA_BUILD_UI: "OFF",
  LLAMA_USE_PREBUILT_UI: "OFF",
};

/**
 * The targets each tool needs, in build order. With GGML_BACKEND_DL the `ggml` target depends on every CPU variant
 * (15 on x86-64) and a tool needs only one: make's `<target>/fast` builds a target without its dependencies, so they
 * are listed by hand (from tools/<tool>/CMakeLists.txt, common/CMakeLists.txt and tools/mtmd/CMakeLists.txt).
 */
const TOOL_TARGETS = {
  "llama-bench": ["llama-bench-impl", "llama-bench"],
  "llama-server": ["mtmd", "server-context", "llama-ui-assets", "llama-ui", "llama-server-impl", "llama-server"],
};
const baseTargets = (cpuTarget) => ["ggml-base", "ggml", `${cpuTarget}-feats`, cpuTarget, "llama", "vendor-hash", "cpp-httplib", "llama-common-base", "llama-common"];

export function cacheDir() {
  return process.env.EDGE_GEMMA_CACHE_DIR ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "edge-gemma");
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: "utf8", maxBuffer: 64 * 2 ** 20, ...options });
  if (result.error) throw new Error(`${command}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} exited ${result.status}\n${(result.stderr ?? "").slice(-4000)}`);
  return result.stdout ?? "";
}

/** Like run(), without blocking the caller's event loop for the minutes a compile takes. */
function runAsync(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "ignore", "pipe"], ...options });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk) => { stderr = (stderr + chunk).slice(-4000); });
    child.on("error", (error) => reject(new Error(`${command}: ${error.message}`)));
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} exited ${code}\n${stderr}`))));
  });
}

export function bundleCommit() {
  const head = run("git", ["bundle", "list-heads", bundle]).trim().split("\n")[0] ?? "";
  const commit = head.split(" ")[0];
  if (!/^[0-9a-f]{40}$/.test(commit ?? "")) throw new Error(`No commit in ${bundle}: ${head}`);
  return commit;
}

/** The libggml-cpu-<variant>.so node-llama-cpp's prebuilt binary loads here, read from its own debug log. */
export function detectCpuVariant() {
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

const isAlive = (pid) => {
  try { process.kill(pid, 0); return true; } catch (error) { return error.code === "EPERM"; }
};

/** One build at a time per tree (the bench and a test run may ask at once); a dead holder's lock is taken over. */
async function withBuildLock(buildDir, work) {
  const lock = path.join(buildDir, "build.lock");
  await mkdir(buildDir, { recursive: true });
  for (;;) {
    try {
      await writeFile(lock, String(process.pid), { flag: "wx" });
      break;
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
      const holder = Number(await readFile(lock, "utf8").catch(() => "0"));
      if (!holder || !isAlive(holder)) await rm(lock, { force: true });
      else await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
  try {
    return await work();
  } finally {
    await rm(lock, { force: true });
  }
}

/** Builds (or finds cached) one of llama.cpp's tools. Resolves to {binary, commit, cpuVariant}. */
export async function buildLlamaTool(tool, { cpuVariant = detectCpuVariant(), jobs = os.availableParallelism(), log = console.error } = {}) {
  const toolTargets = TOOL_TARGETS[tool];
  if (!toolTargets) throw new Error(`Unknown llama.cpp tool ${tool} (known: ${Object.keys(TOOL_TARGETS).join(", ")})`);
  const commit = bundleCommit();
  const buildDir = path.join(cacheDir(), `llama-cpp-${commit.slice(0, 12)}`, cpuVariant === "" ? "build" : `build-${cpuVariant}`);
  const binDir = path.join(buildDir, "bin");
  const cpuTarget = cpuVariant === "" ? "ggml-cpu" : `ggml-cpu-${cpuVariant}`;
  const result = { binary: path.join(binDir, tool), commit, cpuVariant };
  const completeFile = path.join(buildDir, `complete-${tool}.json`);
  if (existsSync(completeFile)) return result;

  return withBuildLock(buildDir, async () => {
    if (existsSync(completeFile)) return result;
    const source = ensureSource(commit);
    const started = Date.now();
    log(`Building ${tool} (${commit.slice(0, 12)}, CPU backend ${cpuTarget}) in ${buildDir} …`);
    if (!existsSync(path.join(buildDir, "Makefile"))) {
      const defines = Object.entries(CMAKE_OPTIONS).map(([key, value]) => `-D${key}=${value}`);
      await runAsync("cmake", ["-S", source, "-B", buildDir, "-G", "Unix Makefiles", ...defines]);
    }
    const makefile = readFileSync(path.join(buildDir, "Makefile"), "utf8");
    for (const target of [...baseTargets(cpuTarget), ...toolTargets]) {
      if (!makefile.includes(`\n${target}/fast:`)) throw new Error(`llama.cpp ${commit.slice(0, 12)} has no make target ${target}`);
      await runAsync("make", ["-C", buildDir, "-j", String(jobs), `${target}/fast`]);
    }
    if (!existsSync(result.binary)) throw new Error(`The build finished without ${result.binary}`);
    // The tools load the best CPU variant they find beside them: only the one node-llama-cpp loads may be there.
    for (const name of readdirSync(binDir)) {
      if (/^libggml-cpu.*\.so$/.test(name) && name !== `lib${cpuTarget}.so`) rmSync(path.join(binDir, name));
    }
    const buildSeconds = Math.round((Date.now() - started) / 1000);
    await writeFile(completeFile, `${JSON.stringify({ ...result, buildSeconds, jobs, options: CMAKE_OPTIONS }, null, 2)}\n`);
    log(`Built ${tool} in ${buildSeconds} s`);
    return result;
  });
}

/** The command-line part both build scripts share: prints the JSON result on its last line. */
export async function buildLlamaToolCli(tool, resultKey, argv) {
  const { parseArgs } = await import("node:util");
  const { values } = parseArgs({ args: argv, options: { "cpu-variant": { type: "string" }, jobs: { type: "string" } } });
  const { binary, ...rest } = await buildLlamaTool(tool, {
    ...(values["cpu-variant"] === undefined ? {} : { cpuVariant: values["cpu-variant"] }),
    ...(values.jobs === undefined ? {} : { jobs: Number(values.jobs) }),
  });
  console.log(JSON.stringify({ [resultKey]: binary, ...rest }));
}
