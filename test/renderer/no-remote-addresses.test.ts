// @vitest-environment node
/**
 * The renderer shows and loads nothing from another machine by itself: no address in its text (the locales), its page
 * or its styles (a CDN script, a web font). Addresses the user types are theirs; source notes in comments are not
 * shown.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";

const rendererDir = path.resolve(import.meta.dirname, "../../renderer");
const address = /\b(?:https?|wss?):\/\//i;

async function filesUnder(dir: string, extensions: readonly string[]): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && extensions.includes(path.extname(entry.name)))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => !file.includes(`${path.sep}node_modules${path.sep}`));
}

describe("the renderer names no remote address", () => {
  it("in its locales, page and styles", async () => {
    const files = [...(await filesUnder(path.join(rendererDir, "src"), [".json", ".css"])), path.join(rendererDir, "index.html")];
    expect(files.some((file) => file.endsWith(path.join("en", "remote.json")))).toBe(true);
    const found: string[] = [];
    for (const file of files) {
      (await readFile(file, "utf8")).split("\n").forEach((line, index) => {
        if (address.test(line)) found.push(`${path.relative(rendererDir, file)}:${index + 1}: ${line.trim()}`);
      });
    }
    expect(found).toEqual([]);
  });
});
