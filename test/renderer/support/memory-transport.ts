// One in-memory channel for every test: see test/support/memory-transport.ts.
export { memoryTransportPair as createTransportPair } from "../../support/memory-transport.ts";
