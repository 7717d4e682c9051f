// A Debian Bookworm arm64 root (debootstrap minbase) run through qemu-user-static
// (binfmt_misc). The pristine root is cached under ~/.cache/edge-gemma, keyed
// by ROOT_VERSION; every test run works on a fresh copy of it.
import { spawn, spawnSync } from "node:child_process";
import { createWriteStream, existsSync } from "node:fs";
import { chmod, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

export const SUITE = "bookworm";
/** Bump when the way the base root is made changes; the old cache is then ignored. */
export const ROOT_VERSION = "v1";
const BINFMT_DIR = "/proc/sys/fs/binfmt_misc";
const ROOT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

export function cacheDir() {
  return process.env.EDGE_GEMMA_CACHE_DIR ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "edge-gemma");
}

/** Runs a command, output appended to logFile (or inherited). Resolves with the exit status and captured output. */
export function runLogged(command, args, { logFile, cwd, timeoutMs = 30 * 60_000, capture = true } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    const log = logFile ? createWriteStream(logFile, { flags: "a" }) : null;
    log?.write(`\n$ ${command} ${args.join(" ")}\n`);
    let output = "";
    const onData = (chunk) => {
      log?.write(chunk);
      if (capture) output = (output + chunk.toString()).slice(-4 * 1024 * 1024);
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (status, signal) => {
      clearTimeout(timer);
      log?.end();
      resolve({ status: status ?? (signal ? 128 : 1), signal, output });
    });
    child.on("error", (error) => {
      clearTimeout(timer);
      log?.end();
      resolve({ status: 127, signal: null, output: `${output}${error.message}` });
    });
  });
}

/** Makes sure binfmt_misc runs arm64 ELF files through qemu, with the F (fix binary) flag chroots need. */
export async function ensureArm64Binfmt() {
  if (!existsSync(path.join(BINFMT_DIR, "register"))) {
    spawnSync("mount", ["-t", "binfmt_misc", "binfmt_misc", BINFMT_DIR], { stdio: "ignore" });
  }
  const entry = path.join(BINFMT_DIR, "qemu-aarch64");
  let text = await readFile(entry, "utf8").catch(() => "");
  if (!text.startsWith("enabled")) {
    spawnSync("update-binfmts", ["--import", "qemu-aarch64"], { stdio: "ignore" });
    spawnSync("update-binfmts", ["--enable", "qemu-aarch64"], { stdio: "ignore" });
    text = await readFile(entry, "utf8").catch(() => "");
  }
  const flags = /^flags:\s*(\S*)/m.exec(text)?.[1] ?? "";
  const interpreter = /^interpreter\s+(\S+)/m.exec(text)?.[1] ?? "";
  return { ok: text.startsWith("enabled") && flags.includes("F"), detail: text ? `${interpreter} flags ${flags}` : "qemu-aarch64 not registered (apt-get install qemu-user-static binfmt-support)" };
}

/** Deletes a folder tree, refusing if anything is mounted inside it. */
export async function removeTree(dir) {
  if (!existsSync(dir)) return;
  const mounts = (await readFile("/proc/self/mounts", "utf8")).split("\n").map((l) => l.split(" ")[1] ?? "");
  const inside = mounts.filter((m) => m === dir || m.startsWith(`${dir}/`));
  if (inside.length > 0) throw new Error(`refusing to delete ${dir}: mounted inside it: ${inside.join(", ")}`);
  const result = spawnSync("rm", ["-rf", "--one-file-system", dir]);
  if (result.status !== 0) throw new Error(`could not delete ${dir}`);
}

/** The cached pristine root; creates it with debootstrap when missing. */
export async function ensureBaseRoot({ mirror, logFile }) {
  const base = path.join(cacheDir(), `${SUITE}-arm64-minbase-${ROOT_VERSION}`);
  if (existsSync(path.join(base, "complete.json"))) return { root: path.join(base, "root"), created: false };
  const partial = `${base}.partial`;
  await removeTree(partial);
  await removeTree(base);
  await mkdir(partial, { recursive: true });
  const keyring = "/usr/share/keyrings/debian-archive-keyring.gpg";
  const args = ["--mount", "--fork", "--kill-child", "debootstrap", "--variant=minbase", "--arch=arm64",
    ...(existsSync(keyring) ? [`--keyring=${keyring}`] : []), SUITE, path.join(partial, "root"), mirror];
  const result = await runLogged("unshare", args, { logFile, timeoutMs: 20 * 60_000, capture: true });
  if (result.status !== 0) throw new Error(`debootstrap failed (exit ${result.status}); log: ${logFile}\n${result.output.slice(-2000)}`);
  await configureRoot(path.join(partial, "root"));
  await writeFile(path.join(partial, "complete.json"), JSON.stringify({ suite: SUITE, mirror, created: new Date().toISOString() }, null, 2));
  await rename(partial, base);
  return { root: path.join(base, "root"), created: true };
}

/** Settings for a test root: no service starts, no docs/man/locales, no fsync. */
async function configureRoot(root) {
  await writeFile(path.join(root, "usr/sbin/policy-rc.d"), "#!/bin/sh\nexit 101\n");
  await chmod(path.join(root, "usr/sbin/policy-rc.d"), 0o755);
  await writeFile(path.join(root, "etc/dpkg/dpkg.cfg.d/90-edge-gemma-test"), [
    "force-unsafe-io",
    "path-exclude=/usr/share/doc/*",
    "path-exclude=/usr/share/man/*",
    "path-exclude=/usr/share/info/*",
    "path-exclude=/usr/share/locale/*",
    "path-include=/usr/share/locale/locale.alias",
    "",
  ].join("\n"));
  await writeFile(path.join(root, "etc/apt/apt.conf.d/90-edge-gemma-test"), 'APT::Keep-Downloaded-Packages "true";\nAcquire::Retries "3";\n');
}

/** A fresh, writable copy of the base root for one test run. */
export async function createWorkRoot(baseRoot) {
  const work = path.join(cacheDir(), "work-root");
  await removeTree(work);
  const copy = spawnSync("cp", ["-a", "--reflink=auto", baseRoot, work]);
  if (copy.status !== 0) throw new Error(`could not copy ${baseRoot} to ${work}: ${copy.stderr}`);
  spawnSync("cp", ["-L", "/etc/resolv.conf", path.join(work, "etc/resolv.conf")]);
  return work;
}

/**
 * Runs argv inside the root: private mount and PID namespaces (its /proc and
 * any process it leaves behind go away with it), a clean environment plus `env`.
 */
export function runInRoot(root, argv, { env = {}, logFile, timeoutMs = 15 * 60_000 } = {}) {
  const envPairs = [ROOT_PATH, "HOME=/root", "LANG=C.UTF-8", "DEBIAN_FRONTEND=noninteractive",
    ...Object.entries(env).map(([k, v]) => `${k}=${v}`)];
  return runLogged("unshare", ["--mount", "--pid", "--fork", "--kill-child", `--mount-proc=${path.join(root, "proc")}`,
    "chroot", root, "/usr/bin/env", "-i", ...envPairs, ...argv], { logFile, timeoutMs });
}
