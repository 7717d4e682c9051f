// Reading a .deb with dpkg-deb, and small parsers for what is inside it.
import { execFileSync } from "node:child_process";
import { mkdtemp, open, readdir, readFile, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

/** Unpacks a .deb into a temp folder: `root` (the files) and `control` (DEBIAN/). */
export async function unpackDeb(debPath) {
  const dir = await mkdtemp(path.join(os.tmpdir(), "edge-gemma-deb-"));
  const root = path.join(dir, "root");
  const control = path.join(dir, "control");
  execFileSync("dpkg-deb", ["-x", debPath, root]);
  execFileSync("dpkg-deb", ["-e", debPath, control]);
  const fields = parseControl(await readFile(path.join(control, "control"), "utf8"));
  const listing = execFileSync("dpkg-deb", ["-c", debPath], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return { dir, root, control, fields, listing: parseListing(listing), size: (await stat(debPath)).size };
}

/** Debian control file -> {Field: value}; continuation lines are kept with "\n". */
export function parseControl(text) {
  const fields = {};
  let last = null;
  for (const line of text.split("\n")) {
    if (/^\s/.test(line) && last) fields[last] += `\n${line.slice(1)}`;
    else {
      const match = /^([\w-]+):\s?(.*)$/.exec(line);
      if (match) fields[(last = match[1])] = match[2];
    }
  }
  return fields;
}

/** "a, b (>= 1) | c" -> ["a", "b", "c"] */
export function relationNames(value) {
  return (value ?? "").split(/[,|]/).map((part) => part.trim().split(/[\s(]/)[0]).filter(Boolean);
}

/** `dpkg-deb -c` lines -> [{mode, owner, size, path}] with paths starting at "/". */
export function parseListing(text) {
  return text.split("\n").filter(Boolean).map((line) => {
    const match = /^(\S+)\s+(\S+)\s+(\d+)\s+\S+\s+\S+\s+\.(\/.*?)(?: -> .*)?$/.exec(line);
    if (!match) throw new Error(`cannot read dpkg-deb -c line: ${line}`);
    return { mode: match[1], owner: match[2], size: Number(match[3]), path: match[4].replace(/\/$/, "") || "/" };
  });
}

export async function* walkFiles(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walkFiles(full);
    else if (entry.isFile()) yield full;
  }
}

/** ELF e_machine of a file, or null when it is not an ELF file. */
export async function elfMachine(file) {
  const handle = await open(file, "r");
  try {
    const buffer = Buffer.alloc(20);
    const { bytesRead } = await handle.read(buffer, 0, 20, 0);
    if (bytesRead < 20 || buffer.readUInt32BE(0) !== 0x7f454c46) return null;
    return buffer[5] === 2 ? buffer.readUInt16BE(18) : buffer.readUInt16LE(18);
  } finally {
    await handle.close();
  }
}

export async function pngSize(file) {
  const bytes = await readFile(file);
  if (bytes.subarray(1, 4).toString("latin1") !== "PNG") return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** A .desktop file -> {groupName: {Key: value}}. */
export function parseDesktopFile(text) {
  const groups = {};
  let current = null;
  for (const line of text.split("\n")) {
    const group = /^\[(.+)\]$/.exec(line.trim());
    if (group) groups[(current = group[1])] = {};
    else if (current && /^[A-Za-z0-9-]+(\[[^\]]+\])?=/.test(line)) {
      const at = line.indexOf("=");
      groups[current][line.slice(0, at)] = line.slice(at + 1);
    }
  }
  return groups;
}

/** The program of an Exec value (first argument, quotes removed) and the rest. */
export function splitExec(exec) {
  const match = /^\s*(?:"((?:[^"\\]|\\.)*)"|(\S+))\s*(.*)$/.exec(exec ?? "");
  if (!match) return { program: "", args: "" };
  return { program: match[1] ?? match[2], args: match[3] };
}
