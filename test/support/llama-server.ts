/**
 * llama.cpp's own `llama-server` — the real OpenAI-compatible server, built from the llama.cpp source inside
 * node-llama-cpp (scripts/build-llama-server.mjs; cached, so only the first run builds) — started on 127.0.0.1 on a
 * free port with a generated tiny model, ready once its /health answers 200 (tools/server/README.md: 503 while the
 * model loads, 200 `{"status": "ok"}` when ready).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { copyFile, mkdtemp } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const repoRoot = path.resolve(import.meta.dirname, "../..");

export interface LlamaServerBuild {
  llamaServer: string;
  commit: string;
  cpuVariant: string;
}

let building: Promise<LlamaServerBuild> | undefined;

/** Builds (the first time: minutes) or finds the cached llama-server. */
export function ensureLlamaServer(): Promise<LlamaServerBuild> {
  building ??= new Promise<LlamaServerBuild>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repoRoot, "scripts", "build-llama-server.mjs")], { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
    child.on("error", reject);
    child.on("close", (code) => {
      const lastLine = stdout.trim().split("\n").pop() ?? "";
      if (code === 0 && lastLine.startsWith("{")) resolve(JSON.parse(lastLine) as LlamaServerBuild);
      else reject(new Error(`llama-server could not be built (exit ${code}):\n${stderr}`));
    });
  });
  return building;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface LlamaServerOptions {
  /** The model to serve; or `routerModels` for router mode (llama-server without -m: a --models-dir of GGUFs). */
  model?: string;
  routerModels?: Record<string, string>;
  /** --api-key: requests without `Authorization: Bearer <key>` get 401. */
  apiKey?: string;
  /** --alias: the model's id in /v1/models (else its path). */
  alias?: string;
  extraArgs?: string[];
}

export interface RunningLlamaServer {
  /** http://127.0.0.1:<port> */
  url: string;
  child: ChildProcess;
  /** The last few KB of what it printed. */
  output(): string;
  /** Resolves when the process has exited. */
  exited: Promise<void>;
  stop(): Promise<void>;
}

async function routerModelsDir(models: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "edge-gemma-llama-router-"));
  // The router lists each GGUF in --models-dir by its file name without .gguf (tools/server/README.md, "Model sources").
  for (const [name, file] of Object.entries(models)) await copyFile(file, path.join(dir, `${name}.gguf`));
  return dir;
}

async function waitForHealth(url: string, server: RunningLlamaServer, exited: () => boolean): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (exited()) throw new Error(`llama-server exited before it was ready:\n${server.output()}`);
    const status = await fetch(`${url}/health`).then((response) => response.status, () => 0);
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`llama-server was not ready within 180 s:\n${server.output()}`);
}

export async function startLlamaServer(options: LlamaServerOptions): Promise<RunningLlamaServer> {
  const { llamaServer } = await ensureLlamaServer();
  const port = await freePort();
  const modelArgs = options.routerModels ? ["--models-dir", await routerModelsDir(options.routerModels), "--models-max", "1"] : ["-m", options.model ?? ""];
  const args = [
    ...modelArgs,
    "--host", "127.0.0.1",
    "--port", String(port),
    // One thread and a small context: the machine is shared (see test/support/models.ts testLoadOptions).
    "-t", "1",
    "-c", "512",
    "-np", "1",
    "--no-webui",
    ...(options.alias ? ["--alias", options.alias] : []),
    ...(options.apiKey ? ["--api-key", options.apiKey] : []),
    ...(options.extraArgs ?? []),
  ];
  const child = spawn(llamaServer, args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (chunk: string) => (output = (output + chunk).slice(-8000));
  child.stdout.setEncoding("utf8").on("data", keep);
  child.stderr.setEncoding("utf8").on("data", keep);
  let hasExited = false;
  const exited = new Promise<void>((resolve) => child.once("exit", () => ((hasExited = true), resolve())));
  const url = `http://127.0.0.1:${port}`;
  const server: RunningLlamaServer = {
    url,
    child,
    output: () => output,
    exited,
    async stop() {
      if (hasExited) return;
      child.kill("SIGCONT");
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(killer);
    },
  };
  try {
    await waitForHealth(url, server, () => hasExited);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}
