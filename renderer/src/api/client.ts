import { appContract, type AppContract } from "../../../electron/common/contract/app-contract.ts";
import { createRpcClient, type RpcClient } from "../../../electron/common/rpc/rpc-client.ts";
import type { MessageTransport } from "../../../electron/common/rpc/rpc-envelope.ts";

export type AppClient = RpcClient<AppContract>;

/**
 * The renderer's one client of the app contract. Main validates everything the renderer sends; what main sends
 * back is only checked for its envelope here (results and events, unknown events dropped), not schema by schema:
 * the contract's schemas are the same on both sides, and checking main's answers again cost ~50 ms on a
 * Pi-like CPU for each whole 200-message chat (as `chat.open` sends it; zod runs without its JIT under our CSP).
 */
export function createAppClient(transport: MessageTransport): AppClient {
  return createRpcClient(transport, appContract, {
    onRejected: (reason) => console.warn(`[rpc] ${reason}`),
  });
}
