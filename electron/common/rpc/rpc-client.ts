import { AppError } from "../contract/errors.ts";
import {
  serverEnvelopeSchema,
  type ClientEnvelope,
  type Contract,
  type EventName,
  type MessageTransport,
  type MethodName,
  type ParamsOf,
  type PayloadOf,
  type ProgressOf,
  type ResultOf,
} from "./rpc-envelope.ts";

export interface CallOptions<P = never> {
  /**
   * Aborting sends a cancel message; the server's handler sees its signal abort and answers as it sees fit (with
   * CANCELLED, or a result such as a generation's partial answer).
   */
  signal?: AbortSignal;
  /** The call's progress, in order, before it settles (methods whose contract declares `progress`). */
  onProgress?: (payload: P) => void;
}

export interface RpcClient<C extends Contract> {
  call<M extends MethodName<C>>(method: M, params: ParamsOf<C, M>, options?: CallOptions<ProgressOf<C, M>>): Promise<ResultOf<C, M>>;
  on<E extends EventName<C>>(event: E, listener: (payload: PayloadOf<C, E>) => void): () => void;
  /** Rejects every pending call with `reason` and stops listening. */
  close(reason: AppError): void;
}

export interface RpcClientOptions {
  /** Check results and event payloads against the contract (on where the other side is not trusted). */
  validateIncoming?: boolean;
  onRejected?: (reason: string) => void;
}

interface PendingCall {
  method: string;
  onProgress: ((payload: unknown) => void) | undefined;
  resolve: (value: unknown) => void;
  reject: (error: AppError) => void;
}

export function createRpcClient<C extends Contract>(
  transport: MessageTransport,
  contract: C,
  options: RpcClientOptions = {},
): RpcClient<C> {
  const pending = new Map<number, PendingCall>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = 1;
  let closedWith: AppError | undefined;

  const stopListening = transport.onMessage((raw) => {
    const parsed = serverEnvelopeSchema.safeParse(raw);
    if (!parsed.success) return options.onRejected?.("malformed message from server");
    const envelope = parsed.data;
    if (envelope.kind === "progress") {
      const call = pending.get(envelope.id);
      if (!call) return;
      const schema = contract.methods[call.method]?.progress;
      if (!schema) return options.onRejected?.(`progress for ${call.method}, which reports none`);
      if (!options.validateIncoming) return call.onProgress?.(envelope.payload);
      const checked = schema.safeParse(envelope.payload);
      if (!checked.success) return options.onRejected?.(`bad progress for ${call.method}`);
      return call.onProgress?.(checked.data);
    }
    if (envelope.kind === "event") {
      const schema = Object.hasOwn(contract.events, envelope.event) ? contract.events[envelope.event] : undefined;
      if (!schema) return options.onRejected?.(`unknown event ${envelope.event}`);
      let payload = envelope.payload;
      if (options.validateIncoming) {
        const checked = schema.safeParse(payload);
        if (!checked.success) return options.onRejected?.(`bad payload for event ${envelope.event}`);
        payload = checked.data;
      }
      for (const listener of listeners.get(envelope.event) ?? []) listener(payload);
      return;
    }
    const call = pending.get(envelope.id);
    if (!call) return;
    pending.delete(envelope.id);
    if (!envelope.ok) return call.reject(AppError.fromWire(envelope.error));
    if (options.validateIncoming) {
      const checked = contract.methods[call.method]?.result.safeParse(envelope.result);
      if (!checked?.success) return call.reject(new AppError("INTERNAL", `Malformed ${call.method} result`));
      return call.resolve(checked.data);
    }
    call.resolve(envelope.result);
  });

  return {
    call(method, params, callOptions = {}) {
      if (closedWith) return Promise.reject(closedWith);
      const id = nextId++;
      const { signal, onProgress } = callOptions;
      return new Promise((resolve, reject) => {
        if (signal?.aborted) return reject(new AppError("CANCELLED", "Cancelled"));
        const onAbort = () => transport.send({ kind: "cancel", id } satisfies ClientEnvelope);
        signal?.addEventListener("abort", onAbort, { once: true });
        const cleanup = () => signal?.removeEventListener("abort", onAbort);
        pending.set(id, {
          method,
          onProgress: onProgress as ((payload: unknown) => void) | undefined,
          resolve: (value) => (cleanup(), resolve(value as ResultOf<C, typeof method>)),
          reject: (error) => (cleanup(), reject(error)),
        });
        transport.send({ kind: "request", id, method, params } satisfies ClientEnvelope);
      });
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const typed = listener as (payload: unknown) => void;
      set.add(typed);
      return () => set.delete(typed);
    },
    close(reason) {
      closedWith = reason;
      stopListening();
      for (const call of pending.values()) call.reject(reason);
      pending.clear();
    },
  };
}
