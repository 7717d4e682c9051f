import type { IncomingMessage } from "node:http";

/** Who is asking, for the status bar: the request's User-Agent header and the endpoint it called. */
export interface Caller {
  userAgent: string | undefined;
  endpoint: string;
}

export function callerOf(request: IncomingMessage, endpoint: string): Caller {
  return { userAgent: request.headers["user-agent"], endpoint };
}

/** The longest client name the status bar shows. */
const maxClientChars = 48;

/**
 * A program's name for the status bar, from its User-Agent: the product part before any parenthesised comment
 * (ollama-js sends `ollama-js/<version> (<platform>)`, dist/browser.mjs in the `ollama` package 0.6.4; the `openai`
 * package sends `OpenAI/JS <version>`, client.js getUserAgent), kept to letters, digits and `. _ / + : -`, single
 * spaces and 48 characters. Null when nothing is left. The header is the caller's claim: shown, never trusted.
 */
export function programName(userAgent: string | undefined): string | null {
  if (!userAgent) return null;
  const product = userAgent.slice(0, 512).split("(")[0] ?? "";
  const cleaned = product
    .replace(/[^\p{L}\p{N}._/+:\- ]/gu, "")
    .replace(/ +/g, " ")
    .trim();
  if (cleaned === "") return null;
  return cleaned.length <= maxClientChars ? cleaned : `${cleaned.slice(0, maxClientChars - 1).trimEnd()}…`;
}
