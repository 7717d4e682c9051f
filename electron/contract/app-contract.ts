import { chatEvents, chatMethods } from "./app/chat.ts";
import { engineEvents, engineMethods } from "./app/engine.ts";
import { defineContract } from "./rpc-envelope.ts";

/** Renderer ↔ main. Main validates everything the renderer sends against these schemas. */
export const appContract = defineContract({
  methods: { ...engineMethods, ...chatMethods },
  events: { ...engineEvents, ...chatEvents },
});
export type AppContract = typeof appContract;
