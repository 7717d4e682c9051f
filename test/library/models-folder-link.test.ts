// @vitest-environment node
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { isAppError } from "../../electron/common/contract/index.ts";
import { createLibraryBackend } from "../../electron/node/services/library/library-backend.ts";
import { readJsonFile } from "../../electron/node/services/library/fs-utils.ts";
import { z } from "zod";

let root: string | undefined;
afterEach(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

async function dataAndOutside() {
  root = await mkdtemp(path.join(os.tmpdir(), "edge-gemma-models-link-"));
  const data = path.join(root, "Edge Gemma");
  const outside = path.join(root, "elsewhere");
  await mkdir(data);
  await mkdir(outside);
  return { data, outside };
}

const noActiveModel = { get: async () => null, set: async () => undefined };
const context = { signal: new AbortController().signal, progress: () => undefined };

describe("the models folder never leads out of the data folder", () => {
  it("reports a models folder that is a link from every library request and lists nothing through it", async () => {
    const { data, outside } = await dataAndOutside();
    await writeFile(path.join(outside, "someone-else.gguf"), "GGUF");
    const modelsDir = path.join(data, "models");
    await symlink(outside, modelsDir);
    const library = createLibraryBackend({
      modelsDir,
      getEndpoint: () => "http://127.0.0.1:9",
      getToken: async () => undefined,
      activeModel: noActiveModel,
      emit: () => undefined,
      devicePollMs: 0,
    });
    await library.start();
    const installed = library.services.library.installed({}, context);
    await expect(installed).rejects.toSatisfy((error) => isAppError(error, "UNAVAILABLE"));
    await expect(installed).rejects.toThrow(
      `The models folder ${modelsDir} is not used: It is a link to ${outside}: Edge Gemma keeps its files inside its own data folder and does not follow links out of it. Replace it with a real folder and restart Edge Gemma.`,
    );
    await expect(library.services.library.delete({ id: "someone-else.gguf" }, context)).rejects.toSatisfy((error) => isAppError(error, "UNAVAILABLE"));
    expect(await readdir(outside)).toEqual(["someone-else.gguf"]);
    await library.close();
  });

  it("does not read a sidecar that is a link", async () => {
    const { data, outside } = await dataAndOutside();
    await writeFile(path.join(outside, "planted.json"), JSON.stringify({ secret: "yes" }));
    await symlink(path.join(outside, "planted.json"), path.join(data, "model.gguf.json"));
    expect(await readJsonFile(path.join(data, "model.gguf.json"), z.object({ secret: z.string() }))).toBeUndefined();
    await writeFile(path.join(data, "real.gguf.json"), JSON.stringify({ secret: "mine" }));
    expect(await readJsonFile(path.join(data, "real.gguf.json"), z.object({ secret: z.string() }))).toEqual({ secret: "mine" });
  });
});
