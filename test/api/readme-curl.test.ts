// @vitest-environment node
/**
 * The README's curl examples, run as written (only the port differs) against the real server and engine, so they
 * cannot rot. curl reads a .curlrc from CURL_HOME that makes an HTTP error fail the command.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiApp, type ApiApp } from "./support/api-app.ts";

const run = promisify(execFile);
const readme = await readFile(path.resolve(import.meta.dirname, "../../README.md"), "utf8");
const section = readme.slice(readme.indexOf("## API for other programs"), readme.indexOf("## Develop"));
const examples = section.split("\n").filter((line) => line.startsWith("curl "));

let app: ApiApp;
let curlHome: string;

beforeAll(async () => {
  app = await startApiApp();
  curlHome = await mkdtemp(path.join(os.tmpdir(), "edge-gemma-curl-"));
  await writeFile(path.join(curlHome, ".curlrc"), "fail-with-body\nsilent\nshow-error\n");
});
afterAll(async () => {
  await app.close();
  await rm(curlHome, { recursive: true, force: true });
});

/** Every JSON value the answer holds: one body, NDJSON lines, or server-sent events (whose last must be [DONE]). */
function values(output: string): unknown[] {
  const lines = output.split("\n").filter((line) => line.trim() !== "");
  if (lines[0]?.startsWith("data: ")) {
    expect(lines.at(-1)).toBe("data: [DONE]");
    return lines.slice(0, -1).map((line) => JSON.parse(line.slice("data: ".length)));
  }
  return lines.map((line) => JSON.parse(line));
}

describe("the README's curl examples", () => {
  it("are there: Ollama's and OpenAI's endpoints, listing and generating", () => {
    expect(examples.length).toBeGreaterThanOrEqual(5);
    expect(examples.every((example) => example.includes("http://localhost:11434/"))).toBe(true);
  });

  for (const example of examples) {
    it(`answer: ${example.slice(0, 90)}`, async () => {
      const command = example.replace("http://localhost:11434/", `http://localhost:${app.server.port}/`);
      const { stdout } = await run("sh", ["-c", command], { env: { ...process.env, CURL_HOME: curlHome }, maxBuffer: 10_000_000 });
      const answers = values(stdout);
      expect(answers.length).toBeGreaterThan(0);
      expect(answers.some((answer) => typeof answer === "object" && answer !== null && "error" in answer)).toBe(false);
      const last = answers.at(-1) as Record<string, unknown>;
      if (example.includes("/api/chat") || example.includes("/api/generate")) expect(last["done"]).toBe(true);
      if (example.includes("/v1/chat/completions")) expect(last["usage"]).toMatchObject({ completion_tokens: expect.any(Number) });
      if (example.includes("/api/tags")) expect(last).toMatchObject({ models: [{ name: "gemma2:2b" }] });
    });
  }
});
