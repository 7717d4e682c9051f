/**
 * The one place a remote server's address becomes URLs. Every request URL is built here from the address the user
 * added and checked to stay on its origin, so a client can contact no other host (redirects are never followed
 * either: see http-exchange.ts).
 */
import { checkRemoteAddress, type RemoteAddressProblem } from "../../common/remote-address.ts";

export type RemoteKind = "ollama" | "openai-compatible";

export class RemoteAddressError extends Error {
  override name = "RemoteAddressError";
}

export interface RemoteAddress {
  /** scheme://host:port — how messages name the server (never with a path, a query or credentials). */
  readonly origin: string;
  /** The base every endpoint is resolved against: always ends with "/". */
  readonly base: string;
  /** Plain HTTP: the key and the chat cross the network unencrypted (the settings say so). */
  readonly insecure: boolean;
}

/**
 * Checks and normalizes a server address typed by the user. An OpenAI-compatible address given without a path gets
 * "/v1" (where llama.cpp's llama-server, vLLM and LM Studio serve the API; an address with a path is taken as the
 * API's base, as the openai client's `baseURL` is). Ollama serves `/api/...` from its root (or a proxy's path prefix).
 */
const addressMessages: Record<RemoteAddressProblem, string> = {
  "not-url": "The server address is not a URL (example: http://192.168.1.20:11434).",
  scheme: "The server address must start with http:// or https://.",
  credentials: "Put no user name or password in the address: use the API key field.",
  query: "The server address can't have a query (?…) or a fragment (#…).",
};

export function parseRemoteAddress(kind: RemoteKind, input: string): RemoteAddress {
  const { url, problem } = checkRemoteAddress(input);
  if (problem) throw new RemoteAddressError(addressMessages[problem]);
  let path = url.pathname.replace(/\/+$/, "");
  if (kind === "openai-compatible" && path === "") path = "/v1";
  return { origin: url.origin, base: `${url.origin}${path}/`, insecure: url.protocol === "http:" };
}

/** An endpoint of the server (a relative path such as "api/chat"), refused if it would leave the server's origin. */
export function endpointUrl(address: RemoteAddress, endpoint: string): URL {
  const url = new URL(endpoint, address.base);
  if (url.origin !== address.origin || !url.href.startsWith(address.base)) {
    throw new RemoteAddressError(`The endpoint ${endpoint} leaves ${address.origin}.`);
  }
  return url;
}
