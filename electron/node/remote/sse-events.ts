/**
 * Server-sent events from a stream of lines, as the WHATWG HTML standard's "event stream interpretation" reads them:
 * `data:` lines (one optional space after the colon) accumulate, a blank line dispatches the event, lines starting with
 * ":" are comments (llama-server sends ":\n\n" as a keep-alive, tools/server/server-context.cpp), `event:` names the
 * event type. An event's data is bounded like a line.
 * Source: html.spec.whatwg.org/multipage/server-sent-events.html, "Interpreting an event stream" ("If the line is empty
 * (a blank line): Dispatch the event"; "If the line starts with a U+003A COLON character (:): Ignore the line"; "If value
 * starts with a U+0020 SPACE character, remove it from value"), as quoted in sorted-falnyd/clj-sse-client
 * src/clj_sse_client/event.clj (v0.0.10 docs), read with the search tool on 2026-12-07.
 */
import { RemoteError } from "./remote-errors.ts";

export interface ServerSentEvent {
  type: string;
  data: string;
}

export async function* serverSentEvents(lines: AsyncIterable<string>, maxEventChars: number, origin: string): AsyncGenerator<ServerSentEvent, void, undefined> {
  let data: string[] = [];
  let size = 0;
  let type = "";
  for await (const line of lines) {
    if (line === "") {
      if (data.length > 0) yield { type: type || "message", data: data.join("\n") };
      data = [];
      size = 0;
      type = "";
      continue;
    }
    if (line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") {
      size += value.length + 1;
      if (size > maxEventChars) throw new RemoteError("too-large", `${origin} sent an event larger than ${maxEventChars} characters; the rest was not read.`, origin);
      data.push(value);
    } else if (field === "event") {
      type = value;
    }
  }
  // The standard discards an event that the stream ends before dispatching: so do we.
}
