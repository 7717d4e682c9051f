import type { Contract, MethodName } from "./rpc-envelope.ts";
import type { Handlers } from "./rpc-server.ts";

/** "chat" of "chat.rename". */
type NamespaceOf<Name extends string> = Name extends `${infer N}.${string}` ? N : never;
/** "rename" of "chat.rename" in the namespace "chat". */
type MemberOf<Name extends string, N extends string> = Name extends `${N}.${infer Member}` ? Member : never;

/**
 * What serves one namespace of a contract: for "chat.rename" a method `rename` taking the checked params (and the
 * request's signal and progress) and returning the result, exactly as the contract's schemas say.
 */
export type ServiceOf<C extends Contract, N extends string> = {
  [M in MethodName<C> as MemberOf<M, N>]: Handlers<C>[M];
};

/** A service for every namespace of the contract ("chat", "settings", …). */
export type ServicesOf<C extends Contract> = { [N in NamespaceOf<MethodName<C>>]: ServiceOf<C, N> };

type AnyMethod = (params: unknown, context: unknown) => unknown;

/**
 * The handlers of a contract, generated from its services: "chat.rename" calls `services.chat.rename(params, context)`.
 * As VS Code's `ProxyChannel.fromService` (microsoft/vscode src/vs/base/parts/ipc/common/ipc.ts, commit 02a3079b: a
 * call applies `handler[command]` to its args, "Method not found" otherwise), with two differences: `serveRpc` has
 * already checked the params against the contract's schema, and a missing method fails here, at startup (the types
 * make it, or a wrong signature, a compile error), not on the first request.
 */
export function serviceHandlers<C extends Contract>(contract: C, services: NoInfer<ServicesOf<C>>): Handlers<C> {
  const byNamespace = services as Record<string, Record<string, unknown>>;
  const handlers: Record<string, AnyMethod> = {};
  for (const method of Object.keys(contract.methods)) {
    const dot = method.indexOf(".");
    const service = byNamespace[method.slice(0, dot)];
    const member = method.slice(dot + 1);
    const implementation = service?.[member];
    if (dot < 1 || typeof implementation !== "function") throw new Error(`No service method for ${method}`);
    handlers[method] = (params, context) => (implementation as AnyMethod).call(service, params, context);
  }
  return handlers as Handlers<C>;
}
