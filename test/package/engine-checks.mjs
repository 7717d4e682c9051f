// Runs the INSTALLED package's engine code and node-llama-cpp binaries inside
// the arm64 root with an arm64 Node, emulating the Pi 5's Cortex-A76.
// app.asar cannot be read by plain Node, so it is extracted (with
// @electron/asar) into /root/pkgtest/app; the node-llama-cpp binary package is
// then linked to the installed app.asar.unpacked copy, so the native code that
// runs is the installed files themselves.
import { existsSync } from "node:fs";
import { chmod, copyFile, rm, symlink } from "node:fs/promises";
import path from "node:path";
import { runInRoot } from "./arm64-root.mjs";
import * as E from "./expectations.mjs";

const PKGTEST = "/root/pkgtest";
/** The Raspberry Pi 5's core: NEON, dot product, fp16; no SVE, no i8mm. */
export const PI5_QEMU_CPU = "cortex-a76";
/** The Raspberry Pi 4's core: NEON and fp16 storage, no dot product. */
const PI4_QEMU_CPU = "cortex-a72";
/** ggml's variant for dot product + fp16 without SVE (ggml/src/CMakeLists.txt: armv8.2_2 = DOTPROD FP16_VECTOR_ARITHMETIC). */
export const EXPECTED_CPU_VARIANT = "armv8.2_2";
const BACKEND_LINE = /loaded CPU backend from (.*?libggml-cpu-([\w.]+)\.so)/;

const host = (root, absolute) => path.join(root, absolute);

function lastJsonLine(output) {
  const line = output.trim().split("\n").reverse().find((l) => l.trim().startsWith("{"));
  try {
    return line ? JSON.parse(line) : null;
  } catch {
    return null;
  }
}

async function prepare(root, { nodeBinary, modelPath, projectDir }) {
  await copyFile(nodeBinary, host(root, `${PKGTEST}/node`));
  await chmod(host(root, `${PKGTEST}/node`), 0o755);
  await copyFile(modelPath, host(root, `${PKGTEST}/model.gguf`));
  const asar = (await import("@electron/asar")).default;
  const appDir = host(root, `${PKGTEST}/app`);
  await rm(appDir, { recursive: true, force: true });
  asar.extractAll(host(root, `${E.PRODUCT_DIR}/resources/app.asar`), appDir);
  const binaries = `node_modules/@node-llama-cpp/linux-arm64`;
  await rm(path.join(appDir, binaries), { recursive: true, force: true });
  await symlink(`${E.PRODUCT_DIR}/resources/app.asar.unpacked/${binaries}`, path.join(appDir, binaries));
  // Inside the app folder, the probe's `import "node-llama-cpp"` resolves to the installed package's own copy.
  await copyFile(path.join(projectDir, "test", "package", "cpu-variant-probe.mjs"), path.join(appDir, "cpu-variant-probe.mjs"));
  return appDir;
}

const MiB = 2 ** 20;

/**
 * On the Pi 5's variant llama.cpp repacks every matrix of a Q4_0 file for its dot-product kernels, the tied Q6_K token
 * embedding included (as the output matrix), while the token lookup reads the plain copy: the embedding is held twice.
 * That is the rule electron/node/services/library/repacked-embedding.ts reads from the source (repack.cpp:5061-5072,
 * q6_K_8x4 with dot product when the rows are a multiple of 8: the tiny model has 512) and the Library's fit estimate
 * adds for a Pi 5. On x86-64 CPU_REPACK holds the matrices without the embedding (the bench's `memory.llamaBuffersMb`).
 */
function checkEmbeddingRepacked(report, result) {
  const buffers = result?.modelBuffersMiB ?? {};
  const repackedMiB = Number(buffers["CPU_REPACK"]);
  const matricesMiB = Number(result?.fileTensorBytes?.matrices) / MiB;
  const embeddingMiB = Number(result?.fileTensorBytes?.embedding) / MiB;
  // The log prints two decimals per buffer and each tensor is aligned: a few KiB either way.
  const near = (a, b) => Math.abs(a - b) < Math.min(0.03, embeddingMiB / 3);
  report.check(`llama.cpp repacks the tied Q6_K token embedding with the matrices on ${PI5_QEMU_CPU}: a second copy (CPU_REPACK = every non-F32 tensor)`,
    embeddingMiB > 0 && near(repackedMiB, matricesMiB) && !near(repackedMiB, matricesMiB - embeddingMiB),
    `buffers ${JSON.stringify(buffers)}; file: matrices ${matricesMiB.toFixed(3)} MiB, token_embd ${embeddingMiB.toFixed(3)} MiB`);
}

