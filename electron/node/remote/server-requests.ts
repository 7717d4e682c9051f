/**
 * The two requests every remote client makes, whatever its protocol: a JSON document (the model list) and a streamed
 * answer, each with its bounds and each refused as a RemoteError when the server answers with an error status or
 * another media type than the one asked for.
 */
import { openExchange, readWholeBody, type Exchange } from "./http-exchange.ts";
import type { RemoteBounds } from "./remote-backend.ts";
import { RemoteError } from "./remote-errors.ts";
import { errorForStatus, wrongContentType } from "./remote-status.ts";
import { endpointUrl, type RemoteAddress } from "./remote-url.ts";
import type { StreamAnswerPlan } from "./stream-answer.ts";

/** One server as a client reaches it: where, with which key and bounds, and how its error bodies name the error. */
export interface ServerAccess {
  address: RemoteAddress;
  apiKey: string | undefined;
  bounds: RemoteBounds;
  /** Reads the server's own message from its JSON error body, if it has that shape. */
  messageOf: (body: unknown) => string | undefined;
}

/** A streamed answer: where it is asked, with which body, and the media type its stream comes as. */
export interface AnswerStreamRequest {
  endpoint: string;
  json: unknown;
  /** The model asked for: a 404 then means this model is not there. */
  model: string;
  mediaType: string;
  /** The media type in words, for the error when the server sends another ("a stream of JSON lines (…)"). */
  described: string;
}

export function parseJson(text: string, origin: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new RemoteError("malformed-response", `${origin} sent ${what} that is not JSON.`, origin);
  }
}

function statusContext(server: ServerAccess, model?: string) {
  const { address, apiKey, bounds, messageOf } = server;
  return { origin: address.origin, apiKey, model, messageOf, maxErrorBytes: bounds.maxErrorBytes };
}

/** GET `endpoint` as JSON (`what` names it in errors), within the list's bounds. */
export async function getJson(server: ServerAccess, endpoint: string, what: string, signal?: AbortSignal): Promise<unknown> {
  const { address, apiKey, bounds } = server;
  const origin = address.origin;
  const exchange = await openExchange({
    address, url: endpointUrl(address, endpoint), method: "GET", apiKey, accept: "application/json", signal,
    bounds: { connectMs: bounds.connectMs, firstByteMs: bounds.firstByteMs, idleMs: bounds.firstByteMs, maxBodyBytes: bounds.maxListBytes },
  });
  if (exchange.status !== 200) throw await errorForStatus(exchange, statusContext(server));
  if (exchange.mediaType !== "application/json") throw wrongContentType(exchange, origin, "JSON (application/json)");
  return parseJson(await readWholeBody(exchange, bounds.maxListBytes, origin), origin, what);
}

/** How a streamed answer is opened and checked (the `open` and `check` of streamAnswer's plan), within the answer's bounds. */
export function answerStream(server: ServerAccess, request: AnswerStreamRequest): Pick<StreamAnswerPlan, "open" | "check"> {
  const { address, apiKey, bounds } = server;
  return {
    open: (signal) => openExchange({
      address, url: endpointUrl(address, request.endpoint), method: "POST", apiKey, json: request.json, accept: request.mediaType, signal,
      bounds: { connectMs: bounds.connectMs, firstByteMs: bounds.answerFirstByteMs, idleMs: bounds.idleMs, maxBodyBytes: bounds.maxAnswerBytes },
    }),
    check: async (exchange: Exchange) => {
      if (exchange.status !== 200) throw await errorForStatus(exchange, statusContext(server, request.model));
      if (exchange.mediaType !== request.mediaType) throw wrongContentType(exchange, address.origin, request.described);
    },
  };
}
