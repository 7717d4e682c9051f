// Writes the DEBIAN/control file and the md5sums of a staged package tree,
// with the fields fpm writes for a deb.
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { lstat, readdir } from "node:fs/promises";
import path from "node:path";

/** The Debian long description: first line is the synopsis, the rest is indented, blank lines become " .". */
export function formatDescription(text) {
  const lines = String(text ?? "").split(/\r?\n/);
  const synopsis = (lines.shift() ?? "").trim();
  const body = lines.map((line) => line.trim());
  while (body.length > 0 && body[0] === "") body.shift();
  while (body.length > 0 && body.at(-1) === "") body.pop();
  const wrapped = body.flatMap((line) => (line === "" ? ["."] : wrapWords(line, 78)));
  return [synopsis || "no description", ...wrapped.map((line) => ` ${line}`)].join("\n");
}

function wrapWords(line, width) {
  const out = [];
  let current = "";
  for (const word of line.split(/\s+/)) {
    if (current && current.length + 1 + word.length > width) {
      out.push(current);
      current = word;
    } else {
      current = current ? `${current} ${word}` : word;
    }
  }
  if (current) out.push(current);
  return out;
}

export function debianVersion({ epoch, version, iteration }) {
  const full = `${epoch ? `${epoch}:` : ""}${version}${iteration ? `-${iteration}` : ""}`;
  if (!/^(\d+:)?\d[A-Za-z0-9.+~:-]*$/.test(full)) throw new Error(`not a valid Debian version: ${full}`);
  return full;
}

/** @param {Record<string, any>} options parsed fpm options; @param {number} installedSizeKiB */
export function controlFile(options, installedSizeKiB) {
  const fields = [
    ["Package", options.name],
    ["Version", debianVersion(options)],
    ["License", options.license],
    ["Vendor", options.vendor],
    ["Architecture", options.architecture],
    ["Maintainer", options.maintainer],
    ["Installed-Size", String(installedSizeKiB)],
    ["Depends", options.depends.join(", ")],
    ["Recommends", options.recommends.join(", ")],
    ["Suggests", options.suggests.join(", ")],
    ["Conflicts", options.conflicts.join(", ")],
    ["Replaces", options.replaces.join(", ")],
    ["Provides", options.provides.join(", ")],
    ["Section", options.category],
    ["Priority", options.priority ?? "optional"],
    ["Homepage", options.url],
    ["Description", formatDescription(options.description)],
  ];
  return fields
    .filter(([, value]) => value != null && value !== "")
    .map(([name, value]) => `${name}: ${value}`)
    .join("\n") + "\n";
}

/** Walks a staged tree: regular files (for md5sums) and the Installed-Size estimate dpkg-gencontrol uses. */
export async function scanTree(root) {
  const files = [];
  let kib = 0;
  async function walk(dir) {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      const info = await lstat(full);
      kib += info.isFile() ? Math.ceil(info.size / 1024) || 1 : 1;
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) files.push(path.relative(root, full));
    }
  }
  await walk(root);
  files.sort();
  return { files, installedSizeKiB: kib };
}

export async function md5sums(root, files) {
  const lines = [];
  for (const file of files) {
    const hash = createHash("md5");
    for await (const chunk of createReadStream(path.join(root, file))) hash.update(chunk);
    lines.push(`${hash.digest("hex")}  ${file.split(path.sep).join("/")}`);
  }
  return lines.join("\n") + (lines.length ? "\n" : "");
}
