import { AppError, toAppError } from "../contract/errors.ts";
import { invalidField } from "../contract/invalid-field.ts";
import {
  clientEnvelopeSchema,
  type Contract,
  type EventName,
  type MessageTransport,
  type MethodName,
  type ParsedParamsOf,
  type PayloadOf,
  type ProgressOf,
  type ResultOf,
  type ServerEnvelope,
} from "./rpc-envelope.ts";

export interface RequestContext<P = never> {
  /** Aborted when the client cancels the request or the channel closes. */
  signal: AbortSignal;
  /** Reports progress to the caller alone (keyed by its call id); nothing is sent once the call has settled. */
  progress: (payload: P) => void;
}

export type Handlers<C extends Contract> = {
  [M in MethodName<C>]: (params: ParsedParamsOf<C, M>, context: RequestContext<ProgressOf<C, M>>) => Promise<ResultOf<C, M>> | ResultOf<C, M>;
};

export interface RpcServer<C extends Contract> {
  emit<E extends EventName<C>>(event: E, payload: PayloadOf<C, E>): void;
  /** Aborts every request in flight and stops listening. */
  close(): void;
}

export interface RpcServerOptions {
  /** Called for every message that was rejected, so the host can log it. */
  onRejected?: (reason: string) => void;
}

/**
 * Serves a contract over a transport. Every incoming message is validated: a malformed envelope is
 * dropped (there is no id to answer), malformed params are answered with BAD_REQUEST.
 */
export function serveRpc<C extends Contract>(
  transport: MessageTransport,
  contract: C,
  handlers: Handlers<C>,
  options: RpcServerOptions = {},
): RpcServer<C> {
  const inFlight = new Map<number, AbortController>();

  const send = (envelope: ServerEnvelope) => transport.send(envelope);
  const fail = (id: number, error: AppError) => send({ kind: "response", id, ok: false, error: error.toWire() });

  const stopListening = transport.onMessage((raw) => {
    const parsed = clientEnvelopeSchema.safeParse(raw);
    if (!parsed.success) {
      options.onRejected?.(`malformed message: ${parsed.error.issues[0]?.message ?? "invalid"}`);
      return;
    }
    const envelope = parsed.data;
    if (envelope.kind === "cancel") {
      inFlight.get(envelope.id)?.abort(new AppError("CANCELLED", "Cancelled"));
      return;
    }
    const { id, method } = envelope;
    if (inFlight.has(id)) return fail(id, new AppError("BAD_REQUEST", `Request id ${id} is already in flight`));
    const definition = Object.hasOwn(contract.methods, method) ? contract.methods[method] : undefined;
    if (!definition) {
      options.onRejected?.(`unknown method ${method}`);
      return fail(id, new AppError("BAD_REQUEST", `Unknown method "${method}"`));
    }
    const params = definition.params.safeParse(envelope.params);
    if (!params.success) {
      const issue = params.error.issues[0];
      const where = issue?.path.length ? ` at ${issue.path.join(".")}` : "";
      options.onRejected?.(`bad params for ${method}`);
      return fail(id, new AppError("BAD_REQUEST", `Invalid ${method} request${where}: ${issue?.message ?? "invalid"}`, invalidField(issue, method)));
    }
    const controller = new AbortController();
    inFlight.set(id, controller);
    const handler = handlers[method as MethodName<C>] as (params: unknown, context: RequestContext<unknown>) => unknown;
    const progress = (payload: unknown) => {
      if (inFlight.get(id) === controller) send({ kind: "progress", id, payload });
    };
    Promise.resolve()
      .then(() => handler(params.data, { signal: controller.signal, progress }))
      .then(
        (result) => send({ kind: "response", id, ok: true, result }),
        (error: unknown) => fail(id, toAppError(error)),
      )
      .finally(() => inFlight.delete(id));
  });

  return {
    emit(event, payload) {
      send({ kind: "event", event, payload });
    },
    close() {
      stopListening();
      for (const controller of inFlight.values()) controller.abort(new AppError("CANCELLED", "Channel closed"));
      inFlight.clear();
    },
  };
}
