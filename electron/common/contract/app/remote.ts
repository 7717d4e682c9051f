import { z } from "zod";
import { idSchema } from "../chat-types.ts";

/**
 * Other computers the user added (Settings → other computers): a bigger model served by Ollama, or by an
 * OpenAI-compatible server (llama.cpp's llama-server, vLLM, LM Studio). Main contacts only these, and only when asked
 * (listing models, or a chat answered there). A key is sent to its server and nowhere else: no message carries it back.
 */
export const remoteKindSchema = z.enum(["ollama", "openai-compatible"]);
export type RemoteServerKind = z.infer<typeof remoteKindSchema>;

export const remoteServerNameSchema = z.string().trim().min(1).max(100);
/** As the user typed it (main checks it: http:// or https://, no credentials, query or fragment). */
export const remoteAddressSchema = z.string().trim().min(1).max(2000);
/** Printable ASCII as HTTP headers carry it (`Authorization: Bearer <key>`). */
export const remoteApiKeySchema = z.string().trim().min(1).max(1000).regex(/^[\x21-\x7e]+$/, "printable ASCII, no spaces");

export const remoteServerEntrySchema = z.strictObject({
  id: idSchema,
  name: remoteServerNameSchema,
  kind: remoteKindSchema,
  address: remoteAddressSchema,
  /** A key is stored for it (the key itself never leaves main). */
  hasKey: z.boolean(),
  /** Plain HTTP: the chat (and the key) cross the network unencrypted; the UI shows a note. */
  insecure: z.boolean(),
});
export type RemoteServerEntry = z.infer<typeof remoteServerEntrySchema>;

/** A model a server offers: `id` is the name it knows the model by, `label` adds its size and quantization when told. */
export const remoteModelSchema = z.strictObject({ id: z.string().min(1).max(500), label: z.string().max(600) });
export type RemoteModelEntry = z.infer<typeof remoteModelSchema>;

const serversSchema = z.strictObject({ servers: z.array(remoteServerEntrySchema).max(100) });
const byServer = z.strictObject({ id: idSchema });

export const remoteMethods = {
  "remote.list": { params: z.strictObject({}), result: serversSchema },
  "remote.add": {
    params: z.strictObject({ name: remoteServerNameSchema, kind: remoteKindSchema, address: remoteAddressSchema, apiKey: remoteApiKeySchema.optional() }),
    result: remoteServerEntrySchema,
  },
  /** Fields left out stay; `apiKey` null forgets the key. Chats using the server keep using it. */
  "remote.update": {
    params: z.strictObject({
      id: idSchema,
      name: remoteServerNameSchema.optional(),
      kind: remoteKindSchema.optional(),
      address: remoteAddressSchema.optional(),
      apiKey: remoteApiKeySchema.nullable().optional(),
    }),
    result: remoteServerEntrySchema,
  },
  /** Its key is deleted. Chats set to it stay set to it and fail with REMOTE_FAILED "server-removed" until switched. */
  "remote.remove": { params: byServer, result: z.strictObject({}) },
  /**
   * The models the server offers; also the connection test (it reaches the server, checks the key). Fails with
   * REMOTE_FAILED (details.failure says how: unreachable, unauthorized, …; details.serverName names it).
   */
  "remote.models": { params: byServer, result: z.strictObject({ models: z.array(remoteModelSchema).max(1000) }) },
};

export const remoteEvents = {
  /** The list changed (added, updated, removed): every client gets the whole list. */
  "remote.changed": serversSchema,
};
