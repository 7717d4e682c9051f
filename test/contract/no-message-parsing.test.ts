// @vitest-environment node
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Errors carry what the code needs in their typed `details` (contract/error-details.ts); a message is text for people.
 * This finds code that reads an error's message back with a pattern, as the settings screen once did.
 */
const messageParsing = [/\.message\s*\??\.\s*(replace|replaceAll|match|matchAll|includes|startsWith|endsWith|search|split|indexOf)\(/, /\.(test|exec)\(\s*[\w.?]*\.message\s*\)/];

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && /\.(ts|tsx)$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

describe("error messages are for people", () => {
  it("no product code parses an error's message", async () => {
    const files = [...(await sourceFiles("electron")), ...(await sourceFiles("renderer/src"))];
    expect(files.length).toBeGreaterThan(100);
    const found: string[] = [];
    for (const file of files) {
      const lines = (await readFile(file, "utf8")).split("\n");
      lines.forEach((line, index) => {
        if (messageParsing.some((pattern) => pattern.test(line))) found.push(`${file}:${index + 1}: ${line.trim()}`);
      });
    }
    expect(found).toEqual([]);
  });

  it("would notice the settings screen's old way of reading a refusal", () => {
    const old = `const reason = appError.message.replace(/^Invalid [\\w.]+ request(?: at [^:]+)?: /, "");`;
    expect(messageParsing.some((pattern) => pattern.test(old))).toBe(true);
    expect(messageParsing.some((pattern) => pattern.test("if (/out of memory/i.test(error.message)) return;"))).toBe(true);
  });
});
