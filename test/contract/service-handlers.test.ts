// @vitest-environment node
import { describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { AppError, createRpcClient, defineContract, serveRpc, type RequestContext } from "../../electron/common/contract/index.ts";
import { serviceHandlers, type ServiceOf, type ServicesOf } from "../../electron/common/rpc/service-handlers.ts";
import { memoryTransportPair } from "../support/memory-transport.ts";

const contract = defineContract({
  methods: {
    "notes.add": { params: z.strictObject({ text: z.string().min(1).max(100) }), result: z.strictObject({ id: z.number() }) },
    "notes.count": { params: z.strictObject({}), result: z.number() },
    "clock.now": { params: z.strictObject({}), result: z.number() },
  },
  events: {},
});
type Notes = ServiceOf<typeof contract, "notes">;

/** A service as a class, as the app's are: its methods are called with their own `this`. */
class NoteStore implements Notes {
  readonly texts: string[] = [];
  add({ text }: { text: string }) {
    this.texts.push(text);
    return { id: this.texts.length };
  }
  count() {
    return this.texts.length;
  }
}

function serve(notes: Notes) {
  const [clientEnd, serverEnd] = memoryTransportPair();
  serveRpc(serverEnd, contract, serviceHandlers(contract, { notes, clock: { now: () => 42 } }));
  return createRpcClient(clientEnd, contract, { validateIncoming: true });
}

describe("handlers generated from services", () => {
  it("calls the method of the same name in the method's namespace, with the checked params", async () => {
    const store = new NoteStore();
    const client = serve(store);
    expect(await client.call("notes.add", { text: "milk" })).toEqual({ id: 1 });
    expect(await client.call("notes.add", { text: "eggs" })).toEqual({ id: 2 });
    expect(await client.call("notes.count", {})).toBe(2);
    expect(await client.call("clock.now", {})).toBe(42);
    expect(store.texts).toEqual(["milk", "eggs"]);
  });

  it("never calls the service with params the schema refuses", async () => {
    const store = new NoteStore();
    const client = serve(store);
    const refused = await client.call("notes.add", { text: "" }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: "BAD_REQUEST", details: { field: "text", problem: "too-small" } });
    expect(store.texts).toEqual([]);
  });

  it("fails at startup, not at the first request, when a service lacks a method", () => {
    const incomplete = { notes: { add: () => ({ id: 1 }) }, clock: { now: () => 1 } } as unknown as ServicesOf<typeof contract>;
    expect(() => serviceHandlers(contract, incomplete)).toThrow("No service method for notes.count");
  });

  it("types each service from the contract's schemas", () => {
    expectTypeOf<Notes>().toEqualTypeOf<{
      add: (params: { text: string }, context: RequestContext) => { id: number } | Promise<{ id: number }>;
      count: (params: Record<string, never>, context: RequestContext) => number | Promise<number>;
    }>();
    expectTypeOf<keyof ServicesOf<typeof contract>>().toEqualTypeOf<"notes" | "clock">();

    // Checked by the type checker (npm run typecheck), never run.
    const typeErrors = () => {
      const clock = { now: () => 1 };
      const count = () => 0;
      // @ts-expect-error a method of the contract is missing from its service
      serviceHandlers(contract, { notes: { add: () => ({ id: 1 }) }, clock });
      // @ts-expect-error a namespace of the contract has no service
      serviceHandlers(contract, { notes: new NoteStore() });
      // @ts-expect-error the params have the wrong type
      serviceHandlers(contract, { notes: { add: ({ text }: { text: number }) => ({ id: text }), count }, clock });
      // @ts-expect-error the result has the wrong shape
      serviceHandlers(contract, { notes: { add: () => ({ id: "one" }), count }, clock });
    };
    expectTypeOf(typeErrors).toBeFunction();
  });
});
