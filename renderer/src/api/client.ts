import { appContract, type AppContract } from "../../../electron/contract/app-contract.ts";
import { createRpcClient, type RpcClient } from "../../../electron/contract/rpc-client.ts";
import type { MessageTransport } from "../../../electron/contract/rpc-envelope.ts";

export type AppClient = RpcClient<AppContract>;

/** The renderer's one client of the app contract. Incoming results and events are checked against it. */
export function createAppClient(transport: MessageTransport): AppClient {
  return createRpcClient(transport, appContract, {
    validateIncoming: true,
    onRejected: (reason) => console.warn(`[rpc] ${reason}`),
  });
}
