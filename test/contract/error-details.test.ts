// @vitest-environment node
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import {
  AppError,
  createRpcClient,
  defineContract,
  errorCodes,
  errorDetailsSchemas,
  invalidField,
  serveRpc,
  serverEnvelopeSchema,
  settingsPatchSchema,
  wireErrorSchema,
  type ErrorDetails,
} from "../../electron/common/contract/index.ts";
import { memoryTransportPair } from "../support/memory-transport.ts";

const contract = defineContract({
  methods: {
    setLevel: { params: z.strictObject({ level: z.number().int().min(0).max(10) }), result: z.null() },
    fail: { params: z.strictObject({}), result: z.null() },
    failWithWrongDetails: { params: z.strictObject({}), result: z.null() },
  },
  events: {},
});

function connect() {
  const [clientEnd, serverEnd] = memoryTransportPair();
  serveRpc(serverEnd, contract, {
    setLevel: () => null,
    fail: () => {
      throw new AppError("UNAVAILABLE", "Offline", { reason: "dns", code: "ENOTFOUND", host: "huggingface.co", offline: true });
    },
    failWithWrongDetails: () => {
      // What a caller outside the type checker (or a bug) could throw: details its code does not allow.
      throw new AppError("ENGINE_CRASHED", "The engine stopped", { needBytes: 1 } as unknown as ErrorDetails<"ENGINE_CRASHED">);
    },
  });
  return createRpcClient(clientEnd, contract, { validateIncoming: true });
}

describe("typed error details", () => {
  it("has a details schema for every error code", () => {
    expect(Object.keys(errorDetailsSchemas).sort()).toEqual([...errorCodes].sort());
  });

  it("carries details across the wire, typed by the code", async () => {
    const error = await connect().call("fail", {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "UNAVAILABLE", details: { reason: "dns", host: "huggingface.co", offline: true } });
  });

  it("answers with the code and message when the details do not fit the code, and never hangs the call", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const error = await connect().call("failWithWrongDetails", {}).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "ENGINE_CRASHED", message: "The engine stopped" });
    expect((error as AppError).details).toBeUndefined();
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
  });

  it("refuses an error from the other side whose details do not fit its code", () => {
    const response = (details: unknown) => ({ kind: "response", id: 1, ok: false, error: { code: "OUT_OF_MEMORY", message: "…", details } });
    expect(serverEnvelopeSchema.safeParse(response({ exitCode: 137, signal: "SIGKILL" })).success).toBe(true);
    expect(serverEnvelopeSchema.safeParse(response({ exitCode: 137, signal: "SIGKILL", extra: "x" })).success).toBe(false);
    expect(wireErrorSchema.safeParse({ code: "MODEL_INVALID", message: "…", details: { reason: "made-up" } }).success).toBe(false);
  });

  it("says which field a request got wrong and what it wants, instead of zod's English", async () => {
    const error = await connect().call("setLevel", { level: 11 }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "BAD_REQUEST", details: { method: "setLevel", field: "level", problem: "too-big", maximum: 10, measure: "value" } });
    const notWhole = await connect().call("setLevel", { level: 1.5 }).catch((caught: unknown) => caught);
    expect(notWhole).toMatchObject({ code: "BAD_REQUEST", details: { field: "level", problem: "not-integer" } });
  });

  it("words the settings' own checks the same way", () => {
    const issueOf = (patch: unknown) => settingsPatchSchema.safeParse(patch).error?.issues[0];
    expect(invalidField(issueOf({ sampling: { temperature: -1 } }))).toEqual({ field: "sampling.temperature", problem: "too-small", minimum: 0, measure: "value" });
    expect(invalidField(issueOf({ model: { contextSize: 100 } }))).toMatchObject({ field: "model.contextSize", problem: "too-small", minimum: 256 });
    expect(invalidField(issueOf({ network: { huggingFaceEndpoint: "not a url" } }))).toMatchObject({ problem: "bad-format", format: "url" });
    expect(invalidField(issueOf({ appearance: { theme: "pink" } }))).toMatchObject({ problem: "not-allowed", allowed: ["light", "dark", "system"] });
    expect(invalidField(issueOf({ sampling: { colour: 1 } }))).toMatchObject({ field: "sampling.colour", problem: "unknown-field" });
  });

  it("keeps what a hostile client sends within the details' bounds", () => {
    const issue = z.strictObject({}).safeParse({ ["k".repeat(100_000)]: 1 }).error?.issues[0];
    const field = invalidField(issue, "settings.update");
    expect(errorDetailsSchemas.BAD_REQUEST.safeParse(field).success).toBe(true);
  });
});
