/**
 * Turning a server's answer into a RemoteError when it is not what was asked for: an error status (its message read
 * from a bounded body and quoted, key blanked), or a body of the wrong media type.
 */
import type { Exchange } from "./http-exchange.ts";
import { readWholeBody } from "./http-exchange.ts";
import { RemoteError, quoteServerText } from "./remote-errors.ts";

export interface StatusContext {
  origin: string;
  apiKey?: string | undefined;
  /** The model asked for, when the request was a chat: a 404 then means this model is not there. */
  model?: string | undefined;
  maxErrorBytes: number;
  /** Reads a server's own message from its JSON error body, if it has that shape. */
  messageOf: (body: unknown) => string | undefined;
}

/**
 * "model 'x' not found" (Ollama, server/routes.go; llama-server's router, server-models.cpp), "The model `x` does not
 * exist" (OpenAI's and vLLM's wording).
 */
const modelMissing = /model\b.*\b(not found|does not exist|not exist)/i;

export async function errorForStatus(exchange: Exchange, context: StatusContext): Promise<RemoteError> {
  const { origin, apiKey } = context;
  let serverMessage: string | undefined;
  try {
    const text = await readWholeBody(exchange, context.maxErrorBytes, origin);
    try {
      serverMessage = context.messageOf(JSON.parse(text));
    } catch {
      serverMessage = exchange.mediaType.startsWith("text/plain") ? text : undefined;
    }
  } catch (error) {
    // An error body that is itself too large or cut short: the status still says what happened.
    if (!(error instanceof RemoteError)) throw error;
  } finally {
    exchange.close();
  }
  const quoted = serverMessage ? quoteServerText(serverMessage, apiKey) : "";
  const said = quoted ? `: “${quoted}”` : "";
  const { status } = exchange;
  if (status === 401 || status === 403) {
    const why = apiKey ? "the API key was refused" : "it needs an API key";
    return new RemoteError("unauthorized", `${origin} answered ${status}, ${why}${said}.`, origin, status);
  }
  if (context.model !== undefined && (status === 404 || ((status === 400 || status === 422) && modelMissing.test(serverMessage ?? "")))) {
    return new RemoteError("model-not-found", `${origin} has no model “${quoteServerText(context.model, apiKey)}”${said}.`, origin, status);
  }
  return new RemoteError("server-error", `${origin} answered with HTTP status ${status}${said}.`, origin, status);
}

export function wrongContentType(exchange: Exchange, origin: string, expected: string): RemoteError {
  exchange.close();
  const got = exchange.mediaType === "" ? "no content type" : `“${quoteServerText(exchange.mediaType, undefined)}”`;
  return new RemoteError("wrong-content-type", `${origin} answered with ${got} where ${expected} was expected: it may not be the kind of server you chose.`, origin, exchange.status);
}
