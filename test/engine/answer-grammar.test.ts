// @vitest-environment node
import { describe, expect, it } from "vitest";
import { toGbnfSchema } from "../../electron/engine/answer-grammar.ts";

describe("a request's JSON Schema in node-llama-cpp's terms", () => {
  it("turns anyOf and type lists into alternatives and drops annotations", () => {
    expect(toGbnfSchema({ title: "Maybe", anyOf: [{ type: "string" }, { type: "null" }], default: null })).toEqual({ oneOf: [{ type: "string" }, { type: "null" }] });
    expect(toGbnfSchema({ type: ["array", "null"], items: { type: "integer" } })).toEqual({ oneOf: [{ type: "array", items: { type: "integer" } }, { type: "null" }] });
  });

  it("keeps JSON Schema's defaults where node-llama-cpp's differ: an object without properties takes any, a schema without type any value", () => {
    expect(toGbnfSchema({ type: "object" })).toEqual({ type: "object", additionalProperties: true });
    expect(toGbnfSchema({ type: "object", properties: { a: { type: "boolean" } } })).toEqual({ type: "object", properties: { a: { type: "boolean" } }, additionalProperties: false });
    expect(toGbnfSchema({ properties: { a: {} } })).toMatchObject({ type: "object", properties: { a: { oneOf: expect.any(Array) } } });
    expect(toGbnfSchema({ description: "anything" })).toMatchObject({ oneOf: [{ type: ["string", "number", "boolean", "null"] }, { type: "object", additionalProperties: true }, { type: "array" }] });
  });

  it("keeps definitions and references where they were", () => {
    expect(toGbnfSchema({ $defs: { P: { type: "string", maxLength: 3 } }, type: "object", properties: { p: { $ref: "#/$defs/P" } } })).toEqual({
      type: "object",
      properties: { p: { $ref: "#/$defs/P" } },
      additionalProperties: false,
      $defs: { P: { type: "string", maxLength: 3 } },
    });
  });
});
