/**
 * `npm test` starts with scripts/provision.mjs: on a fresh machine it installs the suites' Debian packages
 * (as root) or stops at once with the command to run. Driven here with stand-in `dpkg-query` and `apt-get`
 * commands on PATH, so nothing on this machine is installed or removed.
 */
import { spawnSync } from "node:child_process";
import { chmod, cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script without type declarations
import { parsePackageList } from "../../scripts/provision.mjs";

const script = path.resolve("scripts/provision.mjs");
const wanted: string[] = parsePackageList(await readFile(".ci/apt-packages.txt", "utf8"));
const folders: string[] = [];
afterEach(async () => Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true }))));

/** A PATH with fake dpkg-query/apt-get: packages count as installed once their marker file exists. */
async function fakeDebian({ aptWorks }: { aptWorks: boolean }) {
  const bin = await mkdtemp(path.join(tmpdir(), "provision-"));
  folders.push(bin);
  await chmod(bin, 0o755); // readable by the unprivileged user of the normal-user case
  const installed = path.join(bin, "installed");
  await writeFile(path.join(bin, "dpkg-query"), `#!/bin/sh
[ "$1" = "--version" ] && exit 0
name="$3"
if grep -qx "$name" "${installed}" 2>/dev/null; then printf 'install ok installed'; exit 0; fi
exit 1
`);
  await writeFile(path.join(bin, "apt-get"), `#!/bin/sh
echo "apt-get $*" >> "${path.join(bin, "apt-log")}"
[ "$1" = "update" ] && exit 0
${aptWorks ? `for a in "$@"; do case "$a" in -*|install) ;; *) echo "$a" >> "${installed}";; esac; done; exit 0` : "exit 100"}
`);
  await Promise.all(["dpkg-query", "apt-get"].map((name) => chmod(path.join(bin, name), 0o755)));
  return { bin, aptLog: () => readFile(path.join(bin, "apt-log"), "utf8").catch(() => "") };
}

const asRoot = process.getuid?.() === 0;
/**
 * Runs the script; `asUser` drops root first (setpriv, util-linux) so the normal-user path runs in CI too, on a
 * copy of the script and package list in the (world-readable) fake PATH folder, since a checkout under /root is not.
 */
async function run(bin: string, { asUser = false } = {}) {
  let copy = script;
  if (asUser && asRoot) {
    copy = path.join(bin, "checkout", "scripts", "provision.mjs");
    await cp(script, copy, { recursive: true });
    await cp(".ci/apt-packages.txt", path.join(bin, "checkout", ".ci", "apt-packages.txt"));
    await chmod(path.join(bin, "checkout"), 0o755);
  }
  const command = asUser && asRoot ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", process.execPath, copy] : [process.execPath, copy];
  const [file = "", ...args] = command;
  return spawnSync(file, args, { encoding: "utf8", env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ""}` } });
}

describe("npm test on a fresh Debian machine", () => {
  it("reads the package list the CI uses, comments and all", () => {
    expect(parsePackageList("# tools\nchromium\n\ndebootstrap  qemu-user-static # emulation\n")).toEqual(["chromium", "debootstrap", "qemu-user-static"]);
    expect(wanted).toContain("chromium");
  });

  it.runIf(asRoot)("as root, installs exactly the missing packages with apt-get and goes on", async () => {
    const debian = await fakeDebian({ aptWorks: true });
    const result = await run(debian.bin);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain(`installing ${wanted.join(" ")}`);
    expect(await debian.aptLog()).toContain(`install -y -qq --no-install-recommends ${wanted.join(" ")}`);
    // Everything is there now: a second run installs nothing.
    expect((await run(debian.bin)).stdout).toBe("");
  });

  it.runIf(asRoot)("as root with a broken apt, stops at once and names the command to run", async () => {
    const debian = await fakeDebian({ aptWorks: false });
    const result = await run(debian.bin);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`sudo apt-get install -y --no-install-recommends ${wanted.join(" ")}`);
  });

  it("as a normal user, stops at once with the one command to run", async () => {
    const debian = await fakeDebian({ aptWorks: true });
    const result = await run(debian.bin, { asUser: true });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`sudo apt-get update && sudo apt-get install -y --no-install-recommends ${wanted.join(" ")}`);
    expect(await debian.aptLog()).toBe("");
  });
});
