#!/usr/bin/env node
// Renders the application icon (packaging/icons/edge-gemma.svg) into the PNG
// sizes the freedesktop hicolor theme uses, named NxN.png so electron-builder
// takes the folder as an icon set (linux.icon). Uses rsvg-convert (Debian
// package librsvg2-bin). Usage: node packaging/icons/render-icons.mjs [outDir]
import { spawnSync } from "node:child_process";
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ICON_SOURCE = fileURLToPath(new URL("./edge-gemma.svg", import.meta.url));
export const ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512];

/** Width and height from a PNG's IHDR chunk. */
export async function pngSize(file) {
  const bytes = await readFile(file);
  if (bytes.subarray(1, 4).toString("latin1") !== "PNG") throw new Error(`${file} is not a PNG`);
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

export async function renderIcons(outDir) {
  await mkdir(outDir, { recursive: true });
  const files = [];
  for (const size of ICON_SIZES) {
    const file = path.join(outDir, `${size}x${size}.png`);
    const result = spawnSync("rsvg-convert", ["--width", String(size), "--height", String(size), "--keep-aspect-ratio", "--output", file, ICON_SOURCE], { encoding: "utf8" });
    if (result.error?.code === "ENOENT") {
      throw new Error("rsvg-convert not found: install it with `sudo apt-get install librsvg2-bin`");
    }
    if (result.status !== 0) throw new Error(`rsvg-convert failed for ${size}px: ${result.stderr}`);
    const { width, height } = await pngSize(file);
    if (width !== size || height !== size) throw new Error(`${file} is ${width}x${height}, expected ${size}x${size}`);
    files.push(file);
  }
  return files;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = path.resolve(process.argv[2] ?? ".cache/icons");
  const files = await renderIcons(outDir);
  console.log(`rendered ${files.length} icons into ${outDir}`);
}
