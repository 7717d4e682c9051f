import { describe, expect, it } from "vitest";

describe("zod under the renderer's CSP", () => {
  it("never tries `new Function` (which the CSP reports) when parsing contract messages", async () => {
    const constructed: unknown[][] = [];
    const RealFunction = globalThis.Function;
    globalThis.Function = new Proxy(RealFunction, {
      construct(target, args) {
        constructed.push(args);
        return Reflect.construct(target, args);
      },
      apply(target, self, args) {
        constructed.push(args);
        return Reflect.apply(target, self, args);
      },
    });
    try {
      // The order of the renderer's entry: the zod setting first, then anything that builds schemas.
      await import("../../renderer/src/zod-csp.ts");
      const { appContract } = await import("../../electron/common/contract/app-contract.ts");
      const status = appContract.events["engine.status"].parse({ state: "loading", modelPath: "/m.gguf", progress: 0.5 });
      expect(status).toEqual({ state: "loading", modelPath: "/m.gguf", progress: 0.5 });
      appContract.methods["chat.create"].result.parse({ id: "c1", title: "t", createdAt: 1, updatedAt: 1, messages: [] });
    } finally {
      globalThis.Function = RealFunction;
    }
    expect(constructed).toEqual([]);
  });
});
