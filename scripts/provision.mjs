#!/usr/bin/env node
// The first step of `npm test`: makes sure this machine has the Debian packages the suites need
// (.ci/apt-packages.txt: Chromium for the browser suite, debootstrap and qemu for the package test, …).
// As root with apt, it installs what is missing; otherwise it stops at once and prints the one command
// to run, so a fresh clone needs nothing but `npm install` and `npm test`.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Package names from the list file: one or more per line, `#` starts a comment. */
export function parsePackageList(text) {
  return text.split("\n").flatMap((line) => line.replace(/#.*/, "").trim().split(/\s+/)).filter(Boolean);
}

const succeeds = (command, args) => spawnSync(command, args, { stdio: "ignore" }).status === 0;
// dpkg-query's ${Status} is "<want> <error> <state>" (dpkg-query(1)); a usable package reads "install ok installed",
// and an unknown name exits 1 ("no packages found matching").
const isInstalled = (name) => {
  const status = spawnSync("dpkg-query", ["-W", "-f=${Status}", name], { encoding: "utf8" });
  return status.status === 0 && status.stdout.includes("install ok installed");
};

function main() {
  const wanted = parsePackageList(readFileSync(path.join(root, ".ci", "apt-packages.txt"), "utf8"));
  const installCommand = (names) => `sudo apt-get update && sudo apt-get install -y --no-install-recommends ${names.join(" ")}`;
  if (!succeeds("dpkg-query", ["--version"])) {
    console.error(`provision: this is not a Debian-based system, so the test suites' Debian packages can't be checked.`);
    console.error(`provision: the suites need (Debian names): ${wanted.join(" ")}; then run npm test again.`);
    process.exit(1);
  }
  const missing = wanted.filter((name) => !isInstalled(name));
  if (missing.length === 0) return;

  const asRoot = process.getuid?.() === 0;
  if (!asRoot) {
    console.error(`provision: the test suites need Debian packages that are not installed: ${missing.join(" ")}`);
    console.error(`provision: run this once, then npm test again:\n\n  ${installCommand(missing)}\n`);
    process.exit(1);
  }
  console.log(`provision: installing ${missing.join(" ")} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const update = spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
  const install = update.status === 0
    ? spawnSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...missing], { stdio: "inherit", env })
    : update;
  const stillMissing = missing.filter((name) => !isInstalled(name));
  if (install.status !== 0 || stillMissing.length > 0) {
    console.error(`provision: apt-get could not install ${stillMissing.join(" ") || missing.join(" ")} (exit ${install.status}).`);
    console.error(`provision: fix apt (network, sources), then run:\n\n  ${installCommand(stillMissing.length ? stillMissing : missing)}\n`);
    process.exit(1);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
