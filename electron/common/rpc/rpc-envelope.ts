import { z } from "zod";
import { wireErrorSchema } from "../contract/errors.ts";

/** Largest string any single message field may carry (a whole chat export stays below this). */
export const maxStringLength = 1_000_000;
const methodName = z.string().min(1).max(100);

export const requestEnvelopeSchema = z.strictObject({
  kind: z.literal("request"),
  id: z.number().int().nonnegative(),
  method: methodName,
  params: z.unknown(),
});

export const cancelEnvelopeSchema = z.strictObject({
  kind: z.literal("cancel"),
  id: z.number().int().nonnegative(),
});

export const responseEnvelopeSchema = z.union([
  z.strictObject({ kind: z.literal("response"), id: z.number().int().nonnegative(), ok: z.literal(true), result: z.unknown() }),
  z.strictObject({ kind: z.literal("response"), id: z.number().int().nonnegative(), ok: z.literal(false), error: wireErrorSchema }),
]);

/** Progress of the call with this id (a generation's streamed text, say); only the caller receives it. */
export const progressEnvelopeSchema = z.strictObject({
  kind: z.literal("progress"),
  id: z.number().int().nonnegative(),
  payload: z.unknown(),
});

export const eventEnvelopeSchema = z.strictObject({
  kind: z.literal("event"),
  event: methodName,
  payload: z.unknown(),
});

/** What a client sends to a server. */
export const clientEnvelopeSchema = z.discriminatedUnion("kind", [requestEnvelopeSchema, cancelEnvelopeSchema]);
/** What a server sends to a client. */
export const serverEnvelopeSchema = z.union([progressEnvelopeSchema, responseEnvelopeSchema, eventEnvelopeSchema]);

export type RequestEnvelope = z.infer<typeof requestEnvelopeSchema>;
export type ClientEnvelope = z.infer<typeof clientEnvelopeSchema>;
export type ServerEnvelope = z.infer<typeof serverEnvelopeSchema>;
export type ResponseEnvelope = z.infer<typeof responseEnvelopeSchema>;

/** The smallest thing both ends of a channel need: a MessagePort, a WebSocket, a child process or a parentPort. */
export interface MessageTransport {
  send(message: unknown): void;
  /** Returns a function that removes the listener. */
  onMessage(listener: (message: unknown) => void): () => void;
}

/**
 * A contract: every method with its params and result schemas (and, for a call that reports progress, the schema of
 * each progress payload), every event with its payload schema.
 */
export interface MethodDefinition {
  params: z.ZodType;
  result: z.ZodType;
  progress?: z.ZodType;
}

export interface Contract {
  methods: Record<string, MethodDefinition>;
  events: Record<string, z.ZodType>;
}

export function defineContract<const C extends Contract>(contract: C): C {
  return contract;
}

export type MethodName<C extends Contract> = keyof C["methods"] & string;
export type EventName<C extends Contract> = keyof C["events"] & string;
export type ParamsOf<C extends Contract, M extends MethodName<C>> = z.input<C["methods"][M]["params"]>;
export type ParsedParamsOf<C extends Contract, M extends MethodName<C>> = z.output<C["methods"][M]["params"]>;
export type ResultOf<C extends Contract, M extends MethodName<C>> = z.output<C["methods"][M]["result"]>;
export type PayloadOf<C extends Contract, E extends EventName<C>> = z.output<C["events"][E]>;
/** What a call reports while it runs; `never` for a method without progress. */
export type ProgressOf<C extends Contract, M extends MethodName<C>> = C["methods"][M] extends { progress: infer P extends z.ZodType }
  ? z.output<P>
  : never;
