// @vitest-environment node
import os from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHost, type RunningHost } from "../e2e/support/host.ts";
import { RawClient } from "./support/ws-client.ts";

/** This machine's first LAN address: a client connecting to it is, for the host, a client on the LAN. */
const lanAddress = Object.values(os.networkInterfaces())
  .flatMap((addresses) => addresses ?? [])
  .find((address) => address.family === "IPv4" && !address.internal)?.address;

let host: RunningHost;
beforeAll(async () => {
  host = await startHost({ lan: true });
});
afterAll(async () => host?.stop());

const pathRequests: [string, Record<string, unknown>][] = [
  ["engine.loadModel", { path: "/etc/shadow" }],
  ["library.import", { path: "/etc", mode: "in-place" }],
  ["library.import", { path: "relative/model.gguf", mode: "copy" }],
  ["dialog.openModelFile", {}],
  ["settings.update", { patch: { model: { activeModelPath: "/etc/passwd" } } }],
];

describe.skipIf(lanAddress === undefined)("a browser on the LAN cannot name files on the host", () => {
  it.each(pathRequests)("refuses %s %j with the same answer, whatever the path", async (method, params) => {
    const client = await RawClient.open(`http://${lanAddress}:${host.port}`, host.token);
    const response = await client.request(method, params);
    client.close();
    expect(response).toMatchObject({
      ok: false,
      error: {
        code: "UNAVAILABLE",
        message: "A browser on another device cannot name files on this Edge Gemma: choose an installed model, or download one from the Library",
      },
    });
  });

  it("still lets it change the other settings", async () => {
    const client = await RawClient.open(`http://${lanAddress}:${host.port}`, host.token);
    const response = await client.request("settings.update", { patch: { chat: { defaultSystemPrompt: "Be brief." } } });
    client.close();
    expect(response).toMatchObject({ ok: true, result: { chat: { defaultSystemPrompt: "Be brief." } } });
  });

  it("leaves paths to a browser on the host itself", async () => {
    const client = await RawClient.open(host.origin, host.token);
    const response = await client.request("library.import", { path: "/etc", mode: "in-place" });
    client.close();
    expect(response).toMatchObject({ ok: false });
    expect((response["error"] as { code: string }).code).not.toBe("UNAVAILABLE");
  });
});
