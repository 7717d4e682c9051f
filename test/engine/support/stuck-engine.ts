// A stand-in engine process for the watchdog's "alive but getting nowhere" case: it speaks the real engine contract
// over the real parent transport and sends heartbeats like electron/engine/entry.ts, but a load never progresses —
// what a loop in a header reader or a wedged native thread looks like from the supervisor. (A stopped process, the
// "silent" case, is tested with the real engine in watchdog.test.ts.)
import { engineContract, serveRpc, type Handlers, type EngineContract } from "../../../electron/common/contract/index.ts";
import { connectToParent } from "../../../electron/engine/transport.ts";

const never = () => new Promise<never>(() => undefined);
let busy = false;
const handlers: Handlers<EngineContract> = {
  load: () => ((busy = true), never()),
  unload: () => ({}),
  generate: never,
};
const server = serveRpc(connectToParent(), engineContract, handlers);
setInterval(() => {
  if (busy) server.emit("heartbeat", { work: 3 });
}, 200);
process.on("disconnect", () => process.exit(0));