export async function runEngineChecks(report, root, { nodeBinary, modelPath, projectDir, logFile }) {
  const appDir = await prepare(root, { nodeBinary, modelPath, projectDir });
  const entry = `${PKGTEST}/app/dist-electron/electron/engine/entry.js`;
  report.check("installed app.asar extracted; node-llama-cpp binaries linked to the installed app.asar.unpacked",
    existsSync(path.join(appDir, "node_modules/node-llama-cpp/package.json")) && existsSync(host(root, entry)));
  const env = { QEMU_CPU: PI5_QEMU_CPU };

  const started = Date.now();
  const probe = await runInRoot(root, [`${PKGTEST}/node`, `${PKGTEST}/app/cpu-variant-probe.mjs`, `${PKGTEST}/model.gguf`], { env, logFile, timeoutMs: 8 * 60_000 });
  const result = lastJsonLine(probe.output);
  console.log(`  time: node-llama-cpp probe under qemu (${PI5_QEMU_CPU}) ${((Date.now() - started) / 1000).toFixed(1)} s`);
  report.check(`node-llama-cpp (installed binaries, arm64 Node, QEMU_CPU=${PI5_QEMU_CPU}) generates tokens from the tiny Gemma 2 model`,
    probe.status === 0 && result?.ok === true, result ? `${result.tokens} tokens in ${result.ms} ms` : `exit ${probe.status}\n${probe.output.slice(-1500)}`);
  report.check(`llama.cpp loaded the ${EXPECTED_CPU_VARIANT} CPU variant (dot product + fp16) from the installed package`,
    result?.cpuBackend === EXPECTED_CPU_VARIANT && String(result?.cpuBackendPath).startsWith(`${E.PRODUCT_DIR}/resources/app.asar.unpacked/`),
    `${result?.cpuBackendPath ?? "no 'loaded CPU backend' log line"}`);
  report.check("llama.cpp system info reports DOTPROD = 1", result?.dotprod === true, result?.systemInfo?.trim());
  checkEmbeddingRepacked(report, result);

  // A Pi 4's Cortex-A72 has no dot product: ggml loads armv8.0_1, which repacks nothing (repacked-embedding.ts).
  const pi4 = await runInRoot(root, [`${PKGTEST}/node`, `${PKGTEST}/app/cpu-variant-probe.mjs`, `${PKGTEST}/model.gguf`], { env: { QEMU_CPU: PI4_QEMU_CPU }, logFile, timeoutMs: 8 * 60_000 });
  const pi4Result = lastJsonLine(pi4.output);
  report.check(`on ${PI4_QEMU_CPU} (Pi 4) llama.cpp loads armv8.0_1 and repacks nothing (no CPU_REPACK buffer)`,
    pi4.status === 0 && pi4Result?.cpuBackend === "armv8.0_1" && pi4Result?.modelBuffersMiB !== undefined && !("CPU_REPACK" in pi4Result.modelBuffersMiB),
    pi4Result ? `${pi4Result.cpuBackend}; buffers ${JSON.stringify(pi4Result.modelBuffersMiB)}` : `exit ${pi4.status}\n${pi4.output.slice(-1500)}`);

  const smoke = path.join(projectDir, "scripts", "engine-smoke.mjs");
  if (!existsSync(smoke)) {
    report.check("engine-smoke: packaged engine entry generates tokens", false, "scripts/engine-smoke.mjs does not exist yet");
    return;
  }
  await copyFile(smoke, host(root, `${PKGTEST}/engine-smoke.mjs`));
  const smokeStarted = Date.now();
  const run = await runInRoot(root, [`${PKGTEST}/node`, `${PKGTEST}/engine-smoke.mjs`, entry, `${PKGTEST}/model.gguf`],
    { env: { ...env, NODE_LLAMA_CPP_LOG_LEVEL: "debug" }, logFile, timeoutMs: 10 * 60_000 });
  console.log(`  time: packaged engine under qemu ${((Date.now() - smokeStarted) / 1000).toFixed(1)} s`);
  const summary = lastJsonLine(run.output);
  report.check("engine-smoke: the packaged engine entry (dist-electron/electron/engine/entry.js from app.asar) generates tokens",
    run.status === 0 && summary?.ok === true && Number(summary?.tokens) > 0,
    summary ? JSON.stringify(summary).slice(0, 300) : `exit ${run.status}\n${run.output.slice(-1500)}`);
  const backend = BACKEND_LINE.exec(run.output);
  if (backend) {
    report.check(`engine-smoke: the engine's llama.cpp loaded ${EXPECTED_CPU_VARIANT} from the installed package`,
      backend[2] === EXPECTED_CPU_VARIANT && backend[1].startsWith(`${E.PRODUCT_DIR}/resources/app.asar.unpacked/`), backend[1]);
  } else {
    report.note("the engine printed no llama.cpp backend log (NODE_LLAMA_CPP_LOG_LEVEL=debug had no effect on its logger); the CPU variant is checked by the probe above, same binaries");
  }
}
